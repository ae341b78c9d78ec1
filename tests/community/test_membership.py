import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from ssehub.atlas.enums import InstitutionKind
from ssehub.atlas.models import Institution
from ssehub.community.enums import InstitutionStatus, MembershipStatus
from ssehub.community.models import CommunityInstitution, EventInvitation, Membership
from ssehub.community.services import membership as services
from ssehub.core.errors import ServiceError
from ssehub.core.models import ActionLogEntry
from ssehub.events.enums import RegistrationSource
from ssehub.events.services import registration_register
from tests.community.helpers import ended_event, member
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _registered(event, *people):
    for person in people:
        registration_register(event=event, user=person, source=RegistrationSource.DIRECT, actor=None)


def test_invite_after_events_mails_each_participant_once_in_their_language():
    event = ended_event()
    japanese = make_user("participant", preferred_language="ja")
    malay = make_user("participant", preferred_language="ms")
    _registered(event, japanese, malay)
    mail.outbox.clear()
    call_command("community_invite_after_events")
    call_command("community_invite_after_events")
    assert sorted(message.to[0] for message in mail.outbox) == sorted([japanese.email, malay.email])
    japanese_mail = next(message for message in mail.outbox if message.to == [japanese.email])
    assert "コミュニティ" in japanese_mail.subject
    assert EventInvitation.objects.filter(event=event).count() == 2
    assert ActionLogEntry.objects.filter(verb="community.invitation.send").count() == 1


def test_invite_after_events_skips_events_not_ended_and_members():
    event = ended_event(days_ago=-3)  # ends in three days
    person = make_user("participant")
    _registered(event, person)
    mail.outbox.clear()
    assert services.invitations_send_after_events() == {}
    assert mail.outbox == []
    ended = ended_event("ended-2021")
    already = member()
    _registered(ended, already.user, person)
    assert services.invitations_send_after_events() == {"ended-2021": 1}


