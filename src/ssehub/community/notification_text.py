"""A notification in words, in the reader's language (built when shown, never stored translated)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from ssehub.community.enums import NotificationKind
from ssehub.community.phrases import display_name


def notification_line(item) -> str:
    who = display_name(item.actor) if item.actor_id else _("The moderators")
    topic = item.topic.title if item.topic_id else ""
    texts = {
        NotificationKind.MENTION: _("%(who)s mentioned you in “%(topic)s”."),
        NotificationKind.REPLY: _("%(who)s replied in “%(topic)s”."),
        NotificationKind.ACCEPTED: _("%(who)s accepted your answer in “%(topic)s”."),
        NotificationKind.CONTACT: _("%(who)s asked to connect with you."),
        NotificationKind.MODERATION: _("A moderator acted on your post in “%(topic)s”: %(what)s"),
        NotificationKind.MEMBERSHIP: _("Your membership of the community: %(what)s"),
    }
    text = texts.get(item.kind, "%(topic)s")
    return text % {"who": who, "topic": topic, "what": _what(item.data.get("what", ""))}


def _what(code: str) -> str:
    words = {
        "hidden": _("the post was hidden."),
        "approved": _("the post was approved and is now visible."),
        "membership_approved": _("you are now a member. Welcome!"),
        "membership_declined": _("not accepted."),
        "suspended": _("you may not post for a while."),
        "institution_approved": _("your institution's request was approved."),
        "institution_declined": _("your institution's request was not accepted."),
    }
    return str(words.get(code, ""))


def notification_url(item) -> str:
    if item.post_id:  # the post's lasting address finds the topic page it is on now
        return reverse("community:post", kwargs={"pk": item.post_id})
    if item.topic_id:
        return reverse("community:topic", kwargs={"pk": item.topic_id})
    if item.kind == NotificationKind.CONTACT:
        return reverse("community:contacts")
    return reverse("community:index")
