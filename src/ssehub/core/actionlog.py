"""The action log: every service that changes something of importance ends with `log_action`.

Verbs are dotted codes owned by the app that writes them ("calls.selection.adopt"); each app
declares its verbs once with `action_verb(code, label)` so that pages show words, not codes.
Entries are written in the service's transaction, so a refused or rolled-back write leaves none.
"""

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ssehub.core.models import ActionLogEntry

_VERBS: dict[str, Any] = {}


def action_verb(code: str, label) -> str:
    """Declare a verb and its label (lazy-translated); returns the code, for use as a constant."""
    _VERBS[code] = label
    return code


def verb_label(code: str) -> str:
    return str(_VERBS.get(code, code))


def verb_choices() -> list[tuple[str, str]]:
    return sorted(((code, verb_label(code)) for code in _VERBS), key=lambda item: item[0])


def scope_key(obj: models.Model | None) -> str:
    if obj is None:
        return ""
    return _scope(obj._meta.label_lower, obj.pk)


def _scope(label: str, pk) -> str:
    return f"{label}:{pk}"


def _person(actor):
    """The person an entry names; None for the platform (no actor, or not signed in)."""
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return {"id": value.pk, "repr": str(value)[:200]}
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(item) for item in value]
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def log_action(
    *, actor, verb: str, obj: models.Model | None = None, data: dict[str, Any] | None = None,
    scope: models.Model | None = None,
) -> ActionLogEntry:
    """Record that `actor` did `verb` to `obj` (within `scope`, e.g. the event); `actor=None` is the
    platform itself. `data` holds the change ({field: [old, new]} or facts of the action)."""
    entry = action_entry(actor=actor, verb=verb, obj=obj, data=data, scope=scope)
    entry.save(force_insert=True)
    return entry


def action_entry(
    *, actor, verb: str, obj: models.Model | None = None, data: dict[str, Any] | None = None,
    scope: models.Model | None = None, at: dt.datetime | None = None,
) -> ActionLogEntry:
    """The entry `log_action` writes, unsaved (a refusal may name it before it is written)."""
    person = _person(actor)
    return ActionLogEntry(
        created_at=at,
        actor=person,
        by_platform=person is None,
        verb=verb,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        scope=scope_key(scope if scope is not None else obj),
        data=_jsonable(data or {}),
    )


def action_entries(
    *, actor, verb: str, model: type[models.Model], records: Iterable[tuple[Any, str, dict[str, Any]]],
    at: dt.datetime,
) -> Iterator[dict[str, Any]]:
    """The values by attribute name of the entries `log_action` writes for records of `model`,
    each given as (pk, its text, data), at `at`: for a writer that inserts many at once (an import
    of 100,000 records spent 5 s making model instances of the records and entries instead)."""
    person = _person(actor)
    common = {"created_at": at, "actor_id": person.pk if person is not None else None,
              "by_platform": person is None, "verb": verb,
              "content_type_id": ContentType.objects.get_for_model(model).pk}
    label = model._meta.label_lower
    for pk, text, data in records:
        yield {**common, "object_id": str(pk), "object_repr": str(text)[:300], "scope": _scope(label, pk),
               "data": _jsonable(data or {})}


# --- reads ---------------------------------------------------------------------------------------

def _entries() -> QuerySet[ActionLogEntry]:
    return ActionLogEntry.objects.select_related("actor__profile", "content_type")


def last_change_of(obj: models.Model) -> ActionLogEntry | None:
    return (_entries().filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))
            .order_by("-created_at", "-id").first())


def entries_for_object(obj: models.Model) -> QuerySet[ActionLogEntry]:
    return _entries().filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))


@dataclass(frozen=True)
class LogFilters:
    verb: str = ""
    actor: str = ""  # part of an e-mail address or a name
    since: dt.date | None = None
    until: dt.date | None = None


def entries_filtered(*, scope: models.Model | None = None, obj: models.Model | None = None,
                     filters: LogFilters = LogFilters()) -> QuerySet[ActionLogEntry]:
    """An event's log (`scope`), a record's (`obj`) or everything (neither), narrowed by `filters`."""
    entries = _entries()
    if obj is not None:
        entries = entries.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))
    if scope is not None:
        entries = entries.filter(scope=scope_key(scope))
    if filters.verb:
        entries = entries.filter(verb__startswith=filters.verb)
    if filters.actor:
        entries = entries.filter(models.Q(actor__email__icontains=filters.actor)
                                 | models.Q(actor__profile__full_name__icontains=filters.actor))
    if filters.since:
        entries = entries.filter(created_at__date__gte=filters.since)
    if filters.until:
        entries = entries.filter(created_at__date__lte=filters.until)
    return entries.order_by("-created_at", "-id")


def describe_change(entry: ActionLogEntry) -> str:
    """The change in one line: "field: old → new; …", or the facts recorded."""
    data = entry.data if isinstance(entry.data, dict) else {}
    parts = []
    for key, value in data.items():
        if isinstance(value, list) and len(value) == 2 and key not in ("ids",):
            parts.append(f"{key}: {_short(value[0])} → {_short(value[1])}")
        else:
            parts.append(f"{key}: {_short(value)}")
    return "; ".join(parts)


def _short(value: Any) -> str:
    if isinstance(value, dict) and "repr" in value:
        value = value["repr"]
    text = "" if value is None else str(value)
    return text if len(text) <= 120 else text[:117] + "…"


def log_table(entries: Iterable[ActionLogEntry]) -> tuple[list[str], list[list[Any]]]:
    """Header and rows of a log export (for the tabular writer)."""
    header = [str(_("When (UTC)")), str(_("Who")), str(_("Action")), str(_("Code")), str(_("Record")),
              str(_("Change"))]
    rows = [
        [entry.created_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S"), entry.actor_name(),
         verb_label(entry.verb), entry.verb, entry.object_repr, describe_change(entry)]
        for entry in entries
    ]
    return header, rows


def personal_data(*, user) -> list[dict[str, Any]]:
    """What the log holds about one person's actions, for their data export."""
    return [
        {"at": entry.created_at.isoformat(), "action": entry.verb, "record": entry.object_repr,
         "change": entry.data}
        for entry in ActionLogEntry.objects.filter(actor=user).order_by("created_at", "id")
    ]
