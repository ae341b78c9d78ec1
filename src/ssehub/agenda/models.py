import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField

from ssehub.accounts.enums import WORKING_LANGUAGES
from ssehub.agenda.enums import AttendanceSource, MaterialKind, PersonRole, SessionKind, SurveyPhase
from ssehub.events.models import Event
from ssehub.programmes.models import Theme

USER = settings.AUTH_USER_MODEL


class Session(models.Model):
    """One slot of an event's agenda. Times are stored in UTC and entered in the host's zone."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions",
        verbose_name=_("theme"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices, default=SessionKind.PLENARY)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    language = models.CharField(_("language"), max_length=10, default="en")
    interpretation = models.JSONField(_("interpretation channels"), default=list, blank=True)
    room_url = models.URLField(_("virtual-room link"), max_length=500, blank=True)
    recording_url = models.URLField(_("recording link"), max_length=500, blank=True)
    # Rises on every change: calendars use it to update in place; edit forms use it to catch conflicts.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def language_label(self) -> str:
        return str(dict(WORKING_LANGUAGES).get(self.language, self.language))

    @property
    def interpretation_labels(self) -> list[str]:
        names = dict(WORKING_LANGUAGES)
        return [str(names.get(code, code)) for code in self.interpretation]


class SessionPerson(models.Model):
    """A speaker or facilitator: a member of the platform or a guest known only by name."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="people")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    guest_name = models.CharField(_("guest name"), max_length=200, blank=True)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=PersonRole.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("speaker or facilitator")
        verbose_name_plural = _("speakers and facilitators")
        ordering = ["session", "-role", "position"]  # speakers, then facilitators

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return str(self.user) if self.user_id else self.guest_name

    @property
    def identity(self) -> str:
        """What makes two rows the same person, for overlap warnings."""
        return f"user:{self.user_id}" if self.user_id else f"guest:{self.guest_name.strip().casefold()}"


class BreakoutRoom(models.Model):
    """Which delegations (countries) go to which room of a breakout or lab."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("room"), max_length=100)
    countries = models.JSONField(_("delegations"), default=list)
    room_url = models.URLField(_("virtual-room link"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("breakout room")
        verbose_name_plural = _("breakout rooms")
        ordering = ["session", "position"]

    def __str__(self) -> str:
        return self.name

    @property
    def country_names(self) -> list[str]:
        return [str(countries.name(code)) or code for code in self.countries]


def material_path(instance: "Material", filename: str) -> str:
    return f"agenda/materials/{instance.session.event_id}/{uuid.uuid4().hex}/{filename}"


class Material(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=MaterialKind.choices)
    file = models.FileField(_("file"), upload_to=material_path, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    size = models.PositiveIntegerField(default=0)
    is_public = models.BooleanField(_("public"), default=True)
    added_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["session", "added_at", "pk"]

    def __str__(self) -> str:
        return self.title


class Star(models.Model):
    """A session in a person's personal agenda."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="agenda_stars")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="stars")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "session"], name="star_once")]

    def __str__(self) -> str:
        return f"{self.user_id} ★ {self.session_id}"



class CalendarToken(models.Model):
    """The secret in a person's calendar feed URL; replacing it revokes the old URL."""

    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"calendar of {self.user_id}"



class JoinEvent(models.Model):
    """Someone went through our Join redirect to a session's room."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="joins")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="session_joins")
    joined_at = models.DateTimeField()

    class Meta:
        ordering = ["joined_at"]

    def __str__(self) -> str:
        return f"{self.user_id} joined {self.session_id} at {self.joined_at:%Y-%m-%d %H:%M}"



class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="session_attendance")
    source = models.CharField(_("source"), max_length=10, choices=AttendanceSource.choices)
    first_joined_at = models.DateTimeField(null=True, blank=True)
    last_left_at = models.DateTimeField(null=True, blank=True)
    minutes = models.PositiveIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="attendance_once")]

    def __str__(self) -> str:
        return f"{self.user_id} at {self.session_id}"



class DeliverySettings(models.Model):
    """Per-event settings of this app."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="delivery_settings")
    certificate_threshold = models.PositiveSmallIntegerField(
        _("attendance needed for a certificate (per cent of sessions)"), default=75,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    # A Zoom visit of five minutes is not attendance: the share of a session's time that counts.
    attended_share = models.PositiveSmallIntegerField(
        _("share of a session that counts as attended (per cent of its time)"), default=50,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    version = models.PositiveIntegerField(default=0, editable=False)

    def __str__(self) -> str:
        return f"settings of {self.event_id}"



class Certificate(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="certificates")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="certificates")
    code = models.CharField(_("verification code"), max_length=20, unique=True)
    name = models.CharField(_("name on the certificate"), max_length=200)
    sessions_attended = models.PositiveIntegerField()
    sessions_total = models.PositiveIntegerField()
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="certificate_once")]

    def __str__(self) -> str:
        return self.code


class Announcement(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="announcements")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"))
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class LearningObjective(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="learning_objectives")
    text = models.CharField(_("learning objective"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("learning objective")
        verbose_name_plural = _("learning objectives")
        ordering = ["event", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class SurveyResponse(models.Model):
    """One person's pre- or post-workshop answers. The user is kept for pairing and reminders only:
    an anonymous response is never shown or exported against a name."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="survey_responses")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="survey_responses")
    phase = models.CharField(_("phase"), max_length=4, choices=SurveyPhase.choices)
    anonymous = models.BooleanField(_("answer anonymously"), default=False)
    satisfaction = models.PositiveSmallIntegerField(
        _("overall satisfaction"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comments = models.TextField(_("comments"), blank=True)
    # Country and constituency at the time of answering, for the breakdowns.
    country = CountryField(blank=True)
    constituency = models.CharField(max_length=32, blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "user", "phase"], name="survey_response_once")
        ]

    def __str__(self) -> str:
        return f"{self.phase} answers to {self.event_id}"



class ObjectiveRating(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="ratings")
    objective = models.ForeignKey(LearningObjective, on_delete=models.CASCADE, related_name="ratings")
    score = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "objective"], name="objective_rating_once")
        ]

    def __str__(self) -> str:
        return f"{self.objective_id}: {self.score}"



class SessionFeedback(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="session_feedback")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="feedback")
    score = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "session"], name="session_feedback_once")
        ]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.score}"


class Invitation(models.Model):
    """An organiser registered someone without an account: the account exists (no password yet) so
    the registration does from the start; the person sets a password through a signed link."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participant_invitations")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(_("language of the e-mail"), max_length=10)
    invited_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation to register")
        verbose_name_plural = _("invitations to register")
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="agenda_invitation_once")]

    def __str__(self) -> str:
        return f"invitation of {self.user_id} to {self.event_id}"
