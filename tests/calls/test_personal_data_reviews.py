"""A reviewer's own reviews are in their "download my data" file (issue 11)."""

import json

import pytest
from django.urls import reverse

from ssehub.calls.models import Review
from tests.calls.factories import CallFactory, CriterionFactory, make_application, make_assignment
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_personal_data_export_holds_the_reviewers_own_reviews(client):
    call = CallFactory()
    relevance = CriterionFactory(call=call, title="Relevance")
    reviewer = make_user("reviewer")
    reviewed = make_assignment(make_application(call, full_name="Ana Applicant"), reviewer)
    Review.objects.create(assignment=reviewed, scores={str(relevance.pk): 4}, weighted_mean=4.0,
                          comment="Strong regional network.")
    pending = make_assignment(make_application(call), reviewer)
    make_assignment(make_application(call), make_user("reviewer"))  # someone else's

    client.force_login(reviewer)
    data = json.loads(client.get(reverse("accounts:export_data")).content)

    reviews = data["calls_reviews"]
    assert [(item["application"], item["call"], item["event"]) for item in reviews] == [
        (reviewed.application_id, call.title, call.event.title),
        (pending.application_id, call.title, call.event.title),
    ]
    assert reviews[0]["review"]["scores"] == [{"criterion": "Relevance", "score": 4}]
    assert (reviews[0]["review"]["weighted_mean"], reviews[0]["review"]["comment"]) == (
        4.0, "Strong regional network.",
    )
    assert reviews[1]["review"] is None
    # The applicant's details belong to the applicant's own file, not to the reviewer's.
    assert "Ana Applicant" not in json.dumps(reviews)
