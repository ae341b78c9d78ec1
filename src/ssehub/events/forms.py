"""The organisers' event set-up form: the host zone picker, localised countries, co-organisers by e-mail."""

import re

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ssehub.accounts.countries import country_choices
from ssehub.accounts.enums import Role
from ssehub.accounts.models import User
from ssehub.core.forms import TimeZoneField
from ssehub.events.models import Event
from ssehub.programmes.models import Theme

EMAIL_SPLIT = re.compile(r"[\s,;]+")


def organiser_directory() -> list[tuple[str, str]]:
    """(e-mail, name) of everyone who may co-organise: the datalist that makes the field searchable."""
    people = (User.objects.filter(Q(groups__name=Role.ORGANISER.value) | Q(is_superuser=True), is_active=True)
              .select_related("profile").distinct().order_by("email"))
    return [(person.email, getattr(getattr(person, "profile", None), "full_name", "") or person.email)
            for person in people]


class EventForm(forms.ModelForm):
    host_time_zone = TimeZoneField(
        label=_("Host time zone"),
        help_text=_("Where the event is hosted: organisers type session and call times in this zone."),
    )
    eligible_countries = forms.MultipleChoiceField(
        label=_("Eligible countries"), required=False, widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Applicants must be based in one of these; none selected means any country."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), required=False, queryset=Theme.objects.none(), widget=forms.CheckboxSelectMultiple,
    )
    co_organisers = forms.CharField(
        label=_("Co-organisers"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E-mail addresses of people with the organiser role, one per line. You stay an organiser."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Event
        fields = ["title", "description", "kind", "format", "host_time_zone", "starts_on", "ends_on", "capacity",
                  "eligible_countries", "themes"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, default_zone: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        self.fields["host_time_zone"].offer(current=instance.host_time_zone if instance.pk else "")
        self.fields["host_time_zone"].widget.attrs["data-searchable"] = _("Type a city or a zone name")
        self.fields["eligible_countries"].choices = country_choices()
        self.fields["themes"].queryset = Theme.objects.select_related("programme").order_by("programme", "position")
        self.directory = organiser_directory()
        if instance.pk and not self.is_bound:
            self.initial["eligible_countries"] = [country.code for country in instance.eligible_countries]
            self.initial["version"] = instance.version
            self.initial["co_organisers"] = "\n".join(
                instance.organisers.order_by("email").values_list("email", flat=True))
        elif not self.is_bound:
            # A new event starts in the organiser's own zone, never the first entry of the list.
            self.initial.setdefault("host_time_zone", default_zone)

    def clean_co_organisers(self) -> list[User]:
        emails = list(dict.fromkeys(e.lower() for e in EMAIL_SPLIT.split(self.cleaned_data["co_organisers"]) if e))
        found = {user.email.lower(): user for user in User.objects.filter(email__in=emails)}
        unknown = [email for email in emails if email not in found]
        if unknown:
            raise forms.ValidationError(_("No account has these e-mail addresses: %(emails)s"),
                                        params={"emails": ", ".join(unknown)})
        allowed = {email for email, _name in self.directory}
        not_organisers = [email for email in emails if found[email].email not in allowed]
        if not_organisers:
            raise forms.ValidationError(_("These people do not have the organiser role: %(emails)s"),
                                        params={"emails": ", ".join(not_organisers)})
        return [found[email] for email in emails]

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
