import datetime as dt
import io
import zipfile

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ssehub.agenda.enums import MaterialKind
from ssehub.agenda.files import material_kind_of
from ssehub.agenda.models import Session
from ssehub.agenda.selectors import sessions_for_agenda, timetable_warnings
from ssehub.agenda.services.sessions import PersonSpec, RoomSpec, session_update
from ssehub.core.errors import ServiceError
from tests.agenda.factories import SessionFactory, register
from tests.factories import make_user


def _form(**overrides):
    data = {"title": "Theme 2: Decent work in the rural economy", "description": "Cooperatives and rural jobs.",
            "kind": "panel", "starts_at": "2021-03-30T10:00", "ends_at": "2021-03-30T11:20", "language": "en",
            "interpretation": ["ko", "ja"], "room_url": "https://teams.microsoft.com/l/meetup-join/abc",
            "speakers": "Seoul National University research team | SNU",
            "facilitators": "", "rooms": "Room 1 | PH, ID | https://meet.jit.si/room1\nRoom 2 | KR"}
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_session_create_reads_times_in_the_host_zone_and_stores_utc(client, event, organiser):
    client.force_login(organiser)
    response = client.post(reverse("agenda:session_create", kwargs={"event_slug": event.slug}),
                           _form(facilitators=organiser.email))
    assert response.status_code == 302
    session = Session.objects.get(event=event)
    assert (session.starts_at, session.ends_at) == (
        dt.datetime(2021, 3, 30, 1, 0, tzinfo=dt.UTC), dt.datetime(2021, 3, 30, 2, 20, tzinfo=dt.UTC))
    assert [(p.role, p.display_name) for p in session.people.all()] == [
        ("speaker", "Seoul National University research team"), ("facilitator", str(organiser))]
    assert [(r.name, r.countries) for r in session.rooms.all()] == [("Room 1", ["PH", "ID"]), ("Room 2", ["KR"])]
    assert session.interpretation == ["ko", "ja"]


