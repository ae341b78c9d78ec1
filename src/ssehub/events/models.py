from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ssehub.events.enums import EventFormat, EventKind
from ssehub.programmes.models import Programme, Theme


class Event(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="events", null=True, blank=True
    )
    slug = models.SlugField(_("short name"), unique=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    format = models.CharField(_("format"), max_length=20, choices=EventFormat.choices)
    host_time_zone = models.CharField(_("host time zone"), max_length=64, default="UTC")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    themes = models.ManyToManyField(Theme, blank=True, related_name="events", verbose_name=_("themes"))
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="organised_events",
        verbose_name=_("organisers"),
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_on"]

    def __str__(self) -> str:
        return self.title
