"""Rubric, reviewer assignment (manual and automatic), reviews, scores and reminders."""

from collections import Counter, defaultdict

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ssehub.accounts.models import User
from ssehub.calls.enums import ApplicationStatus
from ssehub.calls.models import Application, Assignment, Call, Review
from ssehub.calls.organisations import normalise
from ssehub.calls.scoring import SCALE, calibrate, weighted_mean
from ssehub.calls.services import ASSIGNED, REVIEW_SUBMITTED, REVIEWERS_REMINDED
from ssehub.core.actionlog import log_action
from ssehub.core.errors import ServiceError


def _reviewer_org(reviewer: User) -> str:
    profile = getattr(reviewer, "profile", None)
    return normalise(profile.organisation) if profile else ""


@transaction.atomic
def assignment_add(*, application: Application, reviewer: User, actor: User) -> Assignment:
    if reviewer.pk == application.applicant_id:
        raise ServiceError(_("Nobody reviews their own application."), code="self")
    reviewer_org = _reviewer_org(reviewer)
    if reviewer_org and reviewer_org == application.organisation_key:
        raise ServiceError(
            _("%(reviewer)s works for the applicant's organisation and cannot review this application.")
            % {"reviewer": reviewer}, code="same_organisation",
        )
    assignment, created = Assignment.objects.get_or_create(application=application, reviewer=reviewer)
    if created:
        log_action(actor=actor, verb=ASSIGNED, obj=application, scope=application.call.event,
                   data={"reviewers": [reviewer.pk], "automatic": False})
    return assignment


@transaction.atomic
def assignments_auto(*, call: Call, actor: User, per_application: int) -> dict:
    """Give each submitted application up to N reviewers from the call's pool, least-loaded first.

    Never a reviewer from the applicant's organisation (names compared after normalising) nor the
    applicant. Applications with the fewest eligible reviewers are served first so they are not
    starved. Returns how many were created and which applications stay short of N.
    """
    reviewers = list(call.reviewers.select_related("profile").order_by("pk"))
    applications = list(
        call.applications.filter(status=ApplicationStatus.SUBMITTED).prefetch_related("assignments")
    )
    existing = Assignment.objects.filter(application__call=call)
    load = Counter(existing.values_list("reviewer_id", flat=True))
    orgs = {reviewer.pk: _reviewer_org(reviewer) for reviewer in reviewers}
    eligible = {
        application.pk: [
            reviewer for reviewer in reviewers
            if reviewer.pk != application.applicant_id
            and not (orgs[reviewer.pk] and orgs[reviewer.pk] == application.organisation_key)
        ]
        for application in applications
    }
    applications.sort(key=lambda application: (len(eligible[application.pk]), application.pk))
    created, short = [], []
    for application in applications:
        have = {assignment.reviewer_id for assignment in application.assignments.all()}
        candidates = [reviewer for reviewer in eligible[application.pk] if reviewer.pk not in have]
        candidates.sort(key=lambda reviewer: (load[reviewer.pk], reviewer.pk))
        for reviewer in candidates[: max(0, per_application - len(have))]:
            created.append(Assignment(application=application, reviewer=reviewer))
            load[reviewer.pk] += 1
            have.add(reviewer.pk)
        if len(have) < per_application:
            short.append(application.pk)
    Assignment.objects.bulk_create(created)
    if created:
        log_action(actor=actor, verb=ASSIGNED, scope=call.event, data={
            "call": call.pk, "automatic": True, "created": len(created), "per_application": per_application, "short": short})
    return {"created": len(created), "short": short, "load": dict(load)}


@transaction.atomic
def review_save(*, assignment: Assignment, reviewer: User, scores: dict, comment: str = "") -> Review:
    if assignment.reviewer_id != reviewer.pk:
        raise ServiceError(_("This application is not assigned to you."), code="forbidden")
    criteria = list(assignment.application.call.criteria.all())
    if not criteria:
        raise ServiceError(_("The rubric has no criteria yet."), code="no_rubric")
    clean = {}
    for criterion in criteria:
        value = scores.get(str(criterion.pk))
        try:
            value = int(value)
        except (TypeError, ValueError):
            value = None
        if value not in SCALE:
            raise ServiceError(_("Give every criterion a score from 1 to 5."), code="scale")
        clean[str(criterion.pk)] = value
    mean = weighted_mean(clean, {str(criterion.pk): criterion.weight for criterion in criteria})
    review, _created = Review.objects.update_or_create(
        assignment=assignment,
        defaults={"scores": clean, "weighted_mean": round(mean, 4), "comment": comment},
    )
    # Every review moves the reviewer's distribution, so the whole call's scores are refreshed.
    call = assignment.application.call
    scores_refresh(call=call)
    # Ids only: the scores themselves stay with the organisers' pages, not in a log anyone may export.
    log_action(actor=reviewer, verb=REVIEW_SUBMITTED, obj=review, scope=call.event,
               data={"application": assignment.application_id, "assignment": assignment.pk})
    return review


def scores_refresh(*, call: Call) -> dict[int, dict]:
    """Store raw and calibrated scores on every application of the call; return them."""
    triples = Review.objects.filter(assignment__application__call=call).values_list(
        "assignment__application_id", "assignment__reviewer_id", "weighted_mean"
    )
    scores = calibrate(triples)
    applications = list(call.applications.only("pk", "raw_score", "calibrated_score"))
    for application in applications:
        entry = scores.get(application.pk)
        application.raw_score = entry["raw"] if entry else None
        application.calibrated_score = entry["calibrated"] if entry else None
    Application.objects.bulk_update(applications, ["raw_score", "calibrated_score"])
    return scores


def reviewers_remind(*, call: Call, actor: User, base_url: str) -> int:
    """E-mail each reviewer with missing reviews (queued); returns how many were reminded."""
    missing = defaultdict(list)
    assignments = Assignment.objects.filter(application__call=call, review__isnull=True).select_related(
        "reviewer__profile"
    )
    for assignment in assignments:
        missing[assignment.reviewer].append(assignment)
    now = timezone.now()
    for reviewer, open_assignments in missing.items():
        profile = getattr(reviewer, "profile", None)
        with translation.override((profile.preferred_language if profile else "") or "en"):
            subject = _("Reviews waiting for you: %(call)s") % {"call": call.title}
            body = render_to_string("calls/email/review_reminder.txt", {
                "call": call, "count": len(open_assignments),
                "url": base_url + reverse("calls:my_reviews"),
            })
        send_mail(subject, body, None, [reviewer.email])
    Assignment.objects.filter(pk__in=[a.pk for group in missing.values() for a in group]).update(reminded_at=now)
    if missing:
        log_action(actor=actor, verb=REVIEWERS_REMINDED, scope=call.event,
                   data={"call": call.pk, "reviewers": sorted(reviewer.pk for reviewer in missing)})
    return len(missing)
