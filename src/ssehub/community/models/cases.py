from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ssehub.atlas.enums import Dimension, EntityType
from ssehub.community.enums import CaseStatus, ResourceKind


class Case(models.Model):
    """A best-practice case: what problem, what was done, what came of it, and the law behind it."""

    title = models.CharField(_("title"), max_length=300)
    country = CountryField(_("country"))
    entity_type = models.CharField(_("SSE entity type"), max_length=32, choices=EntityType.choices)
    dimension = models.CharField(_("policy dimension"), max_length=32, choices=Dimension.choices)
    theme = models.ForeignKey("programmes.Theme", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("theme"))
    problem = models.TextField(_("problem"), max_length=5000)
    approach = models.TextField(_("what was done"), max_length=5000)
    results = models.TextField(_("results"), max_length=5000)
    lessons = models.TextField(_("lessons"), max_length=5000, blank=True)
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    instruments = models.ManyToManyField("atlas.Instrument", blank=True, related_name="+",
                                         verbose_name=_("linked atlas records"))
    people = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+",
                                    verbose_name=_("people who ran it"))
    status = models.CharField(_("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.DRAFT)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    search_text = models.TextField(default="", editable=False)
    search_chars = models.TextField(default="", editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("best-practice case")
        verbose_name_plural = _("best-practice cases")
        ordering = ["country", "title"]

    def __str__(self) -> str:
        return self.title


class CaseRevision(models.Model):
    """A full snapshot of a case after each change, as the atlas keeps for its records."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    snapshot = models.JSONField()

    class Meta:
        ordering = ["case", "-number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="community_case_revision_once")]

    def __str__(self) -> str:
        return f"{self.case_id}r{self.number}"


class CaseLink(models.Model):
    """A case's link to a record of another app (a policy action of a public plan): the kind names
    the app's registration (community.case_links), so there is no foreign key into that app."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=40)
    target_id = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["case", "kind", "target_id"]
        constraints = [models.UniqueConstraint(fields=["case", "kind", "target_id"], name="community_case_link_once")]
        indexes = [models.Index(fields=["kind", "target_id"], name="community_case_link_target")]

    def __str__(self) -> str:
        return f"{self.case_id}->{self.kind}:{self.target_id}"


class Resource(models.Model):
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=16, choices=ResourceKind.choices)
    description = models.TextField(_("description"), max_length=3000, blank=True)
    url = models.URLField(_("link"), max_length=600)
    country = CountryField(_("country"), blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    search_text = models.TextField(default="", editable=False)
    search_chars = models.TextField(default="", editable=False)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title
