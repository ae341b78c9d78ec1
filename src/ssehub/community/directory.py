"""The directory's copy of each member's shown fields (Membership.listed and dir_*), kept in step with
the membership and the profile (docs/decisions/0505).

The directory filters by country, constituency, expertise and working language, and sorts by name,
over 100,000 members. Read through the profile (another app's table, a JSON list of expertise) that
was a scan of every profile; on the membership's own indexed columns it is an index range that stops
after one page. A field the member hides is stored empty, so a filter can never match a hidden value
(ADR 0503 still holds), and gender is not copied at all.

The copy is written by `directory_refresh` after every save of a membership or a profile (post_save:
profiles are saved by accounts, which must not import the community). Bulk writes that skip `save()`
call `directory_refresh` themselves, or set the columns (the bench builds them directly).
"""

from django.db.models import BooleanField, Case, ExpressionWrapper, Q, Value, When
from django.db.models.functions import Lower

from ssehub.community.enums import MembershipStatus

PROFILE_FIELDS = frozenset({"full_name", "country", "constituency", "expertise", "languages", "in_directory"})
MEMBERSHIP_FIELDS = frozenset({"status", "handle", "show_country", "show_constituency", "show_expertise",
                               "show_languages"})
COLUMNS = ("listed", "dir_name", "dir_country", "dir_constituency", "dir_expertise", "dir_languages")


def expertise_text(tags) -> str:
    """"\\ntag\\ntag\\n", case-folded: a filter term is matched inside one tag with `contains`."""
    cleaned = [str(tag).strip().casefold().replace("\n", " ") for tag in tags or [] if str(tag).strip()]
    return "\n" + "\n".join(cleaned) + "\n" if cleaned else ""


def languages_text(codes) -> str:
    """" en ja ": a filter on one language is `contains " ja "`."""
    return (" " + " ".join(str(code) for code in codes) + " ")[:200] if codes else ""


def directory_values(membership, profile) -> dict:
    """The dir_* columns for a membership and its owner's profile (None: no profile)."""
    listed = bool(membership.status == MembershipStatus.ACTIVE and profile is not None and profile.in_directory)
    if not listed:
        return {**dict.fromkeys(COLUMNS, ""), "listed": False}
    return {
        "listed": True,
        "dir_name": (profile.full_name.casefold() or membership.handle.lower())[:200],
        "dir_country": str(profile.country or "") if membership.show_country else "",
        "dir_constituency": profile.constituency if membership.show_constituency else "",
        "dir_expertise": expertise_text(profile.expertise) if membership.show_expertise else "",
        "dir_languages": languages_text(profile.languages) if membership.show_languages else "",
    }


def directory_refresh(*, user_id: int) -> None:
    """Rewrite the member's directory columns from their membership and profile (two queries; none
    written when the person has no membership)."""
    from ssehub.community.models import Membership  # the app registry is ready when this runs

    membership = Membership.objects.select_related("user__profile").filter(user_id=user_id).first()
    if membership is None:
        return
    profile = getattr(membership.user, "profile", None)
    values = directory_values(membership, profile)
    if any(getattr(membership, name) != value for name, value in values.items()):
        Membership.objects.filter(pk=membership.pk).update(**values)


def _shown(listed: Q, flag: str, value: str):
    return Case(When(listed & Q(**{flag: True}), then=Value(value)), default=Value(""))


def profile_saved(sender, instance, update_fields=None, **kwargs) -> None:
    """One UPDATE, no read: the profile is at hand, the membership's switches are applied in SQL (a
    person without a membership costs one statement that changes nothing)."""
    if update_fields is not None and not PROFILE_FIELDS & set(update_fields):
        return  # a time zone or a language: nothing the directory shows
    from ssehub.community.models import Membership

    members = Membership.objects.filter(user_id=instance.user_id)
    if not instance.in_directory:
        members.update(**{**dict.fromkeys(COLUMNS, ""), "listed": False})
        return
    listed = Q(status=MembershipStatus.ACTIVE)
    name = (instance.full_name or "").casefold()[:200]
    members.update(
        listed=ExpressionWrapper(listed, output_field=BooleanField()),
        dir_name=Case(When(listed, then=Value(name) if name else Lower("handle")), default=Value("")),
        dir_country=_shown(listed, "show_country", str(instance.country or "")),
        dir_constituency=_shown(listed, "show_constituency", instance.constituency or ""),
        dir_expertise=_shown(listed, "show_expertise", expertise_text(instance.expertise)),
        dir_languages=_shown(listed, "show_languages", languages_text(instance.languages)),
    )


def membership_saved(sender, instance, update_fields=None, **kwargs) -> None:
    if update_fields is not None and not MEMBERSHIP_FIELDS & set(update_fields):
        return
    directory_refresh(user_id=instance.user_id)
