"""Community e-mails: each in the member's own language, through the queue; digests and notices carry
a one-click unsubscribe (RFC 8058 List-Unsubscribe and List-Unsubscribe-Post headers)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from ssehub.community.tokens import unsubscribe_token


def language_of(user) -> str:
    profile = getattr(user, "profile", None)
    code = profile.preferred_language if profile else ""
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def unsubscribe_url(user) -> str:
    return settings.SITE_URL + reverse("community:unsubscribe", kwargs={"token": unsubscribe_token(user_id=user.pk)})


def send(*, user, template: str, context: dict, unsubscribe: bool = False) -> None:
    """Render `community/mail/<template>_subject.txt` and `_body.txt` in the person's language; queue it."""
    headers = {}
    full = {**context, "user": user, "site_url": settings.SITE_URL}
    if unsubscribe:
        full["unsubscribe_url"] = unsubscribe_url(user)
        headers = {"List-Unsubscribe": f"<{full['unsubscribe_url']}>",
                   "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    with translation.override(language_of(user)):
        subject = " ".join(render_to_string(f"community/mail/{template}_subject.txt", full).split())
        body = render_to_string(f"community/mail/{template}_body.txt", full)
    EmailMessage(subject=subject, body=body, to=[user.email], headers=headers).send()
