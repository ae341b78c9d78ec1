from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ssehub.calls.enums import Outcome, QuestionKind, ScoreBasis, TemplateKind
from ssehub.calls.models import Call, Criterion, Question
from ssehub.calls.scoring import SCALE

TRIPARTITE = (("government", _("Government")), ("employers", _("Employers' organisation")),
              ("workers", _("Workers' organisation")))
LOCAL_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _version_field() -> forms.IntegerField:
    """The version of the record the form was opened at; the service refuses a save from a stale one."""
    return forms.IntegerField(widget=forms.HiddenInput, required=False)


class CallForm(forms.ModelForm):
    """Times are typed in the event's host zone: the view activates it around the form."""

    opens_at = forms.DateTimeField(label=_("Opens at"), widget=LOCAL_INPUT)
    closes_at = forms.DateTimeField(label=_("Closes at"), widget=LOCAL_INPUT)
    version = _version_field()

    class Meta:
        model = Call
        fields = ["title", "description", "opens_at", "closes_at", "data_protection_notice",
                  "anonymised_review", "reviewers_per_application", "invitation_valid_days",
                  "reminder_days_before"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["version"] = self.instance.version

    def clean(self):
        data = super().clean()
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", _("The call must close after it opens."))
        return data


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("Question"), max_length=500)
    help_text = forms.CharField(label=_("Help text"), max_length=500, required=False)
    choices = forms.CharField(label=_("Choices, one per line"), widget=forms.Textarea(attrs={"rows": 3}),
                              required=False)
    required = forms.BooleanField(label=_("Required"), required=False)


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["title", "description", "weight"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


def _question_field(question: Question) -> forms.Field:
    common = {"label": question.text, "help_text": question.help_text, "required": False}
    if question.kind == QuestionKind.SHORT_TEXT:
        return forms.CharField(max_length=300, **common)
    if question.kind == QuestionKind.LONG_TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), max_length=5000, **common)
    options = [(choice, choice) for choice in question.choices]
    if question.kind == QuestionKind.SINGLE_CHOICE:
        return forms.ChoiceField(choices=[("", "—"), *options], widget=forms.RadioSelect, **common)
    if question.kind == QuestionKind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(choices=options, widget=forms.CheckboxSelectMultiple, **common)
    if question.kind == QuestionKind.YES_NO:
        return forms.NullBooleanField(
            widget=forms.RadioSelect(choices=[("true", _("Yes")), ("false", _("No"))]), **common)
    return forms.FileField(widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}), **common)