def test_join_link_makes_the_participant_a_trusted_member_in_one_click(client):
    event = ended_event()
    person = make_user("participant")
    _registered(event, person)
    mail.outbox.clear()
    services.invitations_send_after_events()
    link = re.search(r"https?://\S+/community/join/\S+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path)
    assert response.status_code == 200
    response = client.post("/" + path)
    assert response.status_code == 302
    membership = Membership.objects.get(user=person)
    assert (membership.status, membership.trust_level) == (MembershipStatus.ACTIVE, 1)
    assert EventInvitation.objects.get(user=person).accepted_at is not None


def test_join_link_forged_is_refused_without_naming_anyone(client):
    response = client.post(reverse("community:join", kwargs={"token": "eyJ1IjoxLCJlIjoxfQ:forged:sig"}))
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    assert Membership.objects.count() == 0


def test_request_then_moderator_approves_with_a_message(client):
    person = make_user()
    moderator = make_user("moderator")
    client.force_login(person)
    response = client.post(reverse("community:join_request"), {"motivation": "I run a cooperative in Cebu."})
    assert response.status_code == 302
    membership = Membership.objects.get(user=person)
    assert membership.status == MembershipStatus.PENDING
    client.force_login(moderator)
    mail.outbox.clear()
    response = client.post(reverse("community:membership_decide", kwargs={"pk": membership.pk}),
                           {"decision": "approve", "message": "Welcome, Ana!"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.status, membership.decision_message, membership.trust_level) == (
        MembershipStatus.ACTIVE, "Welcome, Ana!", 0)
    assert mail.outbox[0].to == [person.email]
    assert "Welcome, Ana!" in mail.outbox[0].body


def test_request_declined_says_not_accepted_and_can_ask_again():
    person = make_user()
    moderator = make_user("moderator")
    membership = services.membership_request(user=person, motivation="Research on mutuals")
    services.membership_decide(membership=membership, actor=moderator, approve=False, message="Please add detail.")
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.DECLINED
    again = services.membership_request(user=person, motivation="I study mutual insurers in Japan.")
    assert again.status == MembershipStatus.PENDING


def test_request_twice_is_refused():
    person = make_user()
    services.membership_request(user=person, motivation="Hello")
    with pytest.raises(ServiceError) as error:
        services.membership_request(user=person, motivation="Hello again")
    assert error.value.code == "pending"


def test_member_without_moderator_role_cannot_decide(client):
    person = make_user()
    membership = services.membership_request(user=person, motivation="Hello")
    client.force_login(member().user)
    response = client.post(reverse("community:membership_decide", kwargs={"pk": membership.pk}),
                           {"decision": "approve"})
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING


def test_member_leaves_at_will(client):
    membership = member()
    client.force_login(membership.user)
    response = client.post(reverse("community:leave"))
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.LEFT
    assert client.get(reverse("community:settings")).status_code == 403


def _institution_data(**overrides):
    return {"name": "Korea Social Enterprise Promotion Agency", "name_local": "한국사회적기업진흥원",
            "country": "KR", "kind": InstitutionKind.AGENCY, "website": "https://www.socialenterprise.or.kr",
            "contact_name": "Kim Ji-won", "contact_email": "jiwon@example.org",
            "motivation": "We certify social enterprises and want to share what we learnt.", **overrides}


def test_institution_matching_the_atlas_is_linked_not_duplicated(client):
    atlas = Institution.objects.create(name="Korea Social Enterprise Promotion Agency", country="KR",
                                       kind=InstitutionKind.AGENCY)
    client.force_login(make_user())
    response = client.post(reverse("community:institution_apply"), _institution_data())
    assert response.status_code == 302
    institution = CommunityInstitution.objects.get()
    assert institution.atlas_institution == atlas
    assert Institution.objects.count() == 1


def test_institution_with_the_same_name_in_another_country_is_not_linked():
    Institution.objects.create(name="Korea Social Enterprise Promotion Agency", country="KR",
                               kind=InstitutionKind.AGENCY)
    institution = services.institution_apply(user=make_user(), data=_institution_data(country="JP"))
    assert institution.atlas_institution is None


def test_institution_approved_lists_only_members_who_show_it(client):
    applicant = member()
    institution = services.institution_apply(user=applicant.user, data=_institution_data())
    services.institution_decide(institution=institution, actor=make_user("moderator"), approve=True)
    institution.refresh_from_db()
    assert institution.status == InstitutionStatus.APPROVED
    applicant.refresh_from_db()
    assert applicant.institution == institution
    hidden = member(full_name="Hidden Person")
    hidden.institution, hidden.show_institution = institution, False
    hidden.save()
    applicant_name = applicant.user.profile.full_name
    page = client.get(reverse("community:institution", kwargs={"pk": institution.pk})).content.decode()
    assert applicant_name in page
    assert "Hidden Person" not in page
    assert "한국사회적기업진흥원" in page


def test_institution_pending_page_is_not_found(client):
    institution = services.institution_apply(user=make_user(), data=_institution_data())
    assert client.get(reverse("community:institution", kwargs={"pk": institution.pk})).status_code == 404


def test_institution_bad_input_changes_nothing():
    with pytest.raises(ServiceError):
        services.institution_apply(user=make_user(), data=_institution_data(contact_email="not-an-address"))
    assert CommunityInstitution.objects.count() == 0


def test_decision_without_approve_or_decline_changes_nothing_and_says_so(client):
    person = make_user()
    membership = Membership.objects.create(user=person, status=MembershipStatus.PENDING, source="request",
                                           handle="asker", motivation="Hello")
    client.force_login(make_user("moderator"))
    response = client.post(reverse("community:membership_decide", kwargs={"pk": membership.pk}),
                           {"decision": "maybe"}, follow=True)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING
    assert "Choose to approve or decline." in response.content.decode()
