"""Generic organisers here organise *other* events: only platform admins pass the manage pages.
The event's own organisers, reviewers and applicants are tested in tests/calls/test_access.py."""

from tests.access import Access, only, public, signed_in
from tests.calls.factories import (
    CallFactory,
    CriterionFactory,
    QuestionFactory,
    make_application,
    make_assignment,
    make_invitation,
    make_pdf_answer,
)


def _call():
    return {"call_id": CallFactory().pk}


def _admin(**options):
    return only("admin", **options)


def _run():
    from ssehub.calls.models import SelectionRun

    call = CallFactory()
    run = SelectionRun.objects.create(call=call, score_basis="raw", status="infeasible", result={})
    return {"call_id": call.pk, "run_id": run.pk}


def _application_in_call():
    application = make_application(CallFactory())
    return {"call_id": application.call_id, "application_id": application.pk}


def _token():
    from ssehub.calls.services.communication import invitation_token

    return {"token": invitation_token(make_invitation(make_application(CallFactory())))}


ACCESS = {
    "calls:detail": public(kwargs=_call),
    "calls:apply": signed_in(kwargs=_call),
    "calls:withdraw": Access(allowed=frozenset(), method="post", kwargs=_call,
                             note="404 for everyone without an application of their own"),
    "calls:mine": signed_in(),
    "calls:application": _admin(kwargs=lambda: {"pk": make_application(CallFactory()).pk}),
    "calls:answer_file": _admin(kwargs=lambda: {"answer_id": make_pdf_answer(make_application(CallFactory())).pk}),
    "calls:invitation": public(kwargs=_token),
    "calls:my_reviews": signed_in(),
    # Platform admins pass every permission check (Django superusers); reviewers only their own.
    "calls:review": _admin(kwargs=lambda: {
        "assignment_id": make_assignment(make_application(CallFactory())).pk}),
    "calls:create": _admin(kwargs=lambda: {"slug": CallFactory().event.slug}),
    "calls:manage": _admin(kwargs=_call),
    "calls:edit": _admin(kwargs=_call),
    "calls:questions": _admin(kwargs=_call),
    "calls:question_delete": _admin(method="post", kwargs=lambda: (
        lambda q: {"call_id": q.call_id, "question_id": q.pk})(QuestionFactory())),
    "calls:rubric": _admin(kwargs=_call),
    "calls:criterion_delete": _admin(method="post", kwargs=lambda: (
        lambda c: {"call_id": c.call_id, "criterion_id": c.pk})(CriterionFactory())),
    "calls:applications": _admin(kwargs=_call),
    "calls:assignments": _admin(kwargs=_call),
    "calls:progress": _admin(kwargs=_call),
    "calls:remind": _admin(method="post", kwargs=_call),
    "calls:selection": _admin(kwargs=_call),
    "calls:pin": _admin(method="post", kwargs=_application_in_call, data=lambda: {"pin": "in"}),
    "calls:run": _admin(kwargs=_run),
    "calls:adopt": _admin(method="post", kwargs=_run),
    "calls:group": _admin(kwargs=_call),
    "calls:override": _admin(method="post", kwargs=_application_in_call, data=lambda: {"outcome": "selected"}),
    "calls:invite": _admin(method="post", kwargs=_call),
    "calls:replacement": _admin(method="post", kwargs=_call),
    "calls:templates": _admin(kwargs=_call),
    "calls:send": _admin(method="post", kwargs=_call, data=lambda: {"kind": "not_selected"}),
    "calls:template": _admin(kwargs=lambda: {**_call(), "kind": "invitation", "language": "id"}),
    "calls:export": _admin(kwargs=lambda: {**_call(), "kind": "applications.csv"}),
    "calls:export_log": _admin(kwargs=_call),
}
