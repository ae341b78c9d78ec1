from django import forms
from django.conf import settings
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from ssehub.accounts.enums import WORKING_LANGUAGES
from ssehub.accounts.models import User
from ssehub.agenda.enums import PersonRole, SessionKind, SurveyPhase
from ssehub.agenda.invitees import MAX_BYTES, parse_invitees, read_upload, rows_from_text
from ssehub.agenda.services.sessions import PersonSpec, RoomSpec
from ssehub.agenda.times import in_zone, label_at
from ssehub.core.forms import TimeZoneField
from ssehub.programmes.models import Theme

SCORE_CHOICES = [(n, str(n)) for n in range(1, 6)]


class SessionForm(forms.Form):
    """Start and end are typed in the host's zone: the view activates it while the form runs."""

    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    description = forms.CharField(label=gettext_lazy("Description"), widget=forms.Textarea, required=False)
    theme = forms.ModelChoiceField(label=gettext_lazy("Theme"), queryset=None, required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=SessionKind.choices)
    starts_at = forms.DateTimeField(
        label=gettext_lazy("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    ends_at = forms.DateTimeField(
        label=gettext_lazy("Ends at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=WORKING_LANGUAGES, initial="en")
    interpretation = forms.MultipleChoiceField(
        label=gettext_lazy("Interpretation channels"), choices=WORKING_LANGUAGES, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    room_url = forms.URLField(label=gettext_lazy("Virtual-room link"), max_length=500, required=False,
                              assume_scheme="https")
    recording_url = forms.URLField(label=gettext_lazy("Recording link"), max_length=500, required=False,
                                   assume_scheme="https")
    speakers = forms.CharField(
        label=gettext_lazy("Speakers"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
        help_text=gettext_lazy("One a line: a member's e-mail address, or a guest as “Name | Affiliation”."),
    )
    facilitators = forms.CharField(
        label=gettext_lazy("Facilitators"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
        help_text=gettext_lazy("One a line, as for speakers."),
    )
    rooms = forms.CharField(
        label=gettext_lazy("Breakout rooms"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
        help_text=gettext_lazy("One room a line: “Room name | country codes | optional link”, e.g. “Room 1 | PH, ID”."),
    )
    sequence = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        themes = event.themes.all()
        if not themes.exists() and event.programme_id:
            themes = Theme.objects.filter(programme=event.programme_id)
        self.fields["theme"].queryset = themes

    def _people(self, field: str, role: str) -> list[PersonSpec]:
        lines = [line.strip() for line in self.cleaned_data.get(field, "").splitlines() if line.strip()]
        emails = [line.lower() for line in lines if "@" in line and "|" not in line]
        users = {u.email: u for u in User.objects.filter(email__in=emails).select_related("profile")}
        people = []
        for line in lines:
            if "@" in line and "|" not in line:
                user = users.get(line.lower())
                if user is None:
                    self.add_error(field, _("No member has the e-mail address %(email)s.") % {"email": line})
                    continue
                people.append(PersonSpec(role=role, user=user))
            else:
                name, _sep, affiliation = (part.strip() for part in line.partition("|"))
                people.append(PersonSpec(role=role, guest_name=name[:200], affiliation=affiliation[:200]))
        return people

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The session must end after it starts."))
        data["people"] = self._people("speakers", PersonRole.SPEAKER) + self._people(
            "facilitators", PersonRole.FACILITATOR)
        data["room_specs"] = self._rooms()
        return data

    def _rooms(self) -> list[RoomSpec]:
        specs = []
        for line in self.cleaned_data.get("rooms", "").splitlines():
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            name = parts[0]
            codes = [code.strip().upper() for code in (parts[1] if len(parts) > 1 else "").split(",") if code.strip()]
            bad = [code for code in codes if code not in dict(countries)]
            link = parts[2] if len(parts) > 2 else ""
            if bad or not name:
                self.add_error("rooms", _("Unknown country code in “%(line)s”.") % {"line": line.strip()})
                continue
            if link:
                try:
                    URLValidator()(link)
                except ValidationError:
                    self.add_error("rooms", _("The link in “%(line)s” is not a web address.") % {"line": line.strip()})
                    continue
            specs.append(RoomSpec(name=name[:100], countries=tuple(codes), room_url=link))
        return specs


def session_initial(session) -> dict:
    def lines(role):
        return "\n".join(
            person.user.email if person.user_id else " | ".join(filter(None, [person.guest_name, person.affiliation]))
            for person in session.people.all() if person.role == role
        )

    return {
        "title": session.title, "description": session.description, "theme": session.theme_id,
        "kind": session.kind, "starts_at": session.starts_at, "ends_at": session.ends_at,
        "language": session.language, "interpretation": session.interpretation,
        "room_url": session.room_url, "recording_url": session.recording_url,
        "speakers": lines(PersonRole.SPEAKER), "facilitators": lines(PersonRole.FACILITATOR),
        "rooms": "\n".join(
            " | ".join(filter(None, [room.name, ", ".join(room.countries), room.room_url]))
            for room in session.rooms.all()
        ),
        "sequence": session.sequence,
    }


class MaterialForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    file = forms.FileField(
        label=gettext_lazy("File"), required=False,
        help_text=gettext_lazy("PDF, PPTX, DOCX or XLSX, up to 25 MB."),
    )
    url = forms.URLField(label=gettext_lazy("or a link"), required=False, max_length=500, assume_scheme="https")
    is_public = forms.BooleanField(
        label=gettext_lazy("Public (anyone can see it; otherwise only registered participants)"),
        required=False, initial=True,
    )


class RegisterPeopleForm(forms.Form):
    emails = forms.CharField(
        label=gettext_lazy("E-mail addresses"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("One a line. Each must belong to an existing account."),
    )


class InvitePeopleForm(forms.Form):
    """A list pasted from a spreadsheet or typed, or a CSV/XLSX file: e-mail, name, country,
    constituency, language (a header row may name them in any order)."""

    people = forms.CharField(
        label=gettext_lazy("People to invite"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("One person a line: e-mail, name, country, constituency, language (only the "
                               "e-mail is needed). Cells pasted from a spreadsheet work as they are."),
    )
    upload = forms.FileField(label=gettext_lazy("Or a CSV or XLSX file with the same columns"), required=False)
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the e-mail for people whose line names none"),
        choices=settings.LANGUAGES,
    )

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("upload"), cleaned.get("people", "")
        try:
            if upload:
                rows = read_upload(name=upload.name, raw=upload.read(MAX_BYTES + 1))
            else:
                rows = rows_from_text(text)
            cleaned["invitees"] = parse_invitees(rows)
        except ValidationError as error:
            self.add_error("upload" if upload else "people", error)
        return cleaned


class InvitationAcceptForm(SetPasswordForm):
    """Django's set-password form (the password validators apply)."""


class AttendanceMarkForm(forms.Form):
    session = forms.ModelChoiceField(label=gettext_lazy("Session"), queryset=None)
    user = forms.ModelChoiceField(label=gettext_lazy("Participant"), queryset=None)
    present = forms.BooleanField(label=gettext_lazy("Present"), required=False, initial=True)

    def __init__(self, *args, event, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = event.sessions.all()
        self.fields["user"].queryset = User.objects.filter(
            pk__in=[registration.user_id for registration in registrations])
        self.fields["user"].label_from_instance = lambda user: f"{user} <{user.email}>"


def session_choice_label(session, host_zone: str) -> str:
    """"Monday, March 29, 2021, 10:00–11:30 (Korean Standard Time): Opening": two sessions of a
    workshop often share a title; their day and host time tell them apart."""
    start, end = in_zone(session.starts_at, host_zone), in_zone(session.ends_at, host_zone)
    return _("%(weekday)s, %(day)s, %(start)s–%(end)s (%(zone)s): %(title)s") % {
        "weekday": date_format(start, "l"), "day": date_format(start, "DATE_FORMAT"),
        "start": date_format(start, "H:i"), "end": date_format(end, "H:i"),
        "zone": label_at(host_zone, session.starts_at), "title": session.title,
    }


class ZoomImportForm(forms.Form):
    sessions = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Sessions this meeting covered"), queryset=None, widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Each session is credited with the minutes that fall inside it; tick every "
                               "session of a meeting that ran through several."),
    )
    report = forms.FileField(label=gettext_lazy("Zoom participant report (CSV)"))
    time_zone = TimeZoneField(
        label=gettext_lazy("Time zone of the times in the file"),
        help_text=gettext_lazy("Zoom writes times in the zone of the account that exported the report."),
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sessions"].queryset = event.sessions.all()
        self.fields["sessions"].label_from_instance = lambda session: session_choice_label(
            session, event.host_time_zone)
        self.fields["time_zone"].offer(event.host_time_zone)
        self.fields["time_zone"].initial = event.host_time_zone

    def clean_report(self):
        report = self.cleaned_data["report"]
        if report.size > 5 * 1024 * 1024:
            raise ValidationError(_("The report is larger than 5 MB."))
        return report


class CertificateSettingsForm(forms.Form):
    certificate_threshold = forms.IntegerField(
        label=gettext_lazy("Attendance needed for a certificate (per cent of sessions)"), min_value=1, max_value=100
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class AttendedShareForm(forms.Form):
    attended_share = forms.IntegerField(
        label=gettext_lazy("A session counts as attended from (per cent of its time)"), min_value=1, max_value=100,
        help_text=gettext_lazy("For times imported from Zoom; attendance marked by hand always counts."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class AnnouncementForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    body = forms.CharField(label=gettext_lazy("Message"), widget=forms.Textarea)


class ObjectivesForm(forms.Form):
    objectives = forms.CharField(
        label=gettext_lazy("Learning objectives"), widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("One a line."),
    )


class RemindForm(forms.Form):
    phase = forms.ChoiceField(choices=SurveyPhase.choices)


class SurveyForm(forms.Form):
    anonymous = forms.BooleanField(
        label=gettext_lazy("Answer anonymously (your answers are never shown with your name)"), required=False
    )

    def __init__(self, *args, objectives, phase, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.objectives = list(objectives)
        self.phase = phase
        for objective in self.objectives:
            self.fields[f"objective_{objective.pk}"] = forms.TypedChoiceField(
                label=objective.text, choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect,
            )
        self.session_fields = []
        if phase == SurveyPhase.POST:
            for session in sessions:
                name = f"session_{session.pk}"
                self.fields[name] = forms.TypedChoiceField(
                    label=session.title, choices=[("", _("No answer")), *SCORE_CHOICES], coerce=int,
                    empty_value=None, required=False,
                )
                self.session_fields.append(name)
            self.fields["satisfaction"] = forms.TypedChoiceField(
                label=_("Overall, how satisfied are you with the workshop? (1 = not at all, 5 = very)"),
                choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect,
            )
            self.fields["comments"] = forms.CharField(
                label=_("Comments"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000
            )

    def objective_fields(self):
        return [self[f"objective_{objective.pk}"] for objective in self.objectives]

    def session_bound_fields(self):
        return [self[name] for name in self.session_fields]

    def ratings(self) -> dict[int, int]:
        return {o.pk: self.cleaned_data[f"objective_{o.pk}"] for o in self.objectives}

    def feedback(self) -> dict[int, int]:
        return {
            int(name.removeprefix("session_")): self.cleaned_data[name]
            for name in self.session_fields if self.cleaned_data.get(name)
        }
