from html import escape  # the standard library's: ten times faster than Django's lazy-aware one

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ssehub.accounts.enums import WORKING_LANGUAGES, Constituency
from ssehub.atlas.models import Instrument
from ssehub.community import case_links
from ssehub.community.enums import InstitutionStatus
from ssehub.community.models import Case, CommunityInstitution, Membership, Resource


class PlainSelect(forms.Select):
    """A <select> whose options are written in Python. Django renders every option through a template
    of its own; for the 250 countries that was most of the directory page's time (docs/decisions/0505).
    Same markup, same attributes (id, required, aria-*, multiple)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group, choices, _index in widget["optgroups"]:
            options = "".join(
                f'<option value="{escape(str(option["value"]))}"{" selected" if option["selected"] else ""}>'
                f'{escape(str(option["label"]))}</option>' for option in choices)
            parts.append(f'<optgroup label="{escape(str(group))}">{options}</optgroup>' if group else options)
        return format_html('<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]),
                           mark_safe("".join(parts)))  # every value and label escaped above


class PlainSelectMultiple(PlainSelect, forms.SelectMultiple):
    pass


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class JoinRequestForm(forms.Form):
    motivation = forms.CharField(label=_("Why do you want to join?"), max_length=1000,
                                 widget=forms.Textarea(attrs={"rows": 4}))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("decline", _("Decline"))],
                                 widget=forms.RadioSelect, label=_("Decision"))
    message = forms.CharField(label=_("Message to the person"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class InstitutionForm(forms.ModelForm):
    class Meta:
        model = CommunityInstitution
        fields = ["name", "name_local", "country", "kind", "website", "contact_name", "contact_email", "motivation"]
        widgets = {"motivation": forms.Textarea(attrs={"rows": 4})}


class SettingsForm(forms.ModelForm):
    in_directory = forms.BooleanField(label=_("List me in the member directory"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Membership
        fields = ["show_country", "show_organisation", "show_constituency", "show_expertise",
                  "show_languages", "show_bio", "show_institution", "institution", "email_frequency"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = CommunityInstitution.objects.filter(status=InstitutionStatus.APPROVED)
        self.fields["institution"].required = False
        if not self.is_bound:
            self.initial["version"] = self.instance.version
            self.initial["in_directory"] = self.instance.user.profile.in_directory
        self.order_fields(["in_directory"])


class DirectoryFilterForm(forms.Form):
    country = CountryField(blank=True).formfield(label=_("Country"), required=False, widget=PlainSelect)
    constituency = forms.ChoiceField(label=_("Constituency"), required=False, widget=PlainSelect,
                                     choices=[("", _("Any")), *list(Constituency.choices)])
    expertise = forms.CharField(label=_("Expertise"), required=False, max_length=60)
    language = forms.ChoiceField(label=_("Working language"), required=False, widget=PlainSelect,
                                 choices=[("", _("Any")), *list(WORKING_LANGUAGES)])
    institution = forms.ModelChoiceField(label=_("Institution"), required=False, widget=PlainSelect,
                                         queryset=CommunityInstitution.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = CommunityInstitution.objects.filter(status=InstitutionStatus.APPROVED)


class ContactForm(forms.Form):
    message = forms.CharField(label=_("Message"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class TopicForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Your post (Markdown)"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8}))
    attachments = MultipleFileField(label=_("Attachments (PDF, DOCX, PPTX, XLSX; up to 25 MB each)"), required=False)


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Your reply (Markdown)"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6}))
    attachments = MultipleFileField(label=_("Attachments (PDF, DOCX, PPTX, XLSX; up to 25 MB each)"), required=False)


class EditForm(forms.Form):
    body = forms.CharField(label=_("Text (Markdown)"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class FlagForm(forms.Form):
    reason = forms.CharField(label=_("Why should a moderator look at this post?"), max_length=500)


class SuspendForm(forms.Form):
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=365, initial=7)
    reason = forms.CharField(label=_("Reason"), max_length=300)


class CaseForm(forms.ModelForm):
    """The case's own fields, plus one list of choices per kind of record another app lets cases link
    to (community.case_links: actions of public plans); `cleaned_data["links"]` is {kind: [ids]}."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Case
        fields = ["title", "country", "entity_type", "dimension", "theme", "problem", "approach", "results",
                  "lessons", "contact", "instruments"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in ("problem", "approach", "results", "lessons")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instruments"].queryset = Instrument.objects.filter(is_published=True).order_by("country", "title")
        self.fields["instruments"].required = False
        if not self.is_bound and self.instance.pk:
            self.initial["version"] = self.instance.version
        self.link_fields: dict[str, str] = {}
        linked = self._current_links() if self.instance.pk else {}
        for kind in case_links.case_link_kinds():
            choices = kind.choices()
            if not choices:
                continue
            name = "links_" + kind.name.replace(".", "_")
            self.fields[name] = forms.TypedMultipleChoiceField(
                label=kind.label, help_text=kind.help_text, choices=choices, coerce=int, required=False,
                widget=forms.CheckboxSelectMultiple)
            self.link_fields[name] = kind.name
            if not self.is_bound:
                self.initial[name] = linked.get(kind.name, [])

    def _current_links(self) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        for kind, target_id in self.instance.links.values_list("kind", "target_id"):
            found.setdefault(kind, []).append(target_id)
        return found

    def clean(self):
        cleaned = super().clean()
        cleaned["links"] = {kind: cleaned.get(name) or [] for name, kind in self.link_fields.items()}
        return cleaned


class ResourceForm(forms.ModelForm):
    class Meta:
        model = Resource
        fields = ["title", "kind", "description", "url", "country", "is_public"]
