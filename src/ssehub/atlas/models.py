import functools

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ssehub.atlas.enums import (
    TITLE_LANGUAGES,
    Dimension,
    EntityType,
    InstitutionKind,
    InstrumentType,
    Level,
    ProposalStatus,
    RelationKind,
    Status,
)


@functools.cache
def choice_codes(choices) -> tuple[str, ...]:
    """The codes of a TextChoices class in order (enum `.values` is rebuilt on every access)."""
    return tuple(choices.values)


@functools.cache
def _bits(choices) -> dict[str, int]:
    return {code: 1 << index for index, code in enumerate(choice_codes(choices))}


def codes_to_mask(choices, codes) -> int:
    """Multi-valued codes are stored as a bit mask (bit n = the n-th choice): one integer AND
    filters them and a GROUP BY on the mask counts them, on SQLite and PostgreSQL alike (ADR 0100).
    Unknown codes add nothing. (A loop over a cached table: an import computes 200,000 masks.)"""
    bits = _bits(choices)
    mask = 0
    for code in codes:
        mask |= bits.get(code, 0)
    return mask


def mask_to_codes(choices, mask: int) -> list[str]:
    return [code for index, code in enumerate(choice_codes(choices)) if mask & (1 << index)]


@functools.cache
def _labels(choices) -> dict:
    # Lazy labels: translated when shown, so one cached mapping serves every language.
    return {member.value: member.label for member in choices}


