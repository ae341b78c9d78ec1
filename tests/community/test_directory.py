import pytest
from django.urls import reverse

from ssehub.accounts.enums import Constituency, Gender
from ssehub.community.enums import CategoryKind, ContactStatus, SubscriptionLevel
from ssehub.community.models import ContactRequest, Subscription
from ssehub.community.selectors import DirectoryFilters, directory, people_to_meet
from ssehub.community.services import membership as services
from ssehub.core.errors import ServiceError
from tests.community.helpers import category, member
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _names(filters):
    return sorted(m.user.profile.full_name for m in directory(filters=filters))


def test_directory_filters_by_country_constituency_expertise_language():
    member(full_name="Aiko Sato", country="JP", constituency=Constituency.WORKERS, expertise=["worker cooperatives"],
           languages=["ja", "en"])
    member(full_name="Budi Santoso", country="ID", constituency=Constituency.GOVERNMENT,
           expertise=["koperasi", "social finance"], languages=["id"])
    member(full_name="Chen Jing", country="CN", constituency=Constituency.RESEARCHER, expertise=["合作社", "农村"],
           languages=["zh"])
    assert _names(DirectoryFilters(country="JP")) == ["Aiko Sato"]
    assert _names(DirectoryFilters(constituency=Constituency.GOVERNMENT)) == ["Budi Santoso"]
    assert _names(DirectoryFilters(expertise="Social Finance")) == ["Budi Santoso"]
    assert _names(DirectoryFilters(expertise="合作")) == ["Chen Jing"]
    assert _names(DirectoryFilters(language="ja")) == ["Aiko Sato"]


def test_directory_filter_never_matches_a_hidden_field():
    hidden = member(full_name="Dewi Lestari", country="ID", expertise=["microfinance"])
    hidden.show_country = False
    hidden.show_expertise = False
    hidden.save()
    assert _names(DirectoryFilters(country="ID")) == []
    assert _names(DirectoryFilters(expertise="microfinance")) == []
    assert _names(DirectoryFilters()) == ["Dewi Lestari"]


def test_directory_filter_by_institution():
    membership = member(full_name="Eun-ji Park", country="KR")
    institution = services.institution_apply(user=membership.user, data={
        "name": "Seoul Social Economy Center", "name_local": "서울시사회적경제지원센터", "country": "KR",
        "kind": "agency", "website": "", "contact_name": "Park", "contact_email": "p@example.org",
        "motivation": "Support centre for the city."})
    services.institution_decide(institution=institution, actor=make_user("moderator"), approve=True)
    member(full_name="Other Person", country="KR")
    assert _names(DirectoryFilters(institution=institution.pk)) == ["Eun-ji Park"]


def test_directory_page_never_shows_gender_and_hides_private_fields(client):
    shown = member(full_name="Farah Aziz", country="MY", gender=Gender.WOMAN, organisation="ANGKASA",
                   expertise=["cooperative law"])
    shown.show_organisation = False
    shown.save()
    viewer = member()
    client.force_login(viewer.user)
    page = client.get(reverse("community:directory")).content.decode()
    assert "Farah Aziz" in page
    assert "Malaysia" in page
    assert "ANGKASA" not in page
    assert "Woman" not in page
    assert "woman" not in page
    detail = client.get(reverse("community:member", kwargs={"handle": shown.handle})).content.decode()
    assert "Farah Aziz" in detail
    assert "ANGKASA" not in detail
    assert "Woman" not in detail


def test_directory_closed_to_non_members_and_anonymous(client):
    assert client.get(reverse("community:directory")).status_code == 302
    client.force_login(make_user())
    assert client.get(reverse("community:directory")).status_code == 403


def test_member_not_in_directory_has_no_page(client):
    hidden = member()
    hidden.user.profile.in_directory = False
    hidden.user.profile.save()
    client.force_login(member().user)
    assert client.get(reverse("community:member", kwargs={"handle": hidden.handle})).status_code == 404


def test_people_to_meet_from_other_countries_with_the_reason():
    me = member(full_name="Hiroshi Tanaka", country="JP", expertise=["Worker cooperatives", "care work"])
    member(full_name="Same Country", country="JP", expertise=["worker cooperatives"])
    member(full_name="Maria Santos", country="PH", expertise=["worker cooperatives"])
    member(full_name="No Overlap", country="KR", expertise=["tax law"])
    themed = member(full_name="Siti Rahma", country="ID", expertise=[])
    theme = category("rural", kind=CategoryKind.THEME, title="Decent work in the rural economy")
    for membership in (me, themed):
        Subscription.objects.create(user=membership.user, category=theme, level=SubscriptionLevel.FOLLOW)
    suggestions = people_to_meet(membership=me)
    assert [(s.fields["name"], s.shared, s.themes) for s in suggestions] == [
        ("Maria Santos", ["Worker cooperatives"], []),
        ("Siti Rahma", [], ["Decent work in the rural economy"]),
    ]


