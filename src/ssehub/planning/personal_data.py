"""What planning holds about a person: their memberships, the actions and analysis they wrote, their
scores with comments, their comparisons and follow-up updates."""

from ssehub.planning.models import AnalysisItem, Comparison, FollowUpUpdate, Member, PolicyAction, Score


def collect(*, user) -> dict:
    return {
        "delegations": [
            {"event": m.delegation.event.title, "country": m.delegation.country.code, "role": m.role,
             "constituency": m.constituency}
            for m in Member.objects.filter(user=user).select_related("delegation__event")
        ],
        "actions": [
            {"title": a.title, "description": a.description, "created_at": a.created_at.isoformat()}
            for a in PolicyAction.objects.filter(author=user).order_by("created_at")
        ],
        "analysis": [
            {"kind": i.kind, "text": i.text, "created_at": i.created_at.isoformat()}
            for i in AnalysisItem.objects.filter(author=user).order_by("created_at")
        ],
        "scores": [
            {"action": s.action.title, "criterion": s.criterion.label, "score": s.value, "comment": s.comment,
             "updated_at": s.updated_at.isoformat()}
            for s in Score.objects.filter(user=user).select_related("action", "criterion").order_by("updated_at")
        ],
        "comparisons": [
            {"more_important": c.winner.title, "less_important": c.loser.title, "at": c.created_at.isoformat()}
            for c in Comparison.objects.filter(user=user).select_related("winner", "loser").order_by("created_at")
        ],
        "follow_up_updates": [
            {"action": u.action.title, "on": u.on.isoformat(), "status": u.status, "progress": u.progress,
             "note": u.note, "evidence": u.evidence}
            for u in FollowUpUpdate.objects.filter(author=user).select_related("action").order_by("created_at")
        ],
    }