class Institution(models.Model):
    name = models.CharField(_("name (English)"), max_length=300)
    name_local = models.CharField(_("name (original language)"), max_length=300, blank=True)
    country = CountryField(_("country"), db_index=True)
    kind = models.CharField(_("kind"), max_length=32, choices=InstitutionKind.choices)
    role = models.TextField(_("role"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_synthetic = models.BooleanField(default=False, editable=False)
    # Bumped by every edit through the services: a stale edit form is refused, not applied.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["country", "name"]
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="atlas_institution_country_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Instrument(models.Model):
    title = models.CharField(_("title (English)"), max_length=400)
    title_local = models.CharField(_("title (original language)"), max_length=400, blank=True)
    title_local_language = models.CharField(
        _("language of the original title"), max_length=8, choices=TITLE_LANGUAGES, blank=True
    )
    country = CountryField(_("country"))
    type = models.CharField(_("type"), max_length=32, choices=InstrumentType.choices)
    status = models.CharField(_("status"), max_length=32, choices=Status.choices, default=Status.IN_FORCE)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, default=Level.NATIONAL)
    place = models.CharField(_("place"), max_length=200, blank=True,
                             help_text=_("Province or city, for subnational instruments."))
    year_adopted = models.PositiveSmallIntegerField(_("year adopted"), null=True, blank=True)
    year_in_force = models.PositiveSmallIntegerField(_("year in force"), null=True, blank=True)
    institution = models.ForeignKey(
        Institution, verbose_name=_("responsible institution"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="instruments",
    )
    dimension_mask = models.PositiveIntegerField(_("policy dimensions"), default=0)
    entity_type_mask = models.PositiveIntegerField(_("SSE entity types"), default=0)
    themes = models.ManyToManyField(
        "programmes.Theme", verbose_name=_("programme themes"), blank=True, related_name="instruments"
    )
    summary = models.TextField(_("summary"))
    verified = models.BooleanField(_("verified"), default=False)
    last_reviewed_on = models.DateField(_("last reviewed"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    # Lower-cased titles, summary and institution names: what the search box looks in.
    search_text = models.TextField(default="", editable=False)
    # Its CJK characters one token each, for 1-2 character queries (ssehub.atlas.search, ADR 0103).
    search_chars = models.TextField(default="", editable=False)
    # Both titles, lower-cased: ranks records whose title holds the search words first (ADR 0107).
    title_search = models.TextField(default="", editable=False)
    is_synthetic = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["country", "title"]
        indexes = [
            models.Index(fields=["is_published", "country", "title"], name="atlas_instr_pub_country"),
            models.Index(fields=["is_published", "title"], name="atlas_instr_pub_title"),
            models.Index(fields=["is_published", "year_adopted"], name="atlas_instr_pub_year"),
            # One index per facet: each facet count is an index-only scan (docs/decisions/0100).
            models.Index(fields=["is_published", "type", "status"], name="atlas_instr_pub_type"),
            models.Index(fields=["is_published", "status"], name="atlas_instr_pub_status"),
            models.Index(fields=["is_published", "dimension_mask"], name="atlas_instr_pub_dims"),
            models.Index(fields=["is_published", "entity_type_mask"], name="atlas_instr_pub_entities"),
            # The compare page's matrix and adoption chart: index-only per chosen country (ADR 0103).
            models.Index(fields=["is_published", "country", "dimension_mask", "year_adopted"],
                         name="atlas_instr_pub_country_dims"),
            # Text matches are read by id with their sort and facet columns: covering, so SQLite never
            # reads the long rows (ADR 0103).
            models.Index(fields=["id", "is_published", "title", "country", "type", "status", "year_adopted",
                                 "dimension_mask", "entity_type_mask"], name="atlas_instr_match_cols"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def dimensions(self) -> list[str]:
        return mask_to_codes(Dimension, self.dimension_mask)

    @property
    def entity_types(self) -> list[str]:
        return mask_to_codes(EntityType, self.entity_type_mask)

    def get_dimensions_display(self) -> list[str]:
        labels = _labels(Dimension)
        return [str(labels.get(code, code)) for code in self.dimensions]

    def dimension_pairs(self) -> list[tuple[str, str]]:
        labels = _labels(Dimension)
        return [(code, str(labels.get(code, code))) for code in self.dimensions]

    # Faster than Django's generated get_FOO_display (which re-hashes the choices on every call):
    # the result list shows both for every row.
    def get_type_display(self) -> str:
        return str(_labels(InstrumentType).get(self.type, self.type))

    def get_status_display(self) -> str:
        return str(_labels(Status).get(self.status, self.status))

    def get_entity_types_display(self) -> list[str]:
        labels = _labels(EntityType)
        return [str(labels.get(code, code)) for code in self.entity_types]

    @property
    def is_legislation(self) -> bool:
        return self.type in InstrumentType.legislation()


class Source(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(_("title"), max_length=400)
    url = models.URLField(_("URL"), max_length=600, blank=True)
    accessed_on = models.DateField(_("date accessed"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["instrument", "position", "id"]

    def __str__(self) -> str:
        return self.title


class Relation(models.Model):
    """`source` amends / implements / replaces `target`."""

    source = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="relations_out")
    target = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField(_("relation"), max_length=16, choices=RelationKind.choices)

    class Meta:
        verbose_name = _("related instrument")
        verbose_name_plural = _("related instruments")
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="atlas_relation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.kind} {self.target}"


class SnapshotRevision(models.Model):
    """A full JSON snapshot of a record after each change; diffs are computed when shown."""

    number = models.PositiveIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    message = models.CharField(_("what changed"), max_length=300, blank=True)
    snapshot = models.JSONField()

    class Meta:
        abstract = True


class Revision(SnapshotRevision):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="revisions")

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["instrument", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "number"], name="atlas_revision_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.instrument_id}#{self.number}"


class InstitutionRevision(SnapshotRevision):
    """Changes made to an institution in the editor's pages."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="revisions")

    class Meta:
        verbose_name = _("institution revision")
        verbose_name_plural = _("institution revisions")
        ordering = ["institution", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "number"], name="atlas_institution_revision_unique")
        ]

    def __str__(self) -> str:
        return f"{self.institution_id}#{self.number}"


class Proposal(models.Model):
    """A researcher's proposed change to an instrument, or a proposed new record, accepted or rejected
    by an editor. A new-record proposal has no instrument until it is accepted."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="proposals",
                                   null=True, blank=True)
    is_new_record = models.BooleanField(_("proposes a new record"), default=False)
    proposer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    base_version = models.PositiveIntegerField()
    data = models.JSONField()
    note = models.TextField(_("note to the editors"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("proposed change")
        verbose_name_plural = _("proposed changes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def title(self) -> str:
        """The instrument's title, or the proposed one while a new record is not yet created."""
        return self.instrument.title if self.instrument_id else self.data.get("title", "")


class FacetCache(models.Model):
    """Row `version` counts atlas writes (bumped by the services in the writing transaction); row
    `unfiltered` keeps the unfiltered facet counts with the version they were computed at. Counts are
    used only while that version is current, so they are never stale (ADR 0103)."""

    key = models.CharField(max_length=32, primary_key=True)
    version = models.BigIntegerField(default=0)
    data = models.JSONField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.key}@{self.version}"
