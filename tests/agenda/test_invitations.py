"""Organisers register people who have no account: invited by e-mail from a pasted list or a file,
registered from the start, and the account is theirs once they set a password from the link."""

import csv
import io
import re

import openpyxl
import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ssehub.accounts.models import User
from ssehub.agenda.invitees import Invitee, parse_invitees
from ssehub.agenda.models import Invitation
from ssehub.agenda.services.invitations import participants_invite
from ssehub.core.models import ActionLogEntry
from ssehub.core.personal_data import registered_sections
from ssehub.events.selectors import is_registered
from tests.concurrency import at_the_same_instant
from tests.factories import make_user

PASTED = ("E-mail\tName\tCountry\tConstituency\tLanguage\n"
          "siti@kemenkop.go.id\tSiti Rahmawati\tID\tGovernment\tid\n"
          "minjun@example.kr\t이민준\tSouth Korea\tworkers\tko\n"
          "ana@dole.gov.ph\tAna Cruz\tPH\t\t\n")


def _invite(client, event, **data):
    return client.post(reverse("agenda:invite", kwargs={"event_slug": event.slug}), {"language": "ms", **data},
                       follow=False)


def _link(message) -> str:
    return re.search(r"https?://\S+/agenda/invitations/\S+/", message.body).group(0)


@pytest.mark.django_db
def test_organiser_invites_a_pasted_list_and_each_is_registered_at_once(client, event, organiser,
                                                                       django_capture_on_commit_callbacks):
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, event, people=PASTED)
    assert response.status_code == 302
    people = {user.email: user for user in User.objects.filter(email__in=[
        "siti@kemenkop.go.id", "minjun@example.kr", "ana@dole.gov.ph"]).select_related("profile")}
    assert {email: (u.profile.full_name, u.profile.country.code, u.profile.constituency, u.profile.preferred_language,
                    u.has_usable_password(), is_registered(user=u, event=event))
            for email, u in people.items()} == {
        "siti@kemenkop.go.id": ("Siti Rahmawati", "ID", "government", "id", False, True),
        "minjun@example.kr": ("이민준", "KR", "workers", "ko", False, True),
        "ana@dole.gov.ph": ("Ana Cruz", "PH", "", "ms", False, True),
    }
    # One e-mail each, in the person's language (the form's language for a line that names none).
    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == sorted(people)
    korean = by_address["minjun@example.kr"].body
    assert f"일정: {settings.SITE_URL}/events/{event.slug}/agenda/" in korean  # "Agenda" in Korean
    assert "/agenda/invitations/" in by_address["ana@dole.gov.ph"].body
    # Registered through the events app's service, which logs each registration.
    assert ActionLogEntry.objects.filter(verb="events.registration.create").count() == 3
    invited = ActionLogEntry.objects.get(verb="agenda.invitations.send")
    assert (invited.actor, invited.data["invited"], invited.data["registered"]) == (organiser, 3, 0)


@pytest.mark.django_db
def test_registration_page_marks_invited_people_without_a_password(client, event, organiser):
    client.force_login(organiser)
    _invite(client, event, people="ana@dole.gov.ph, Ana Cruz, PH")
    page = client.get(reverse("agenda:registrations", kwargs={"event_slug": event.slug})).content.decode()
    rows = re.findall(r"<td>([^<]*)</td><td>([^<]*)</td>\s*<td>[^<]*</td><td>([^<]*)(?: · <span "
                      r'class="invitation-pending">([^<]*)</span>)?</td>', page)
    assert rows == [("Ana Cruz", "ana@dole.gov.ph", "Registered by an organiser", "invited, no password yet")]


@pytest.mark.django_db
def test_people_with_an_account_are_registered_without_an_invitation(client, event, organiser, outsider,
                                                                     django_capture_on_commit_callbacks):
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, event, people=outsider.email.upper())
    assert (is_registered(user=outsider, event=event), Invitation.objects.count(), mail.outbox) == (True, 0, [])


@pytest.mark.django_db
def test_a_list_with_bad_lines_invites_nobody_and_names_each_line(client, event, organiser):
    client.force_login(organiser)
    response = _invite(client, event, people="ana@dole.gov.ph, Ana, PH\nnot-an-address, X\nb@x.org, B, Atlantis, "
                                             "farmers")
    page = response.content.decode()
    assert response.status_code == 400
    assert ["Line 2: “not-an-address” is not an e-mail address." in page,
            "Line 3: no country is called “Atlantis”." in page,
            "Line 3: “farmers” is not a constituency" in page] == [True, True, True]
    assert User.objects.filter(email="ana@dole.gov.ph").exists() is False


