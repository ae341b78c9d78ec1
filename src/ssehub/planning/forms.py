"""Forms of the planning pages: they parse and validate input; the services decide and write."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ssehub.accounts.enums import Constituency
from ssehub.accounts.models import User
from ssehub.atlas.enums import EntityType
from ssehub.atlas.models import Institution, Instrument
from ssehub.planning.enums import Method, UpdateStatus
from ssehub.planning.models import (
    MAX_WEIGHT,
    OTHER_CONSTITUENCIES,
    TITLE_MAX,
    AnalysisItem,
    PlanningSetup,
    PolicyAction,
)


class AnalysisItemForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = AnalysisItem
        fields = ["kind", "text", "dimension", "instruments"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "instruments": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, country: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instruments"].queryset = Instrument.objects.filter(country=country, is_published=True).order_by("title")
        self.fields["instruments"].required = False
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version


class IndicatorsField(forms.CharField):
    """One indicator a line: "name | baseline | target"."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value):
        rows = []
        for line in (value or "").splitlines():
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")] + ["", ""]
            rows.append({"name": parts[0], "baseline": parts[1], "target": parts[2]})
        return rows

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"{row.get('name', '')} | {row.get('baseline', '')} | {row.get('target', '')}"
                             for row in value)
        return value

    def validate(self, value):
        if any(not row["name"] for row in value):
            raise forms.ValidationError(_("Every indicator needs a name before the first “|”."))


class ActionForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=TITLE_MAX)
    entity_types = forms.MultipleChoiceField(label=gettext_lazy("Target SSE entity types"), required=False,
                                             choices=EntityType.choices, widget=forms.CheckboxSelectMultiple)
    indicators = IndicatorsField(label=gettext_lazy("Indicators"), required=False,
                                 help_text=gettext_lazy("One a line: name | baseline | target."))

    class Meta:
        model = PolicyAction
        fields = ["title", "description", "dimension", "entity_types", "lead_institution", "lead_agency_text",
                  "partners", "time_frame", "resources", "indicators", "risks", "instrument", "instrument_link",
                  "owner"]
        widgets = {name: forms.Textarea(attrs={"rows": 3})
                   for name in ("description", "partners", "resources", "risks")}

    def __init__(self, *args, delegation, **kwargs):
        super().__init__(*args, **kwargs)
        country = delegation.country.code
        self.fields["lead_institution"].queryset = Institution.objects.filter(country=country).order_by("name")
        self.fields["instrument"].queryset = Instrument.objects.filter(country=country, is_published=True).order_by("title")
        self.fields["owner"].queryset = User.objects.filter(planning_memberships__delegation=delegation).order_by("email")
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version


class UpdateForm(forms.Form):
    on = forms.DateField(label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=UpdateStatus.choices)
    progress = forms.IntegerField(label=gettext_lazy("Progress (%)"), min_value=0, max_value=100)
    note = forms.CharField(label=gettext_lazy("What happened"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.CharField(label=gettext_lazy("Evidence links"), required=False,
                               help_text=gettext_lazy("One web address a line."), widget=forms.Textarea(attrs={"rows": 2}))

    def clean_evidence(self):
        return [line.strip() for line in self.cleaned_data["evidence"].splitlines() if line.strip()]


class SetupForm(forms.Form):
    """The method and, for 2:1:1, one weight per constituency beyond government, employers and workers."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    method = forms.ChoiceField(label=gettext_lazy("Aggregation method"), choices=Method.choices)

    def __init__(self, *args, setup: PlanningSetup, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Constituency.choices)
        for code in OTHER_CONSTITUENCIES:
            self.fields[f"weight_{code}"] = forms.DecimalField(
                label=_("Weight of “%(constituency)s” under 2:1:1") % {"constituency": labels[code]},
                min_value=0, max_value=MAX_WEIGHT, max_digits=3, decimal_places=2,
                widget=forms.NumberInput(attrs={"step": "0.05", "aria-describedby": "weights-help"}))
        if not self.is_bound:
            self.initial.update({"version": setup.version, "method": setup.method,
                                 **{f"weight_{code}": weight for code, weight in setup.weights().items()
                                    if code in OTHER_CONSTITUENCIES}})

    def weight_fields(self) -> list:
        return [self[f"weight_{code}"] for code in OTHER_CONSTITUENCIES]

    def clean(self):
        data = super().clean()
        # Stored as numbers; a constituency at the default 1 is stored too, so the set-up says it in full.
        data["other_weights"] = {code: float(data[f"weight_{code}"]) for code in OTHER_CONSTITUENCIES
                                 if data.get(f"weight_{code}") is not None}
        return data


class CriterionForm(forms.Form):
    code = forms.SlugField(label=gettext_lazy("Code"), max_length=40)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=120)


class MemberAddForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail address of the person"))


class MethodChoiceForm(forms.Form):
    method = forms.ChoiceField(label=gettext_lazy("Aggregation method"), choices=Method.choices)
