"""What the atlas holds about a person: the changes they made and the changes they proposed."""

from ssehub.atlas.models import InstitutionRevision, Proposal, Revision


def collect(*, user) -> dict:
    return {
        "revisions": [
            {"instrument": revision.instrument.title, "number": revision.number,
             "when": revision.created_at.isoformat(), "message": revision.message}
            for revision in Revision.objects.filter(author=user).select_related("instrument").order_by("created_at")
        ],
        "institution_revisions": [
            {"institution": revision.institution.name, "number": revision.number,
             "when": revision.created_at.isoformat(), "message": revision.message}
            for revision in InstitutionRevision.objects.filter(author=user).select_related("institution")
            .order_by("created_at")
        ],
        "proposals": [
            {"instrument": proposal.title, "new_record": proposal.is_new_record, "when": proposal.created_at.isoformat(),
             "status": proposal.status, "note": proposal.note, "changes": proposal.data,
             "decision_comment": proposal.decision_comment}
            for proposal in Proposal.objects.filter(proposer=user).select_related("instrument").order_by("created_at")
        ],
    }
