"""Forms of the planning pages: they parse and validate input; the services decide and write."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ssehub.accounts.models import User
from ssehub.atlas.enums import EntityType
from ssehub.atlas.models import Institution, Instrument
from ssehub.planning.enums import Method, UpdateStatus
from ssehub.planning.models import TITLE_MAX, AnalysisItem, PlanningSetup, PolicyAction


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


class SetupForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = PlanningSetup
        fields = ["method", "other_weight"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version


class CriterionForm(forms.Form):
    code = forms.SlugField(label=gettext_lazy("Code"), max_length=40)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=120)


class MemberAddForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail address of the person"))


class MethodChoiceForm(forms.Form):
    method = forms.ChoiceField(label=gettext_lazy("Aggregation method"), choices=Method.choices)
