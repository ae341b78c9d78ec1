"""Writes of programmes (set up by platform admins in the admin)."""

from django.db import transaction
from django.utils.translation import gettext_lazy

from ssehub.core.actionlog import action_verb, log_action
from ssehub.core.errors import full_clean_or_refuse
from ssehub.programmes.models import Programme

PROGRAMME_SAVED = action_verb("programmes.programme.save", gettext_lazy("Set up a programme"))


@transaction.atomic
def programme_save(*, programme: Programme, actor, changed_fields: list[str]) -> Programme:
    created = programme.pk is None
    full_clean_or_refuse(programme)
    programme.save()
    log_action(actor=actor, verb=PROGRAMME_SAVED, obj=programme,
               data={"created": created, "fields": sorted(changed_fields)})
    return programme
