import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField

from ssehub.atlas.countrynames import country_choices, country_name
from ssehub.atlas.enums import (
    TITLE_LANGUAGES,
    Dimension,
    EntityType,
    InstitutionKind,
    InstrumentType,
    Level,
    RelationKind,
    Sort,
    Status,
)
from ssehub.atlas.models import Institution, Instrument
from ssehub.atlas.selectors import SearchParams, relation_targets
from ssehub.atlas.services import INSTITUTION_FIELDS, instrument_snapshot
from ssehub.programmes.models import Theme


class CountryCodesField(forms.MultipleChoiceField):
    """ISO codes, validated without building the translated list of every country's name."""

    def valid_value(self, value) -> bool:
        return bool(countries.alpha2(value))


class SearchForm(forms.Form):
    """Parses search filters from the query string; the HTML pages, exports and the API use it."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    country = CountryCodesField(label=_("Country"), required=False)
    dimension = forms.MultipleChoiceField(label=_("Policy dimension"), required=False, choices=Dimension.choices)
    type = forms.MultipleChoiceField(label=_("Type"), required=False, choices=InstrumentType.choices)
    entity_type = forms.MultipleChoiceField(label=_("SSE entity type"), required=False, choices=EntityType.choices)
    status = forms.MultipleChoiceField(label=_("Status"), required=False, choices=Status.choices)
    year_from = forms.IntegerField(label=_("Adopted from"), required=False, min_value=1800, max_value=2100)
    year_to = forms.IntegerField(label=_("Adopted until"), required=False, min_value=1800, max_value=2100)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=Sort.choices)
    drafts = forms.BooleanField(label=_("Drafts only"), required=False)

    def params(self, *, allow_drafts: bool = False) -> SearchParams:
        """The valid filters; a bad value is dropped rather than failing the whole page. `drafts` is
        honoured only with `allow_drafts` (an editor's search page), never in exports or the API."""
        self.is_valid()  # fills cleaned_data with every field that is valid
        data = self.cleaned_data
        q = (data.get("q") or "").strip()
        # With words the best matches come first unless another order is chosen; without words
        # "best match" means nothing and falls back to titles.
        sort = data.get("sort") or (Sort.RELEVANCE if q else Sort.TITLE)
        if sort == Sort.RELEVANCE and not q:
            sort = Sort.TITLE
        return SearchParams(
            q=q,
            countries=data.get("country") or [],
            dimensions=data.get("dimension") or [],
            types=data.get("type") or [],
            entity_types=data.get("entity_type") or [],
            statuses=data.get("status") or [],
            year_from=data.get("year_from"),
            year_to=data.get("year_to"),
            sort=sort,
            drafts=bool(allow_drafts and data.get("drafts")),
        )


class InstitutionFilterForm(forms.Form):
    """The API's institution filters; a bad value (an unknown code, a NUL byte) is dropped, as on the
    search page, instead of reaching the database."""

    q = forms.CharField(required=False, max_length=200)
    country = CountryCodesField(required=False)
    kind = forms.MultipleChoiceField(required=False, choices=InstitutionKind.choices)

    def filters(self) -> dict:
        self.is_valid()
        data = self.cleaned_data
        return {"q": (data.get("q") or "").strip(), "countries": data.get("country") or [],
                "kinds": data.get("kind") or []}


def parse_sources(text: str) -> list[dict]:
    """One source a line: 'title | https://... | 2024-05-01' (address and date optional)."""
    sources = []
    validate_url = URLValidator()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        title, url, accessed = [*parts, "", ""][:3]
        if not title:
            raise ValidationError(_("Line %(line)s: a source needs a title."), params={"line": number})
        if url:
            try:
                validate_url(url)
            except ValidationError as error:
                raise ValidationError(_("Line %(line)s: %(url)s is not a web address."),
                                      params={"line": number, "url": url}) from error
        accessed_on = None
        if accessed:
            try:
                accessed_on = dt.date.fromisoformat(accessed)
            except ValueError as error:
                raise ValidationError(_("Line %(line)s: write the date accessed as YYYY-MM-DD."),
                                      params={"line": number}) from error
        sources.append({"title": title, "url": url, "accessed_on": accessed_on})
    return sources


def sources_to_text(sources: list[dict]) -> str:
    return "\n".join(
        " | ".join(part for part in (s["title"], s.get("url") or "", s.get("accessed_on") or "") if part)
        for s in sources
    )


class InstrumentForm(forms.Form):
    """Create, edit or propose a change; `version` guards against overwriting someone's edit."""

    title = forms.CharField(label=_("Title (English)"), max_length=400)
    title_local = forms.CharField(label=_("Title (original language)"), max_length=400, required=False)
    title_local_language = forms.ChoiceField(
        label=_("Language of the original title"), required=False, choices=[("", "—"), *TITLE_LANGUAGES]
    )
    country = CountryField().formfield(label=_("Country"))
    type = forms.ChoiceField(label=_("Type"), choices=InstrumentType.choices)
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    place = forms.CharField(label=_("Place (for subnational instruments)"), max_length=200, required=False)
    year_adopted = forms.IntegerField(label=_("Year adopted"), required=False, min_value=1800, max_value=2100)
    year_in_force = forms.IntegerField(label=_("Year in force"), required=False, min_value=1800, max_value=2100)
    institution = forms.ModelChoiceField(
        label=_("Responsible institution"), queryset=Institution.objects.order_by("country", "name"), required=False
    )
    dimensions = forms.MultipleChoiceField(
        label=_("Policy dimensions"), choices=Dimension.choices, widget=forms.CheckboxSelectMultiple
    )
    entity_types = forms.MultipleChoiceField(
        label=_("SSE entity types"), choices=EntityType.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Programme themes"), queryset=Theme.objects.order_by("programme", "position"),
        widget=forms.CheckboxSelectMultiple, required=False,
    )
    summary = forms.CharField(label=_("Summary in our own words"), widget=forms.Textarea(attrs={"rows": 6}))
    verified = forms.BooleanField(label=_("Verified against the sources"), required=False)
    last_reviewed_on = forms.DateField(
        label=_("Last reviewed"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sources = forms.CharField(
        label=_("Sources"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One source a line: title | web address | date accessed (YYYY-MM-DD)."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "---------"), *country_choices()]

    def clean_sources(self) -> list[dict]:
        return parse_sources(self.cleaned_data["sources"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("level") == Level.SUBNATIONAL and not cleaned.get("place"):
            self.add_error("place", _("Name the province or city of a subnational instrument."))
        return cleaned

    def instrument_data(self) -> dict:
        data = {key: value for key, value in self.cleaned_data.items() if key != "version"}
        data["country"] = str(data["country"])
        return data

    @classmethod
    def initial_for(cls, instrument: Instrument) -> dict:
        snapshot = instrument_snapshot(instrument)
        initial = {key: value for key, value in snapshot.items() if key not in ("institution", "sources", "themes")}
        initial["institution"] = instrument.institution_id
        initial["themes"] = [theme.pk for theme in instrument.themes.all()]
        initial["sources"] = sources_to_text(snapshot["sources"])
        initial["version"] = instrument.version
        return initial


class ProposalForm(InstrumentForm):
    note = forms.CharField(label=_("Note to the editors"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("accept", _("Accept")), ("reject", _("Reject"))], widget=forms.RadioSelect
    )
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", _("Say why the proposal is rejected."))
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


RELATION_TARGET_LIMIT = 50


def relation_target_choices(*, exclude: int | None = None, country: str = "", words: str = "") -> tuple[list, bool]:
    """The choices of `relation_targets`, grouped by country name; and whether more matched."""
    rows, more = relation_targets(exclude=exclude, country=country, words=words, limit=RELATION_TARGET_LIMIT)
    groups: dict[str, list] = {}
    for pk, title, code, published in rows:
        label = title if published else _("%(title)s (draft)") % {"title": title}
        groups.setdefault(code, []).append((pk, label))
    named = sorted(((country_name(code), options) for code, options in groups.items()))
    return [("", "—"), *named], more


class RelationForm(forms.Form):
    """One link: the edited instrument amends / implements / replaces the chosen instrument."""

    kind = forms.ChoiceField(label=_("Relation"), choices=[("", "—"), *RelationKind.choices])
    target = forms.IntegerField(label=_("Related instrument"), widget=forms.Select)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, targets: list, optional: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.optional = optional
        self.fields["target"].widget.choices = targets
        if optional:
            self.fields["kind"].required = False
            self.fields["target"].required = False

    def clean_target(self) -> Instrument | None:
        pk = self.cleaned_data.get("target")
        if pk is None:
            return None
        instrument = Instrument.objects.filter(pk=pk).only("id", "title").first()
        if instrument is None:
            raise ValidationError(_("Choose an instrument from the list."))
        return instrument

    def clean(self):
        cleaned = super().clean()
        kind, target = cleaned.get("kind"), cleaned.get("target")
        if self.optional and bool(kind) != bool(target) and not self.errors:
            self.add_error("kind" if not kind else "target",
                           _("Choose both the relation and the related instrument, or neither."))
        return cleaned

    def relations(self) -> list[tuple[str, Instrument]]:
        kind, target = self.cleaned_data.get("kind"), self.cleaned_data.get("target")
        return [(kind, target)] if kind and target else []


class RelationRemoveForm(forms.Form):
    relation = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)


class InstitutionForm(forms.ModelForm):
    """Create or edit an institution; `version` guards against overwriting someone's edit."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Institution
        fields = INSTITUTION_FIELDS
        widgets = {"role": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "---------"), *country_choices()]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def institution_data(self) -> dict:
        return {key: self.cleaned_data[key] for key in INSTITUTION_FIELDS}
