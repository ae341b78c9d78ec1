from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

FORMER_MEMBER = gettext_lazy("former member")
NOT_ACCEPTED = gettext_lazy("not accepted")


def display_name(user) -> str:
    """A person's name as others see it; a deleted account signs "former member"."""
    if user is None:
        return str(FORMER_MEMBER)
    profile = getattr(user, "profile", None)
    return (profile.full_name if profile and profile.full_name else "") or _("member")