@pytest.mark.django_db
def test_session_create_rejects_end_before_start_and_unknown_member(client, event, organiser):
    client.force_login(organiser)
    response = client.post(reverse("agenda:session_create", kwargs={"event_slug": event.slug}),
                           _form(ends_at="2021-03-30T09:00", speakers="nobody@example.org"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "must end after it starts" in body
    assert "nobody@example.org" in body
    assert Session.objects.count() == 0


@pytest.mark.django_db
def test_session_edit_shows_host_times_and_saves_a_move(client, session, organiser, participant):
    client.force_login(organiser)
    url = reverse("agenda:session_edit", kwargs={"event_slug": session.event.slug, "pk": session.pk})
    assert 'value="2021-03-29T10:00"' in client.get(url).content.decode()
    response = client.post(url, _form(title=session.title, starts_at="2021-03-29T11:00",
                                      ends_at="2021-03-29T12:30", sequence=0))
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.sequence, session.starts_at) == (1, dt.datetime(2021, 3, 29, 2, 0, tzinfo=dt.UTC))


@pytest.mark.django_db
def test_session_edit_with_a_stale_sequence_is_refused_naming_who_saved(client, event, session, organiser):
    colleague = make_user("organiser", full_name="Tanaka Hiroshi")
    event.organisers.add(colleague)
    url = reverse("agenda:session_edit", kwargs={"event_slug": session.event.slug, "pk": session.pk})
    client.force_login(organiser)
    assert client.post(url, _form(title="First edit", sequence=0)).status_code == 302
    client.force_login(colleague)  # opened the form at sequence 0 too, saves after the organiser
    response = client.post(url, _form(title="Second edit", sequence=0))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Park Seo-yeon (박서연) changed this at" in page
    assert "after you opened it" in page
    session.refresh_from_db()
    assert (session.title, session.sequence) == ("First edit", 1)


@pytest.mark.django_db
def test_session_move_mails_each_participant_in_their_zone_and_language(
    event, session, organiser, participant, django_capture_on_commit_callbacks
):
    korean = make_user("participant", time_zone="Asia/Seoul", preferred_language="ko", full_name="이민준")
    register(event, korean)
    with django_capture_on_commit_callbacks(execute=True):
        session_update(session=session, actor=organiser, expected_sequence=0, people=[], rooms=[],
                       data={"starts_at": session.starts_at + dt.timedelta(hours=1),
                             "ends_at": session.ends_at + dt.timedelta(hours=1)})
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {participant.email, korean.email}
    # Manila sees 10:00 (UTC+8), Seoul 11:00 (UTC+9); each in their own language.
    assert "10:00" in by_address[participant.email].body
    assert "11:00" in by_address[korean.email].body
    assert by_address[korean.email].subject == f"일정 변경: {session.title}"


@pytest.mark.django_db
def test_session_update_without_a_move_sends_no_mail(
    session, organiser, participant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        session_update(session=session, actor=organiser, expected_sequence=0, people=[], rooms=[],
                       data={"title": "New title"})
    assert mail.outbox == []
    with pytest.raises(ServiceError) as refusal:
        session_update(session=session, actor=organiser, expected_sequence=0, people=[], rooms=[], data={})
    assert refusal.value.code == "stale"


@pytest.mark.django_db
def test_timetable_warns_about_the_same_speaker_and_delegation_in_overlapping_sessions(event, organiser):
    a = SessionFactory(event=event, title="Panel A")
    b = SessionFactory(event=event, title="Lab B", starts_at=a.starts_at + dt.timedelta(minutes=30))
    c = SessionFactory(event=event, title="Later C", starts_at=a.ends_at + dt.timedelta(hours=1))
    for session in (a, b, c):
        session_update(session=session, actor=organiser, expected_sequence=0, data={},
                       people=[PersonSpec(role="speaker", guest_name="Prof. Kim")],
                       rooms=[RoomSpec(name="Room", countries=("PH",))])
    warnings = timetable_warnings(sessions_for_agenda(event, include_private=True))
    assert set(warnings) == {a.pk, b.pk}
    assert len(warnings[a.pk]) == 2
    assert "Prof. Kim" in warnings[a.pk][0]
    assert "Philippines delegation" in warnings[a.pk][1]


def _ooxml(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "content", "kind"), [
    ("brief.pdf", b"%PDF-1.7\n...", MaterialKind.PDF),
    ("slides.pptx", _ooxml("ppt/presentation.xml"), MaterialKind.PPTX),
    ("notes.docx", _ooxml("word/document.xml"), MaterialKind.DOCX),
    ("scores.xlsx", _ooxml("xl/workbook.xml"), MaterialKind.XLSX),
])
def test_material_kind_is_read_from_the_content(name, content, kind):
    assert material_kind_of(SimpleUploadedFile(name, content)) == kind


@pytest.mark.parametrize(("name", "content", "code"), [
    ("virus.pdf", b"MZ\x90\x00 not a pdf", "bad_type"),
    ("archive.docx", _ooxml("other/thing.xml"), "bad_type"),
    ("renamed.docx", b"%PDF-1.4 really a pdf", "bad_extension"),
])
def test_material_with_the_wrong_content_is_refused(name, content, code):
    with pytest.raises(ValidationError) as error:
        material_kind_of(SimpleUploadedFile(name, content))
    assert error.value.code == code


def test_material_over_25_mb_is_refused():
    upload = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (25 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        material_kind_of(upload)
    assert error.value.code == "too_large"


@pytest.mark.django_db
def test_material_upload_through_the_page(client, session, organiser):
    client.force_login(organiser)
    url = reverse("agenda:material_add", kwargs={"event_slug": session.event.slug, "pk": session.pk})
    response = client.post(url, {"title": "Slides", "file": SimpleUploadedFile("s.pdf", b"GIF89a")})
    assert response.status_code == 400
    assert session.materials.count() == 0
    response = client.post(url, {"title": "Slides", "file": SimpleUploadedFile("s.pdf", b"%PDF-1.7 x")})
    assert response.status_code == 302
    item = session.materials.get()
    download = client.get(reverse("agenda:material", kwargs={"event_slug": session.event.slug, "pk": item.pk}))
    assert b"".join(download.streaming_content) == b"%PDF-1.7 x"


@pytest.mark.django_db
def test_organiser_registers_people_directly_all_or_nothing(client, event, organiser):
    known = make_user("participant")
    client.force_login(organiser)
    url = reverse("agenda:registrations", kwargs={"event_slug": event.slug})
    response = client.post(url, {"emails": f"{known.email}\nghost@example.org"})
    assert response.status_code == 400
    assert event.registrations.count() == 0
    client.post(url, {"emails": known.email.upper()})
    assert list(event.registrations.values_list("user__email", "source")) == [(known.email, "direct")]
