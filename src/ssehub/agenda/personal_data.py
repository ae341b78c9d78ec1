"""What this app holds about a person, for the "download my data" file."""

from ssehub.agenda.models import Attendance, Certificate, Invitation, JoinEvent, Star, SurveyResponse
from ssehub.events.selectors import registrations_of


def _iso(value):
    return value.isoformat() if value else None


def collect(*, user) -> dict:
    responses = (
        SurveyResponse.objects.filter(user=user, anonymous=False)
        .select_related("event").prefetch_related("ratings__objective", "session_feedback__session")
    )
    return {
        "registrations": [
            {"event": r.event.slug, "source": r.source, "status": r.status, "registered_at": _iso(r.registered_at)}
            for r in registrations_of(user)
        ],
        "invitations": [
            {"event": i.event.slug, "language": i.language, "invited_at": _iso(i.created_at),
             "accepted_at": _iso(i.accepted_at)}
            for i in Invitation.objects.filter(user=user).select_related("event")
        ],
        "starred_sessions": [
            {"event": s.session.event.slug, "session": s.session.title}
            for s in Star.objects.filter(user=user).select_related("session__event")
        ],
        "joins": [
            {"session": j.session.title, "joined_at": _iso(j.joined_at)}
            for j in JoinEvent.objects.filter(user=user).select_related("session")
        ],
        "attendance": [
            {"event": a.session.event.slug, "session": a.session.title, "source": a.source,
             "first_joined_at": _iso(a.first_joined_at), "last_left_at": _iso(a.last_left_at),
             "minutes": a.minutes}
            for a in Attendance.objects.filter(user=user).select_related("session__event")
        ],
        # Anonymous answers are left out on purpose: they are never tied to a name, not even here.
        "evaluation_answers": [
            {"event": r.event.slug, "phase": r.phase, "submitted_at": _iso(r.submitted_at),
             "satisfaction": r.satisfaction, "comments": r.comments,
             "objectives": {rating.objective.text: rating.score for rating in r.ratings.all()},
             "sessions": {f.session.title: f.score for f in r.session_feedback.all()}}
            for r in responses
        ],
        "certificates": [
            {"event": c.event.slug, "code": c.code, "name": c.name, "sessions_attended": c.sessions_attended,
             "sessions_total": c.sessions_total, "issued_at": _iso(c.issued_at)}
            for c in Certificate.objects.filter(user=user).select_related("event")
        ],
    }
