from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class Programme(models.Model):
    """A multi-country SSE policy programme: mapping, then capacity building, then a community."""

    slug = models.SlugField(_("short name"), unique=True)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"))
    funder = models.CharField(_("funder"), max_length=300, blank=True)
    implementers = models.CharField(_("implemented by"), max_length=300, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    is_current = models.BooleanField(_("current programme"), default=False)
    source_url = models.URLField(_("source"), blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-is_current", "-starts_on"]

    def __str__(self) -> str:
        return self.title


class ProgrammeCountry(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="countries")
    country = CountryField(_("country"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("programme country")
        verbose_name_plural = _("programme countries")
        ordering = ["programme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "country"], name="programme_country_unique")
        ]

    def __str__(self) -> str:
        return str(self.country.name)


class Theme(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="themes")
    code = models.SlugField(_("code"), max_length=64)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["programme", "position"]
        constraints = [models.UniqueConstraint(fields=["programme", "code"], name="theme_code_unique")]

    def __str__(self) -> str:
        return self.title
