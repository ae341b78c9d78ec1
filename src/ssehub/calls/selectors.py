"""Reads of the calls app, with their joins applied so pages run a fixed number of queries."""

from django.db.models import Count, Prefetch, Q, QuerySet

from ssehub.accounts.models import User
from ssehub.calls.enums import RunKind
from ssehub.calls.models import Answer, Application, Assignment, Call, Review, SelectionRun
from ssehub.calls.services import EXPORTED
from ssehub.core.actionlog import LogFilters, entries_filtered
from ssehub.core.models import ActionLogEntry


def calls_open_for_event(event) -> QuerySet[Call]:
    return event.calls.order_by("opens_at")


def calls_by_event(events: list) -> dict[int, list[Call]]:
    """The calls of each event, for the event pages (events.parts): one query for all events."""
    found: dict[int, list[Call]] = {}
    for call in Call.objects.filter(event__in=[event.pk for event in events]).order_by("opens_at", "pk"):
        found.setdefault(call.event_id, []).append(call)
    return found


def call_with_event(pk: int) -> Call:
    return Call.objects.select_related("event").get(pk=pk)


def applications_for_call(call: Call) -> QuerySet[Application]:
    return (
        call.applications.select_related("applicant", "invitation")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.select_related("question")),
            Prefetch("assignments", queryset=Assignment.objects.select_related("reviewer__profile", "review")),
        )
        .order_by("pk")
    )


def application_detail(pk: int) -> Application:
    return Application.objects.select_related("call__event", "applicant").prefetch_related(
        Prefetch("answers", queryset=Answer.objects.select_related("question").order_by("question__position")),
    ).get(pk=pk)


def application_kept(*, call: Call, applicant: User) -> Application | None:
    """The applicant's application as stored, answers and questions joined (shown after a conflict)."""
    return (Application.objects.filter(call=call, applicant=applicant)
            .prefetch_related(Prefetch("answers", Answer.objects.select_related("question").order_by("question__position", "question_id")))
            .first())


def assignments_for_reviewer(user: User) -> QuerySet[Assignment]:
    return (
        Assignment.objects.filter(reviewer=user)
        .select_related("application__call__event", "review")
        .order_by("application__call", "application_id")
    )


def assignment_for_review(pk: int) -> Assignment:
    return Assignment.objects.select_related("application__call__event", "review", "reviewer").prefetch_related(
        Prefetch("application__answers", queryset=Answer.objects.select_related("question")),
        "application__call__criteria",
    ).get(pk=pk)


def review_progress(call: Call) -> QuerySet[User]:
    """Per reviewer of the call: assigned, done and missing reviews."""
    in_call = Q(review_assignments__application__call=call)
    return (
        User.objects.filter(review_assignments__application__call=call)
        .select_related("profile")
        .annotate(
            assigned=Count("review_assignments", filter=in_call, distinct=True),
            done=Count("review_assignments__review", filter=in_call, distinct=True),
        )
        .order_by("email")
        .distinct()
    )


def reviews_for_call(call: Call) -> QuerySet[Review]:
    return Review.objects.filter(assignment__application__call=call).select_related("assignment")


def export_log(call: Call) -> QuerySet[ActionLogEntry]:
    """Every export of personal data from the call's event, newest first (the action log's entries)."""
    return entries_filtered(scope=call.event, filters=LogFilters(verb=EXPORTED))


def latest_replacement(call: Call) -> SelectionRun | None:
    """The last stored replacement proposal; the group page shows it instead of solving again."""
    return call.runs.filter(kind=RunKind.REPLACEMENT).select_related("created_by").first()


def my_applications(user: User) -> QuerySet[Application]:
    return user.applications.select_related("call__event", "invitation").order_by("-created_at")


def personal_data_for(*, user: User) -> list[dict]:
    """The person's applications and answers, for the "download my data" file."""
    result = []
    for application in user.applications.select_related("call__event").prefetch_related(
        Prefetch("answers", queryset=Answer.objects.select_related("question"))
    ):
        result.append({
            "call": application.call.title,
            "event": application.call.event.title,
            "status": application.status,
            "submitted_at": application.submitted_at.isoformat() if application.submitted_at else None,
            "data_protection_notice_accepted_at": (
                application.accepted_notice_at.isoformat() if application.accepted_notice_at else None
            ),
            "profile_snapshot": {
                "full_name": application.full_name, "email": application.email,
                "organisation": application.organisation,
                "country": application.country.code if application.country else "",
                "constituency": application.constituency, "gender": application.gender,
            },
            "outcome": application.outcome,
            "answers": [
                {"question": answer.question.text,
                 "answer": answer.file_name if answer.file else answer.value}
                for answer in application.answers.all()
            ],
        })
    return result


def reviews_personal_data_for(*, user: User) -> list[dict]:
    """The person's review assignments and the reviews they wrote, for the "download my data" file.
    The application is named by its number only: the applicant's details are not the reviewer's."""
    assignments = (
        Assignment.objects.filter(reviewer=user)
        .select_related("application__call__event", "review")
        .prefetch_related("application__call__criteria")
        .order_by("created_at", "pk")
    )
    result = []
    for assignment in assignments:
        call = assignment.application.call
        review = getattr(assignment, "review", None)
        titles = {str(criterion.pk): criterion.title for criterion in call.criteria.all()}
        result.append({
            "call": call.title,
            "event": call.event.title,
            "application": assignment.application_id,
            "assigned_at": assignment.created_at.isoformat(),
            "review": None if review is None else {
                "submitted_at": review.submitted_at.isoformat(),
                "scores": [
                    {"criterion": titles.get(criterion_id, criterion_id), "score": score}
                    for criterion_id, score in review.scores.items()
                ],
                "weighted_mean": review.weighted_mean,
                "comment": review.comment,
            },
        })
    return result