def test_contact_email_shown_only_once_accepted(client):
    asker = member(full_name="Asker")
    other = member(full_name="Other")
    client.force_login(asker.user)
    url = reverse("community:member", kwargs={"handle": other.handle})
    assert other.user.email not in client.get(url).content.decode()
    client.post(reverse("community:contact_create", kwargs={"handle": other.handle}), {"message": "Shall we talk?"})
    request = ContactRequest.objects.get()
    assert other.user.email not in client.get(url).content.decode()
    client.force_login(other.user)
    client.post(reverse("community:contact_answer", kwargs={"pk": request.pk}), {"accept": "1"})
    client.force_login(asker.user)
    assert other.user.email in client.get(url).content.decode()
    assert other.user.email in client.get(reverse("community:contacts")).content.decode()


def test_contact_declined_says_only_not_accepted(client):
    asker = member(full_name="Asker")
    other = member(full_name="Other")
    request = services.contact_request(sender=asker.user, recipient=other.user, message="Hello")
    services.contact_answer(request=request, actor=other.user, accept=False)
    client.force_login(asker.user)
    page = client.get(reverse("community:contacts")).content.decode()
    assert "Not accepted" in page
    assert other.user.email not in page
    assert ContactRequest.objects.get().status == ContactStatus.DECLINED


def test_contact_answer_by_someone_else_is_refused(client):
    request = services.contact_request(sender=member().user, recipient=member().user, message="Hello")
    client.force_login(member().user)
    assert client.post(reverse("community:contact_answer", kwargs={"pk": request.pk}), {"accept": "1"}).status_code == 403
    with pytest.raises(ServiceError):
        services.contact_answer(request=request, actor=make_user(), accept=True)


def test_settings_edit_is_stale_checked(client):
    membership = member()
    client.force_login(membership.user)
    data = {"in_directory": "on", "show_country": "on", "email_frequency": "daily", "version": membership.version}
    assert client.post(reverse("community:settings"), data).status_code == 302
    membership.refresh_from_db()
    assert (membership.email_frequency, membership.show_organisation) == ("daily", False)
    response = client.post(reverse("community:settings"), {**data, "email_frequency": "none"})
    assert response.status_code == 409
    membership.refresh_from_db()
    assert membership.email_frequency == "daily"


def test_leaving_the_directory_in_settings_uses_the_profile_flag(client):
    membership = member(full_name="Quiet Member")
    client.force_login(membership.user)
    client.post(reverse("community:settings"), {"show_country": "on", "email_frequency": "weekly",
                                                "version": membership.version})
    membership.user.profile.refresh_from_db()
    assert membership.user.profile.in_directory is False
    assert _names(DirectoryFilters()) == []


def test_directory_pages_by_name_and_keeps_its_filters(client):
    from ssehub.community.views.membership import DIRECTORY_PAGE

    for number in range(DIRECTORY_PAGE + 3):
        member(full_name=f"Person {number:03d}", country="PH", expertise=["Cooperative law"])
    member(full_name="Person elsewhere", country="JP", expertise=["Cooperative law"])
    client.force_login(member().user)
    url = reverse("community:directory")
    first = client.get(url, {"country": "PH", "expertise": "cooperative"}).content.decode()
    assert first.count("Person 0") == DIRECTORY_PAGE
    assert "Person elsewhere" not in first
    last_shown = directory(filters=DirectoryFilters(country="PH", expertise="cooperative"))[DIRECTORY_PAGE - 1]
    assert f"country=PH&amp;expertise=cooperative&amp;after={last_shown.pk}" in first
    second = client.get(url, {"country": "PH", "expertise": "cooperative", "after": last_shown.pk}).content.decode()
    assert [f"Person {number:03d}" in second for number in range(DIRECTORY_PAGE - 1, DIRECTORY_PAGE + 3)] == [
        False, True, True, True]
    assert "More members" not in second
    assert 'href="?country=PH&amp;expertise=cooperative">Back to the start' in second


def test_directory_columns_follow_the_profile_the_settings_and_leaving():
    from ssehub.accounts.services import profile_update
    from ssehub.community.directory import directory_values

    membership = member(full_name="Grace Tan", country="MY", expertise=["Koperasi"], languages=["ms"])
    profile_update(user=membership.user, data={"country": "SG", "expertise": ["Social finance"]})
    assert _names(DirectoryFilters(country="SG", expertise="social")) == ["Grace Tan"]
    assert _names(DirectoryFilters(country="MY")) == []
    membership.refresh_from_db()
    services.membership_settings_update(membership=membership, actor=membership.user,
                                        data={"show_country": False}, expected_version=membership.version)
    assert _names(DirectoryFilters(country="SG")) == []
    assert _names(DirectoryFilters(language="ms")) == ["Grace Tan"]
    membership.refresh_from_db()
    services.membership_leave(membership=membership, actor=membership.user)
    assert _names(DirectoryFilters()) == []
    membership.refresh_from_db()
    stored = {name: getattr(membership, name) for name in directory_values(membership, membership.user.profile)}
    assert stored == directory_values(membership, membership.user.profile)
