from django import forms
from django.utils.translation import gettext_lazy as _

from ssehub.accounts.countries import country_choices
from ssehub.accounts.enums import WORKING_LANGUAGES
from ssehub.accounts.models import Profile
from ssehub.core.forms import TimeZoneField

MAX_EXPERTISE_TAGS = 15


class ProfileForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Working languages"), choices=WORKING_LANGUAGES, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    time_zone = TimeZoneField(label=_("Time zone"), required=False, empty_label=_("Detect from my browser"))
    expertise = forms.CharField(
        label=_("Expertise"), required=False, max_length=500,
        help_text=_("Topics you know well, separated by commas, e.g. cooperatives, social finance."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = Profile
        fields = [
            "full_name", "organisation", "country", "constituency", "gender", "languages",
            "time_zone", "expertise", "bio", "in_directory",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].offer(current=self.instance.time_zone if self.instance else "")
        self.fields["time_zone"].widget.attrs["data-searchable"] = _("Type a city or a zone name")
        country = self.fields["country"]
        country.choices = [("", country.choices[0][1] if country.choices else ""), *country_choices()]
        if self.instance and not self.is_bound:
            self.initial["expertise"] = ", ".join(self.instance.expertise)
            self.initial["version"] = self.instance.version

    def clean_expertise(self) -> list[str]:
        tags = []
        for raw in self.cleaned_data["expertise"].replace("、", ",").replace("，", ",").split(","):
            tag = " ".join(raw.split())
            if tag and tag.casefold() not in {t.casefold() for t in tags}:
                tags.append(tag[:60])
        if len(tags) > MAX_EXPERTISE_TAGS:
            raise forms.ValidationError(
                _("Please list at most %(count)d topics."), params={"count": MAX_EXPERTISE_TAGS}
            )
        return tags


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That password is not correct."))
        return password
