"""Signed links for e-mails: joining from an invitation and one-click unsubscribe (no log-in needed).

A forged, altered or expired token is refused the same way, without saying whose it was."""

from django.core import signing

JOIN_SALT = "ssehub.community.join"
UNSUBSCRIBE_SALT = "ssehub.community.unsubscribe"
JOIN_MAX_AGE = 90 * 24 * 3600
UNSUBSCRIBE_MAX_AGE = 180 * 24 * 3600


def join_token(*, user_id: int, event_id: int) -> str:
    return signing.dumps({"u": user_id, "e": event_id}, salt=JOIN_SALT, compress=True)


def read_join_token(token: str) -> tuple[int, int] | None:
    try:
        data = signing.loads(token, salt=JOIN_SALT, max_age=JOIN_MAX_AGE)
        return int(data["u"]), int(data["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def unsubscribe_token(*, user_id: int) -> str:
    return signing.dumps({"u": user_id}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)["u"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