class ApplicationForm(forms.Form):
    """One field per question; whether required answers are there is the service's decision."""

    accept_notice = forms.BooleanField(label=_("I have read and accept the data-protection notice."),
                                       required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            field = _question_field(question)
            if question.required:
                field.widget.attrs["aria-required"] = "true"
                field.label = f"{question.text} *"
            self.fields[f"q_{question.pk}"] = field

    def answer_values(self) -> tuple[dict, dict]:
        values, files = {}, {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q_{question.pk}")
            if question.kind == QuestionKind.PDF:
                if value:
                    files[question.pk] = value
            else:
                values[question.pk] = list(value) if isinstance(value, (list, tuple)) else value
        return values, files

    @staticmethod
    def initial_for(application) -> dict:
        if application is None:
            return {"version": 0}
        initial = {"version": application.version, "accept_notice": bool(application.accepted_notice_at)}
        for answer in application.answers.all():
            if answer.value is not None:
                initial[f"q_{answer.question_id}"] = answer.value
        return initial


class ReviewForm(forms.Form):
    comment = forms.CharField(label=_("Comment for the organisers"), widget=forms.Textarea(attrs={"rows": 3}),
                              required=False)

    def __init__(self, *args, criteria: list[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        scale = [(str(value), str(value)) for value in SCALE]
        for criterion in criteria:
            self.fields[f"c_{criterion.pk}"] = forms.ChoiceField(
                label=_("%(criterion)s (weight %(weight)s)") % {"criterion": criterion.title,
                                                               "weight": criterion.weight.normalize()},
                help_text=criterion.description, choices=scale, widget=forms.RadioSelect,
            )

    def scores(self) -> dict:
        return {str(criterion.pk): self.cleaned_data[f"c_{criterion.pk}"] for criterion in self.criteria}


class ReviewerPoolForm(forms.Form):
    reviewers = forms.ModelMultipleChoiceField(label=_("Reviewers"), queryset=None, required=False,
                                               widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = queryset


class AutoAssignForm(forms.Form):
    per_application = forms.IntegerField(label=_("Reviewers per application"), min_value=1, max_value=10)


class ManualAssignForm(forms.Form):
    application = forms.TypedChoiceField(label=_("Application"), coerce=int)
    reviewer = forms.TypedChoiceField(label=_("Reviewer"), coerce=int)

    def __init__(self, *args, applications, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].choices = [(a.pk, f"#{a.pk} {a.full_name}") for a in applications]
        self.fields["reviewer"].choices = [(r.pk, str(r)) for r in reviewers]


def _percent_field(label):
    return forms.DecimalField(label=label, min_value=0, max_value=100, decimal_places=1, required=False,
                              help_text=_("Percent, empty for none."))


class RulesForm(forms.Form):
    """Seats, shares and a row of limits per country (minimum, maximum, tripartite minimums)."""

    seats = forms.IntegerField(label=_("Seats"), min_value=1)
    score_basis = forms.ChoiceField(label=_("Score used for selection"), choices=ScoreBasis.choices)
    women_min_share = _percent_field(_("Minimum share of women overall"))
    women_min_share_per_country = _percent_field(_("Minimum share of women in each country"))
    max_per_organisation = forms.IntegerField(label=_("Maximum per organisation"), min_value=1, required=False)
    waiting_list_size = forms.IntegerField(label=_("Waiting list size"), min_value=0, max_value=1000)
    version = _version_field()

    def __init__(self, *args, countries: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.countries = countries
        self.country_rows = []
        for code, name in countries:
            row = {"code": code, "name": name, "fields": []}
            for key, label in (("min", _("minimum")), ("max", _("maximum")), *TRIPARTITE):
                field_name = f"{key}_{code}"
                self.fields[field_name] = forms.IntegerField(
                    label=f"{name}: {label}", min_value=0, required=False,
                    widget=forms.NumberInput(attrs={"class": "narrow"}),
                )
                row["fields"].append(field_name)
            self.country_rows.append(row)

    @staticmethod
    def initial_for(call: Call) -> dict:
        initial = {
            "seats": call.seats or call.event.capacity, "score_basis": call.score_basis,
            "women_min_share": call.women_min_share * 100 if call.women_min_share is not None else None,
            "women_min_share_per_country": (call.women_min_share_per_country * 100
                                            if call.women_min_share_per_country is not None else None),
            "max_per_organisation": call.max_per_organisation, "waiting_list_size": call.waiting_list_size,
            "version": call.version,
        }
        for code, spec in (call.country_rules or {}).items():
            for key, value in spec.items():
                initial[f"{key}_{code}"] = value
        return initial

    def rules_data(self) -> dict:
        data = self.cleaned_data

        def share(value):
            return (Decimal(value) / 100).quantize(Decimal("0.001")) if value is not None else None

        country_rules = {}
        for code, _name in self.countries:
            spec = {key: data.get(f"{key}_{code}") for key in ("min", "max", "government", "employers", "workers")}
            spec = {key: value for key, value in spec.items() if value is not None}
            if spec:
                country_rules[code] = spec
        return {
            "seats": data["seats"], "score_basis": data["score_basis"],
            "women_min_share": share(data.get("women_min_share")),
            "women_min_share_per_country": share(data.get("women_min_share_per_country")),
            "max_per_organisation": data.get("max_per_organisation"),
            "waiting_list_size": data["waiting_list_size"], "country_rules": country_rules,
        }


class TemplateForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Body"), widget=forms.Textarea(attrs={"rows": 10}))


class OverrideForm(forms.Form):
    outcome = forms.ChoiceField(choices=Outcome.choices)
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class SendForm(forms.Form):
    kind = forms.ChoiceField(label=_("Message"), choices=[
        (TemplateKind.WAITING_LIST.value, TemplateKind.WAITING_LIST.label),
        (TemplateKind.NOT_SELECTED.value, TemplateKind.NOT_SELECTED.label),
    ])
    country = forms.ChoiceField(label=_("Only applicants from"), required=False)

    def __init__(self, *args, countries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries")), *countries]


LANGUAGE_CHOICES = settings.LANGUAGES
