"""Writes for the evaluation: learning objectives, survey answers and reminders."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ssehub.accounts.models import User
from ssehub.agenda.enums import SurveyPhase
from ssehub.agenda.models import LearningObjective, ObjectiveRating, SessionFeedback, SurveyResponse
from ssehub.agenda.notifications import send_personal
from ssehub.events.enums import RegistrationStatus
from ssehub.events.models import Event


@transaction.atomic
def objectives_set(*, event: Event, actor: User, texts: list[str]) -> list[LearningObjective]:
    """Replace the list, keeping objectives whose text is unchanged (and their answers)."""
    wanted = [text.strip() for text in texts if text.strip()]
    existing = {objective.text: objective for objective in event.learning_objectives.all()}
    if any(text not in wanted for text in existing) and ObjectiveRating.objects.filter(
        objective__event=event, objective__text__in=[t for t in existing if t not in wanted]
    ).exists():
        raise ValidationError(_("Objectives that already have answers cannot be removed or reworded."))
    LearningObjective.objects.filter(event=event).exclude(text__in=wanted).delete()
    objectives = []
    for position, text in enumerate(wanted):
        objective = existing.get(text) or LearningObjective(event=event, text=text)
        objective.position = position
        objective.save()
        objectives.append(objective)
    return objectives


@transaction.atomic
def survey_submit(
    *, event: Event, user: User, phase: str, ratings: dict[int, int], anonymous: bool,
    satisfaction: int | None = None, comments: str = "", feedback: dict[int, int] | None = None,
) -> SurveyResponse:
    if SurveyResponse.objects.filter(event=event, user=user, phase=phase).exists():
        raise ValidationError(_("You have already answered this questionnaire."))
    objectives = {objective.pk: objective for objective in event.learning_objectives.all()}
    if set(ratings) != set(objectives):
        raise ValidationError(_("Rate every learning objective from 1 to 5."))
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


def survey_remind(*, event: Event, actor: User, phase: str) -> int:
    """Remind registered participants who have not answered this phase; returns how many."""
    answered = SurveyResponse.objects.filter(event=event, phase=phase).values_list("user_id", flat=True)
    users = list(
        User.objects.filter(registrations__event=event, registrations__status=RegistrationStatus.REGISTERED)
        .exclude(pk__in=answered).select_related("profile")
    )
    for user in users:
        send_personal(user=user, event=event, template="survey_reminder", context={"phase": phase})
    return len(users)