@pytest.mark.django_db
def test_invitations_from_a_csv_and_an_xlsx_file(client, event, organiser):
    client.force_login(organiser)
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["email", "name", "country"], ["tanaka@example.jp", "田中 花子", "JP"]])
    _invite(client, event, upload=SimpleUploadedFile("people.csv", buffer.getvalue().encode("utf-8-sig")))
    workbook = openpyxl.Workbook()
    workbook.active.append(["Name", "E-mail", "Constituency"])
    workbook.active.append(["Bat-Erdene", "bat@example.mn", "Employers' organisation"])
    content = io.BytesIO()
    workbook.save(content)
    _invite(client, event, upload=SimpleUploadedFile("people.xlsx", content.getvalue()))
    rows = sorted((u.email, u.profile.full_name, u.profile.country.code, u.profile.constituency)
                  for u in User.objects.filter(email__in=["tanaka@example.jp", "bat@example.mn"]))
    assert rows == [("bat@example.mn", "Bat-Erdene", "", "employers"), ("tanaka@example.jp", "田中 花子", "JP", "")]


@pytest.mark.django_db
def test_invited_person_sets_a_password_from_the_link_and_is_signed_in(client, event, organiser,
                                                                      django_capture_on_commit_callbacks):
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, event, people="minjun@example.kr, 이민준, KR, workers, ko")
    link = _link(mail.outbox[0]).split("://", 1)[1].split("/", 1)[1]
    client.logout()
    page = client.get("/" + link)
    # The page speaks the invitee's language (the heading is one the Korean catalogue may not have yet,
    # so the test reads the active language the page was rendered in).
    assert (page.status_code, page.context["LANGUAGE_CODE"]) == (200, "ko")
    weak = client.post("/" + link, {"new_password1": "1234", "new_password2": "1234"})
    assert weak.status_code == 400
    done = client.post("/" + link, {"new_password1": "Solidarity-Economy-2021", "new_password2":
                                    "Solidarity-Economy-2021"})
    assert done.status_code == 302
    assert done.url == reverse("agenda:agenda", kwargs={"event_slug": event.slug})
    user = User.objects.get(email="minjun@example.kr")
    assert (user.check_password("Solidarity-Economy-2021"), is_registered(user=user, event=event)) == (True, True)
    assert list(EmailAddress.objects.filter(user=user).values_list("verified", "primary")) == [(True, True)]
    assert client.get(reverse("agenda:mine", kwargs={"event_slug": event.slug})).status_code == 200
    accepted = ActionLogEntry.objects.get(verb="agenda.invitations.accept")
    assert accepted.actor == user
    # The link works once: afterwards it leads to the sign-in page.
    client.logout()
    again = client.get("/" + link)
    assert (again.status_code, again.url.startswith(reverse("account_login"))) == (302, True)


@pytest.mark.django_db
def test_an_altered_invitation_link_is_refused(client, event, organiser, django_capture_on_commit_callbacks):
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, event, people="ana@dole.gov.ph")
    link = _link(mail.outbox[0]).split("://", 1)[1].split("/", 1)[1]
    client.logout()
    response = client.get("/" + link.replace("/invitations/", "/invitations/x"))
    assert (response.status_code, "This link does not work" in response.content.decode()) == (404, True)


@pytest.mark.django_db(transaction=True)
def test_two_organisers_inviting_the_same_new_person_at_once_make_one_account(event, organiser):
    colleague = make_user("organiser")
    event.organisers.add(colleague)
    url = reverse("agenda:invite", kwargs={"event_slug": event.slug})
    clients = []
    for person in (organiser, colleague):
        client = Client()
        client.force_login(person)
        clients.append(client)
    statuses = at_the_same_instant(*(
        lambda client=client: client.post(url, {"people": "ana@dole.gov.ph, Ana Cruz, PH", "language": "en"}).status_code
        for client in clients))
    assert statuses == [302, 302]
    user = User.objects.get(email="ana@dole.gov.ph")
    assert (Invitation.objects.filter(user=user).count(), is_registered(user=user, event=event)) == (1, True)


@pytest.mark.django_db
def test_invitation_is_in_the_persons_data_download(event, organiser):
    participants_invite(event=event, actor=organiser, language="ko",
                        people=[Invitee(line=1, email="minjun@example.kr", name="이민준")])
    data = registered_sections()["agenda"](user=User.objects.get(email="minjun@example.kr"))
    assert [(i["event"], i["language"], i["accepted_at"]) for i in data["invitations"]] == [(event.slug, "ko", None)]


@pytest.mark.parametrize(("country", "language"), [
    ("대한민국", "한국어"), ("South Korea", "Korean"), ("KR", "ko"), ("Korea Selatan", "ko")])
def test_invite_list_takes_country_and_language_names_as_the_pages_show_them(country, language):
    (person,) = parse_invitees([["email", "name", "country", "language"],
                                ["kim@example.org", "김민준", country, language]])
    assert (person.country, person.language) == ("KR", "ko")


def test_invite_list_still_refuses_an_unknown_country_by_name():
    with pytest.raises(ValidationError) as refused:
        parse_invitees([["email", "country"], ["kim@example.org", "Atlantis"]])
    assert "Atlantis" in str(refused.value)
