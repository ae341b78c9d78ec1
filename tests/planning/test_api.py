import pytest
from django.urls import reverse

from ssehub.planning.models import Delegation
from tests.planning.test_views import finalised_public_plan

pytestmark = pytest.mark.django_db


def test_api_lists_public_plans_only(client):
    plan = finalised_public_plan()
    private = finalised_public_plan()
    Delegation.objects.filter(pk=private.pk).update(is_public=False)
    body = client.get(reverse("api:planning_plan_list")).json()
    rows = body["results"] if isinstance(body, dict) else body
    assert [row["id"] for row in rows] == [plan.pk]
    assert client.get(reverse("api:planning_plan_detail", args=[private.pk])).status_code == 404


def test_api_detail_gives_priorities_in_order(client):
    plan = finalised_public_plan()
    body = client.get(reverse("api:planning_plan_detail", args=[plan.pk])).json()
    assert [(p["position"], p["title"]) for p in body["priorities"]] == [
        (1, "Pass the Framework Act on Social Economy"), (2, "Social procurement quota for SSE")]
    assert body["method"] == "equal"


def test_plans_are_in_the_openapi_schema(client):
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/planning/plans" in schema
    assert "/api/v1/planning/plans/{id}" in schema
