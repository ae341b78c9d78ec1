from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Constituency(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    EMPLOYERS = "employers", _("Employers' organisation")
    WORKERS = "workers", _("Workers' organisation")
    SSE_PRACTITIONER = "sse_practitioner", _("SSE practitioner")
    RESEARCHER = "researcher", pgettext_lazy("constituency", "Researcher")
    INTERNATIONAL = "international", _("International organisation")
    OTHER = "other", pgettext_lazy("constituency", "Other")

    @classmethod
    def tripartite(cls) -> tuple[str, ...]:
        return (cls.GOVERNMENT, cls.EMPLOYERS, cls.WORKERS)


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")
    SELF_DESCRIBED = "other", _("Another gender")
    PREFER_NOT_TO_SAY = "prefer_not_to_say", _("Prefer not to say")


class Role(models.TextChoices):
    """Platform-wide roles. Anonymous is the absence of a user; admin is a superuser."""

    ADMIN = "admin", _("Platform admin")
    ORGANISER = "organiser", _("Organiser")
    REVIEWER = "reviewer", _("Reviewer")
    FACILITATOR = "facilitator", _("Country facilitator")
    PARTICIPANT = "participant", _("Participant")
    EDITOR = "editor", _("Atlas editor")
    RESEARCHER = "researcher", pgettext_lazy("role", "Researcher")
    MEMBER = "member", _("Member")
    MODERATOR = "moderator", _("Community moderator")


# Languages a person may say they work in (ISO 639-1), the programme's first.
WORKING_LANGUAGES = [
    ("en", _("English")),
    ("zh", _("Chinese")),
    ("ja", _("Japanese")),
    ("ko", _("Korean")),
    ("ms", _("Malay")),
    ("id", _("Indonesian")),
    ("fil", _("Filipino")),
    ("th", _("Thai")),
    ("vi", _("Vietnamese")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
]
