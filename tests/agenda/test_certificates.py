import subprocess

import pytest
from django.test import Client
from django.urls import reverse

from ssehub.agenda.certificates import certificate_pdf, script_language
from ssehub.agenda.models import Certificate
from ssehub.agenda.services.attendance import attendance_mark, certificates_issue, delivery_settings_update
from ssehub.core.models import ActionLogEntry
from tests.agenda.factories import SessionFactory, register
from tests.concurrency import at_the_same_instant
from tests.factories import make_user


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True,
                          text=True).stdout


def test_script_language_picks_the_font_language_from_the_name():
    assert [script_language(name) for name in ("박서연", "田中浩", "たなか", "王磊", "Siti")] == [
        "ko", "zh-Hans", "ja", "zh-Hans", "und"]
    assert script_language("田中浩", country="JP") == "ja"


@pytest.fixture
def three_sessions(event):
    return [SessionFactory(event=event) for _index in range(3)]


@pytest.mark.django_db
def test_certificates_go_to_participants_at_or_above_the_threshold(event, organiser, three_sessions):
    keen, casual = make_user("participant"), make_user("participant")
    register(event, keen)
    register(event, casual)
    for session in three_sessions[:2]:
        attendance_mark(session=session, user=keen, present=True, actor=organiser)
    attendance_mark(session=three_sessions[0], user=casual, present=True, actor=organiser)
    delivery_settings_update(event=event, actor=organiser, data={"certificate_threshold": 66}, expected_version=0)
    assert [c.user for c in certificates_issue(event=event, actor=organiser)] == [keen]
    delivery_settings_update(event=event, actor=organiser, data={"certificate_threshold": 67}, expected_version=1)
    certificates_issue(event=event, actor=organiser)
    # Already issued certificates are kept; their counts are refreshed.
    assert list(Certificate.objects.values_list("user", "sessions_attended", "sessions_total")) == [(keen.pk, 2, 3)]


@pytest.mark.django_db
def test_certificate_pdf_renders_korean_and_chinese_names(event, organiser, three_sessions, tmp_path):
    names = {"KR": "박서연", "CN": "王磊"}
    for country, name in names.items():
        person = make_user("participant", full_name=name, country=country)
        register(event, person)
        for session in three_sessions:
            attendance_mark(session=session, user=person, present=True, actor=organiser)
    certificates = certificates_issue(event=event, actor=organiser)
    texts = [pdf_text(certificate_pdf(c, verify_url="https://hub.example/verify"), tmp_path) for c in certificates]
    assert sorted(name for text in texts for name in names.values() if name in text) == sorted(names.values())
    assert all(c.code in text for c, text in zip(certificates, texts, strict=True))
    assert all(event.title in text for text in texts)
    path = tmp_path / "korean.pdf"
    path.write_bytes(certificate_pdf(certificates[0], verify_url="https://hub.example/verify"))
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    assert rows != []
    assert {row[-5] for row in rows} == {"yes"}  # every font is embedded


@pytest.mark.django_db
def test_my_certificate_downloads_a_pdf_only_for_its_owner(client, event, organiser, participant, three_sessions):
    for session in three_sessions:
        attendance_mark(session=session, user=participant, present=True, actor=organiser)
    certificates_issue(event=event, actor=organiser)
    url = reverse("agenda:certificate", kwargs={"event_slug": event.slug})
    client.force_login(participant)
    response = client.get(url)
    assert (response.status_code, response.content[:5]) == (200, b"%PDF-")
    client.force_login(make_user("participant"))
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_verification_page_confirms_a_code_and_denies_a_wrong_one(client, event, organiser, participant,
                                                                   three_sessions):
    for session in three_sessions:
        attendance_mark(session=session, user=participant, present=True, actor=organiser)
    (certificate,) = certificates_issue(event=event, actor=organiser)
    url = reverse("agenda_public:verify")
    page = client.get(url, {"code": certificate.code.lower().replace("-", "")}).content.decode()
    assert ("This certificate is genuine" in page, "Maria Luisa Reyes" in page) == (True, True)
    page = client.get(url, {"code": "AAAA-BBBB-CCCC"}).content.decode()
    assert ("No certificate has this code" in page, "Maria Luisa Reyes" in page) == (True, False)


@pytest.mark.django_db
def test_certificates_page_saves_the_threshold_and_issues(client, event, organiser, participant, three_sessions):
    attendance_mark(session=three_sessions[0], user=participant, present=True, actor=organiser)
    client.force_login(organiser)
    url = reverse("agenda:certificates", kwargs={"event_slug": event.slug})
    assert client.post(url, {"certificate_threshold": 0, "version": 0}).status_code == 400
    client.post(url, {"certificate_threshold": 30, "version": 0})
    assert Certificate.objects.filter(event=event, user=participant).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_organisers_issuing_at_the_same_instant_make_one_certificate(event, organiser, participant):
    session = SessionFactory(event=event)
    attendance_mark(session=session, user=participant, present=True, actor=organiser)
    colleague = make_user("organiser")
    event.organisers.add(colleague)
    url = reverse("agenda:certificates", kwargs={"event_slug": event.slug})
    clients = []
    for person in (organiser, colleague):
        client = Client()
        client.force_login(person)
        clients.append(client)
    statuses = at_the_same_instant(*(
        lambda client=client: client.post(url, {"certificate_threshold": 50, "version": 0}).status_code
        for client in clients))
    assert statuses == [302, 302]
    assert list(Certificate.objects.values_list("event", "user")) == [(event.pk, participant.pk)]
    runs = ActionLogEntry.objects.filter(verb="agenda.certificates.issue")
    # One run made the certificate, the other found it made: never two "new" for one person.
    assert sorted((entry.data["new"], entry.data["refreshed"]) for entry in runs) == [(0, 1), (1, 0)]
