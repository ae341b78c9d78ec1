"""The one stale-edit check: a version column, read under a row lock, compared with the version the
editor's form was opened at.

Form → hidden `version` field → service calls `lock_for_edit(...)` inside its transaction → the row
stays locked until the transaction ends, so two saves of the same version cannot both pass (the
second waits, then sees the bumped version and is refused). The refusal names who saved meanwhile,
from the action log.
"""

from typing import TypeVar

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ssehub.core.errors import STALE, ServiceError

M = TypeVar("M", bound=models.Model)


def lock_row[M: models.Model](model_or_queryset: type[M] | models.QuerySet, *, pk) -> M:
    """The row, locked for the rest of the transaction (a check-then-write must hold it)."""
    queryset = (model_or_queryset.objects.all() if isinstance(model_or_queryset, type)
                else model_or_queryset)
    return queryset.select_for_update(of=("self",)).get(pk=pk)


def lock_for_edit[M: models.Model](
    model_or_queryset: type[M] | models.QuerySet, *, pk, expected_version: int | None,
    field: str = "version",
) -> M:
    """Lock the row and refuse when its version is not the one the editor started from.

    `expected_version=None` means "no form was involved" (a command or a one-click action that
    changes no typed fields): the row is locked, not compared."""
    instance = lock_row(model_or_queryset, pk=pk)
    if expected_version is not None and getattr(instance, field) != int(expected_version):
        raise stale_error(instance)
    return instance


def bump_version(instance: models.Model, *, field: str = "version") -> str:
    """Count one more saved change; returns the field name for `save(update_fields=...)`."""
    setattr(instance, field, getattr(instance, field) + 1)
    return field


def stale_error(instance: models.Model) -> ServiceError:
    # Imported here: the log's model module imports this package's errors, not the reverse at load.
    from ssehub.core.actionlog import last_change_of

    return stale_refusal(last_change_of(instance))


def stale_refusal(change) -> ServiceError:
    """The refusal naming `change` (an action-log entry: who and when) as the last save; a bulk
    writer passes the entry it is about to write, which the log does not hold yet."""
    if change is None:
        message = _("Someone else changed this in the meantime. Reload the page and make your changes again.")
        return ServiceError(message, code=STALE)
    when = date_format(timezone.localtime(change.created_at), "DATETIME_FORMAT")
    who = change.actor_name()
    message = _("%(person)s changed this at %(time)s, after you opened it. Reload the page to see their "
                "change, then make yours again.") % {"person": who, "time": when}
    return ServiceError(message, code=STALE, detail={"by": who, "at": change.created_at.isoformat(),
                                                      "verb": change.verb})
