import io
import re

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse

from ssehub.agenda.models import SurveyResponse
from ssehub.agenda.results import evaluation_results
from ssehub.agenda.services.evaluation import objectives_set, survey_remind, survey_submit
from ssehub.core.errors import ServiceError
from ssehub.core.personal_data import registered_sections
from tests.agenda.factories import register
from tests.factories import make_user


@pytest.fixture
def objectives(event, organiser):
    return objectives_set(event=event, actor=organiser, texts=[
        "Explain how SSE is recognised in law", "Prioritise policy actions with tripartite partners"])


def _answer(event, user, objectives, pre, post, *, anonymous=False, comments=""):
    survey_submit(event=event, user=user, phase="pre", anonymous=anonymous,
                  ratings={o.pk: score for o, score in zip(objectives, pre, strict=True)})
    if post:
        survey_submit(event=event, user=user, phase="post", anonymous=anonymous, satisfaction=5,
                      comments=comments, ratings={o.pk: score for o, score in zip(objectives, post, strict=True)})


@pytest.mark.django_db
def test_learning_gain_from_paired_answers_with_breakdowns(event, objectives):
    people = [make_user("participant", country=c, constituency=k) for c, k in
              (("PH", "government"), ("PH", "workers"), ("KR", "government"), ("ID", "employers"))]
    for person in people:
        register(event, person)
    _answer(event, people[0], objectives, [2, 1], [4, 3])
    _answer(event, people[1], objectives, [3, 2], [4, 2])
    _answer(event, people[2], objectives, [1, 1], [4, 5], anonymous=True)
    _answer(event, people[3], objectives, [2, 2], None)  # no post answer: not paired
    results = evaluation_results(event)
    first, second = results.overall
    assert (first.n, first.mean_change, first.sd, first.mean_pre, first.mean_post) == (3, 2.0, 1.0, 2.0, 4.0)
    assert (second.n, second.mean_change, second.sd) == (3, 2.0, 2.0)
    assert {key: [g.n for g in gains] for key, gains in results.by_country.items()} == {"KR": [1, 1], "PH": [2, 2]}
    assert results.by_country["PH"][0].mean_change == 1.5
    assert {key: gains[1].mean_change for key, gains in results.by_constituency.items()} == {
        "government": 3.0, "workers": 0.0}
    assert results.responses == {"pre": 4, "post": 3}
    assert (results.satisfaction, results.satisfaction_n) == (5.0, 3)


@pytest.mark.django_db
def test_survey_page_saves_answers_once(client, event, participant, objectives):
    client.force_login(participant)
    url = reverse("agenda:survey", kwargs={"event_slug": event.slug, "phase": "post"})
    data = {f"objective_{objectives[0].pk}": "4", f"objective_{objectives[1].pk}": "5", "satisfaction": "4",
            "comments": "Very useful labs."}
    assert client.post(url, {**data, "satisfaction": ""}).status_code == 400
    assert client.post(url, data).status_code == 302
    response = SurveyResponse.objects.get(user=participant)
    assert (response.phase, response.satisfaction, response.comments, response.country) == (
        "post", 4, "Very useful labs.", "PH")
    assert "already answered" in client.get(url).content.decode()
    with pytest.raises(ServiceError) as error:
        survey_submit(event=event, user=participant, phase="post", anonymous=False, ratings={})
    assert error.value.code == "answered"


@pytest.mark.django_db
def test_anonymous_answers_are_never_shown_against_a_name(client, event, organiser, participant, objectives):
    _answer(event, participant, objectives, [1, 1], [3, 3], anonymous=True, comments="The labs were too short.")
    client.force_login(organiser)
    page = client.get(reverse("agenda:evaluation", kwargs={"event_slug": event.slug})).content.decode()
    assert "The labs were too short." in page
    assert (participant.email in page, "Maria Luisa Reyes" in page) == (False, False)
    xlsx = client.get(reverse("agenda:evaluation_export", kwargs={"event_slug": event.slug})).content
    cells = [str(c.value) for sheet in openpyxl.load_workbook(io.BytesIO(xlsx)) for row in sheet for c in row]
    assert "The labs were too short." in cells
    assert [c for c in cells if participant.email in c or "Maria" in c] == []
    assert registered_sections()["agenda"](user=participant)["evaluation_answers"] == []


@pytest.mark.django_db
def test_results_page_has_an_accessible_svg_chart_and_table(client, event, organiser, participant, objectives):
    _answer(event, participant, objectives, [2, 2], [4, 3])
    client.force_login(organiser)
    page = client.get(reverse("agenda:evaluation", kwargs={"event_slug": event.slug})).content.decode()
    assert '<svg role="img" aria-labelledby="gain-chart-title gain-chart-desc"' in page
    assert '<title id="gain-chart-title">' in page
    assert "<caption>Learning gain, all participants</caption>" in page


@pytest.mark.django_db
def test_reminders_go_to_non_respondents_only_in_their_language(event, organiser, participant, objectives):
    answered = make_user("participant", preferred_language="ko")
    register(event, answered)
    korean = make_user("participant", preferred_language="ko")
    register(event, korean)
    _answer(event, answered, objectives, [3, 3], None)
    assert survey_remind(event=event, actor=organiser, phase="pre") == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([participant.email, korean.email])
    assert "/evaluation/pre/" in mail.outbox[0].body


@pytest.mark.django_db
def test_objectives_with_answers_cannot_be_removed(event, organiser, participant, objectives):
    _answer(event, participant, objectives, [3, 3], None)
    with pytest.raises(ServiceError) as error:
        objectives_set(event=event, actor=organiser, texts=[objectives[0].text])
    assert error.value.code == "answered"
    kept = objectives_set(event=event, actor=organiser, texts=[o.text for o in objectives] + ["Build a network"])
    assert [o.pk for o in kept[:2]] == [o.pk for o in objectives]


@pytest.mark.django_db
def test_results_page_names_countries_and_constituencies_in_words(client, event, organiser, participant, objectives):
    _answer(event, participant, objectives, [2, 2], [4, 3])
    client.force_login(organiser)
    page = client.get(reverse("agenda:evaluation", kwargs={"event_slug": event.slug})).content.decode()
    assert ("<caption>Philippines</caption>" in page, "<caption>Government</caption>" in page) == (True, True)


@pytest.mark.django_db
def test_chart_coordinates_stay_unlocalised_in_languages_with_a_decimal_comma(
    client, event, organiser, participant, objectives, settings
):
    _answer(event, participant, objectives, [2, 2], [3, 4])  # gains 1 and 2
    client.force_login(organiser)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    page = client.get(reverse("agenda:evaluation", kwargs={"event_slug": event.slug})).content.decode()
    widths = re.findall(r'<rect x="([^"]+)" y="[^"]+" width="([^"]+)"', page)
    assert widths == [("470.0", "35.0"), ("470.0", "70.0")]
