"""Writes for the evaluation: learning objectives, survey answers and reminders."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ssehub.accounts.models import User
from ssehub.agenda import exports
from ssehub.agenda.enums import SurveyPhase
from ssehub.agenda.models import LearningObjective, ObjectiveRating, SessionFeedback, SurveyResponse
from ssehub.agenda.notifications import send_personal
from ssehub.agenda.results import evaluation_results
from ssehub.core.actionlog import action_verb, log_action
from ssehub.core.errors import ServiceError
from ssehub.events.models import Event
from ssehub.events.selectors import registered_users

OBJECTIVES_SET = action_verb("agenda.evaluation.objectives", gettext_lazy("Changed the learning objectives"))
SURVEY_REMINDED = action_verb("agenda.evaluation.remind", gettext_lazy("Reminded participants of a questionnaire"))
RESULTS_EXPORTED = action_verb("agenda.evaluation.export", gettext_lazy("Downloaded the evaluation results"))


@transaction.atomic
def objectives_set(*, event: Event, actor: User, texts: list[str]) -> list[LearningObjective]:
    """Replace the list, keeping objectives whose text is unchanged (and their answers)."""
    wanted = [text.strip() for text in texts if text.strip()]
    current = list(event.learning_objectives.all())
    existing = {objective.text: objective for objective in current}
    if any(text not in wanted for text in existing) and ObjectiveRating.objects.filter(
        objective__event=event, objective__text__in=[t for t in existing if t not in wanted]
    ).exists():
        raise ServiceError(_("Objectives that already have answers cannot be removed or reworded."),
                           code="answered")
    LearningObjective.objects.filter(event=event).exclude(text__in=wanted).delete()
    objectives = []
    for position, text in enumerate(wanted):
        objective = existing.get(text) or LearningObjective(event=event, text=text)
        objective.position = position
        objective.save()
        objectives.append(objective)
    before = [objective.text for objective in current]
    if before != wanted:
        log_action(actor=actor, verb=OBJECTIVES_SET, obj=event, data={"objectives": [before, wanted]})
    return objectives


@transaction.atomic
def survey_submit(
    *, event: Event, user: User, phase: str, ratings: dict[int, int], anonymous: bool,
    satisfaction: int | None = None, comments: str = "", feedback: dict[int, int] | None = None,
) -> SurveyResponse:
    """Save one person's answers. Not in the action log: an entry would tie anonymous answers to a
    name, which the evaluation promises never to do."""
    if SurveyResponse.objects.filter(event=event, user=user, phase=phase).exists():
        raise ServiceError(_("You have already answered this questionnaire."), code="answered")
    objectives = {objective.pk: objective for objective in event.learning_objectives.all()}
    if set(ratings) != set(objectives):
        raise ServiceError(_("Rate every learning objective from 1 to 5."), code="incomplete")
    profile = getattr(user, "profile", None)
    response = SurveyResponse.objects.create(
        event=event, user=user, phase=phase, anonymous=anonymous,
        satisfaction=satisfaction if phase == SurveyPhase.POST else None,
        comments=comments if phase == SurveyPhase.POST else "",
        country=profile.country if profile else "", constituency=profile.constituency if profile else "",
    )
    ObjectiveRating.objects.bulk_create([
        ObjectiveRating(response=response, objective=objectives[pk], score=score) for pk, score in ratings.items()
    ])
    if phase == SurveyPhase.POST and feedback:
        session_ids = set(event.sessions.filter(pk__in=feedback).values_list("pk", flat=True))
        SessionFeedback.objects.bulk_create([
            SessionFeedback(response=response, session_id=pk, score=score)
            for pk, score in feedback.items() if pk in session_ids
        ])
    return response


@transaction.atomic
def survey_remind(*, event: Event, actor: User, phase: str) -> int:
    """Remind registered participants who have not answered this phase; returns how many."""
    answered = SurveyResponse.objects.filter(event=event, phase=phase).values_list("user_id", flat=True)
    users = list(registered_users(event).exclude(pk__in=answered))
    for user in users:
        send_personal(user=user, event=event, template="survey_reminder", context={"phase": phase})
    log_action(actor=actor, verb=SURVEY_REMINDED, obj=event, data={"phase": phase, "reminded": len(users)})
    return len(users)


@transaction.atomic
def results_export(*, event: Event, actor: User) -> bytes:
    """The evaluation results as XLSX (aggregates only); the download is logged."""
    results = evaluation_results(event)
    content = exports.results_xlsx(results)
    log_action(actor=actor, verb=RESULTS_EXPORTED, obj=event,
               data={"format": "xlsx", "responses": dict(results.responses)})
    return content
