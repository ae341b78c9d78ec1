"""Who may do what with calls (docs/decisions/0202).

Organisers manage only the events whose organiser list names them (platform admins manage all);
reviewers see only the applications assigned to them; applicants see only their own application.
"""

import rules

from ssehub.calls.models import Answer, Application, Assignment, Call
from ssehub.events.rules import is_event_organiser


@rules.predicate
def manages_call(user, call: Call) -> bool:
    return call is not None and is_event_organiser(user, call.event)


@rules.predicate
def is_applicant(user, application: Application) -> bool:
    return application is not None and user.is_authenticated and application.applicant_id == user.pk


@rules.predicate
def manages_application(user, application: Application) -> bool:
    return application is not None and manages_call(user, application.call)


@rules.predicate
def is_assigned_reviewer(user, application: Application) -> bool:
    return (
        application is not None and user.is_authenticated
        and Assignment.objects.filter(application=application, reviewer=user).exists()
    )


@rules.predicate
def owns_assignment(user, assignment: Assignment) -> bool:
    return assignment is not None and user.is_authenticated and assignment.reviewer_id == user.pk


@rules.predicate
def may_read_answer_file(user, answer: Answer) -> bool:
    application = answer.application
    if is_applicant(user, application) or manages_application(user, application):
        return True
    # In anonymised review a document can name its author, yet the reviewer needs it: assigned only.
    return is_assigned_reviewer(user, application)


rules.add_perm("calls.manage_call", manages_call)
rules.add_perm("calls.view_application", is_applicant | manages_application)
rules.add_perm("calls.review_assignment", owns_assignment)
rules.add_perm("calls.read_answer_file", may_read_answer_file)
