"""Follow-up of a finalised plan: dated updates of each action, and reminders to owners when due."""

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ssehub.core.actionlog import action_verb, log_action
from ssehub.core.errors import ServiceError, full_clean_or_refuse
from ssehub.planning.models import FollowUpUpdate, PolicyAction, Priority
from ssehub.planning.services.common import lock_delegation, touch

UPDATE_ADDED = action_verb("planning.update.add", gettext_lazy("Reported progress on a policy action"))
REMINDED = action_verb("planning.update.remind", gettext_lazy("Reminded an owner that an update is due"))


@transaction.atomic
def update_add(*, action: PolicyAction, actor, data: dict) -> FollowUpUpdate:
    delegation = lock_delegation(action.delegation)
    if not delegation.is_final:
        raise ServiceError(_("Progress is reported once the plan is final."), code="not_final")
    evidence = [str(link).strip() for link in data.get("evidence") or [] if str(link).strip()]
    validate = URLValidator(schemes=["http", "https"])
    for link in evidence:
        try:
            validate(link)
        except Exception as error:
            raise ServiceError(_("Evidence links must be web addresses (https://…)."), code="invalid",
                               field="evidence") from error
    update = FollowUpUpdate(action=action, author=actor, on=data.get("on"), status=data.get("status", ""),
                            progress=data.get("progress"), note=(data.get("note") or "").strip(),
                            evidence=evidence[:10])
    full_clean_or_refuse(update)
    update.save()
    touch(delegation.pk)
    log_action(actor=actor, verb=UPDATE_ADDED, obj=action, scope=delegation.event,
               data={"on": update.on, "status": update.status, "progress": update.progress})
    return update


def _due(action: PolicyAction, last: dt.date | None, today: dt.date) -> bool:
    every = dt.timedelta(days=action.delegation.update_every_days)
    start = last or action.delegation.finalised_at.date()
    if today - start < every:
        return False
    return action.last_reminded_on is None or today - action.last_reminded_on >= every


def reminders_queue(*, today: dt.date, base_url: str = "") -> int:
    """Queue one reminder per owner of a priority action whose update is due; returns how many."""
    priorities = (Priority.objects.filter(delegation__is_final=True, action__owner__isnull=False)
                  .select_related("action__owner__profile", "action__delegation__event")
                  .annotate(last=Max("action__updates__on")))
    sent = 0
    for priority in priorities:
        action = priority.action
        if not _due(action, priority.last, today):
            continue
        with transaction.atomic():
            locked = PolicyAction.objects.select_for_update().get(pk=action.pk)
            if locked.last_reminded_on is not None and locked.last_reminded_on >= today:
                continue
            owner = action.owner
            language = (getattr(owner, "profile", None) and owner.profile.preferred_language) or settings.LANGUAGE_CODE
            url = base_url + reverse("planning:workspace", args=[action.delegation_id])
            with translation.override(language):
                subject = _("An update on “%(action)s” is due") % {"action": action.title}
                body = _("Hello,\n\nyou follow up the action “%(action)s” of the %(country)s plan. "
                         "Please report its progress (status, percentage and evidence links):\n%(url)s\n") % {
                    "action": action.title, "country": action.delegation.country.name, "url": url}
            # Queued: the mail backend enqueues, the worker delivers (core.mail).
            transaction.on_commit(lambda s=subject, b=body, to=owner.email: send_mail(
                s, b, settings.DEFAULT_FROM_EMAIL, [to]))
            locked.last_reminded_on = today
            locked.save(update_fields=["last_reminded_on"])
            log_action(actor=None, verb=REMINDED, obj=action, scope=action.delegation.event,
                       data={"owner": owner.email, "on": today})
            sent += 1
    return sent
