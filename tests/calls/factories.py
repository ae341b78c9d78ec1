import datetime as dt

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from ssehub.calls.enums import ApplicationStatus, QuestionKind
from ssehub.calls.models import Answer, Application, Assignment, Call, Criterion, Invitation, Question
from ssehub.calls.organisations import normalise
from tests.events.factories import EventFactory
from tests.factories import make_user


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    event = factory.SubFactory(EventFactory)
    title = "Call for participants"
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    data_protection_notice = "Used only to select participants; seen by the organisers and reviewers; kept one year."


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    call = factory.SubFactory(CallFactory)
    kind = QuestionKind.LONG_TEXT
    text = "Why do you want to take part?"
    required = True


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    call = factory.SubFactory(CallFactory)
    title = "Relevance to national SSE policy"
    weight = 1


def make_application(call, *, role=None, status=ApplicationStatus.SUBMITTED, score=None, **profile) -> Application:
    fields = {"country": "PH", "constituency": "government", "gender": "woman", **profile}
    user = make_user(role, **fields)
    return Application.objects.create(
        call=call, applicant=user, status=status, full_name=user.profile.full_name, email=user.email,
        organisation=user.profile.organisation, organisation_key=normalise(user.profile.organisation),
        country=fields["country"], constituency=fields["constituency"], gender=fields["gender"],
        submitted_at=timezone.now() if status == ApplicationStatus.SUBMITTED else None,
        raw_score=score, calibrated_score=score, language="en",
    )


def make_organiser(event):
    user = make_user("organiser")
    event.organisers.add(user)
    return user


def make_assignment(application, reviewer=None) -> Assignment:
    return Assignment.objects.create(application=application, reviewer=reviewer or make_user("reviewer"))


def make_pdf_answer(application) -> Answer:
    question = QuestionFactory(call=application.call, kind=QuestionKind.PDF, text="CV", required=False)
    answer = Answer(application=application, question=question, file_name="cv.pdf")
    answer.file.save("test.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    return answer


def make_invitation(application) -> Invitation:
    return Invitation.objects.create(application=application,
                                     expires_at=timezone.now() + dt.timedelta(days=14))
