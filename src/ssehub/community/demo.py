"""The community after the 2021 workshop: its participants invited and joined, categories for the three
themes and six countries, discussions in several languages (one answered and accepted), three cases
linked to real atlas records, institutions that answered the open call, and a small library.
Everything goes through the services; running it again adds nothing twice."""

import json
from pathlib import Path

from django.db import transaction
from django.urls import reverse

from ssehub.accounts.enums import Role
from ssehub.accounts.models import User
from ssehub.accounts.services import profile_update, role_assign
from ssehub.atlas.models import Instrument
from ssehub.community.demo_content import CASES, CATEGORIES, DISCUSSIONS, EXPERTISE, INSTITUTIONS, RESOURCES
from ssehub.community.enums import InstitutionStatus, MembershipStatus, SubscriptionLevel
from ssehub.community.models import (
    Case,
    Category,
    CommunityInstitution,
    EventInvitation,
    Membership,
    Resource,
    Topic,
)
from ssehub.community.services import cases as case_services
from ssehub.community.services import discussions, membership, moderation
from ssehub.events.models import Event
from ssehub.events.selectors import registered_users
from ssehub.programmes.models import Theme

DEMO_PRIORITY = 70
WORKSHOP = "sse-capacity-building-workshop-2021"
ATLAS_FILE = Path(__file__).resolve().parent.parent / "atlas" / "demo_data.json"


def _atlas_records() -> dict[str, Instrument]:
    rows = json.loads(ATLAS_FILE.read_text(encoding="utf-8"))["instruments"]
    found = {}
    for row in rows:
        instrument = Instrument.objects.filter(country=row["country"], title=row["title"]).first()
        if instrument is not None:
            found[row["key"]] = instrument
    return found


def _with_links(text: str, records: dict[str, Instrument]) -> str:
    """`{atlas:ref-23}` becomes a Markdown link to that atlas record (shown as a card under the post)."""
    for key, instrument in records.items():
        url = reverse("atlas:instrument_detail", kwargs={"pk": instrument.pk})
        text = text.replace("{atlas:" + key + "}", f"[{instrument.title}]({url})")
    return text


def _categories() -> dict[str, Category]:
    themes = {theme.code: theme for theme in Theme.objects.filter(programme__slug="sse-policy-asia")}
    found = {}
    for slug, title, kind, country, theme, public, position in CATEGORIES:
        category = Category.objects.filter(slug=slug).first() or Category(slug=slug)
        if category.pk is None:
            category.title, category.kind, category.country, category.is_public = title, kind, country, public
            category.theme, category.position = themes.get(theme), position
            moderation.category_save(category=category, actor=None, changed=["title"])
        found[slug] = category
    return found


def _members(event: Event) -> list[User]:
    membership.invitations_send_after_events()
    people = list(registered_users(event))
    for person in people:
        if EventInvitation.objects.filter(event=event, user=person).exists():
            membership.membership_join_from_invitation(user=person, event=event)
        profile = person.profile
        if not profile.expertise or not profile.in_directory:
            profile_update(user=person, data={"expertise": profile.expertise or EXPERTISE.get(str(profile.country), []),
                                              "in_directory": True})
    return people


def _discussions(categories: dict[str, Category], records: dict[str, Instrument]) -> int:
    created = 0
    for item in DISCUSSIONS:
        if Topic.objects.filter(title=item["title"]).exists():
            continue
        author = User.objects.get(email=item["author"])
        topic = discussions.topic_create(category=categories[item["category"]], author=author, title=item["title"],
                                         body=_with_links(item["body"], records))
        replies = [discussions.post_reply(topic=topic, author=User.objects.get(email=email),
                                          body=_with_links(body, records)) for email, body in item["replies"]]
        if item["accepted"] is not None:
            accepted = replies[item["accepted"]]
            discussions.post_toggle_helpful(post=accepted, user=User.objects.get(email="applicant.kr1@demo.ssehub.org"))
            discussions.topic_accept_answer(topic=topic, post=accepted, actor=author)
        created += 1
    return created


def _cases(records: dict[str, Instrument], editor: User | None) -> int:
    themes = {theme.code: theme for theme in Theme.objects.filter(programme__slug="sse-policy-asia")}
    created = 0
    for item in CASES:
        if Case.objects.filter(title=item["title"]).exists():
            continue
        data = {**item, "theme": themes.get(item["theme"]),
                "instruments": [records[key] for key in item["instruments"] if key in records]}
        case = case_services.case_create(actor=editor, data=data)
        case_services.case_publish(case=case, actor=editor)
        created += 1
    return created


def _institutions(moderator: User | None) -> None:
    for item in INSTITUTIONS:
        if CommunityInstitution.objects.filter(name=item["name"]).exists():
            continue
        submitter = User.objects.filter(email=item["submitter"]).first()
        institution = membership.institution_apply(user=submitter, data=item)
        if item["approve"] and moderator is not None:
            membership.institution_decide(institution=institution, actor=moderator, approve=True,
                                          message="Welcome to the community of practice.")


@transaction.atomic
def load(*, stdout=None) -> None:
    event = Event.objects.filter(slug=WORKSHOP).first()
    if event is None:
        return
    moderator = User.objects.filter(email="organiser@demo.ssehub.org").first()
    if moderator is not None:
        role_assign(user=moderator, role=Role.MODERATOR)
    editor = User.objects.filter(email="editor@demo.ssehub.org").first()
    categories = _categories()
    people = _members(event)
    if moderator is not None and not Membership.objects.filter(user=moderator).exists():
        request = membership.membership_request(user=moderator, motivation="Programme team: I moderate the community.")
        membership.membership_decide(membership=request, actor=moderator, approve=True)
        Membership.objects.filter(pk=request.pk).update(trust_level=1)
    for email, motivation in (("researcher@demo.ssehub.org", "I research cooperative law in Malaysia."),
                              ("member@demo.ssehub.org", "I follow SSE policy for a Korean trade union.")):
        person = User.objects.filter(email=email).first()
        if person is not None and not Membership.objects.filter(user=person).exists():
            request = membership.membership_request(user=person, motivation=motivation)
            if email.startswith("researcher") and moderator is not None:
                membership.membership_decide(membership=request, actor=moderator, approve=True,
                                             message="Welcome! Please introduce yourself in the lounge.")
    for person in people[::3]:
        for slug in ("formalisation", "rural-decent-work", "covid-recovery")[: 1 + person.pk % 3]:
            discussions.subscription_set(user=person, level=SubscriptionLevel.FOLLOW, category=categories[slug])
    records = _atlas_records()
    topics = _discussions(categories, records)
    cases = _cases(records, editor)
    _institutions(moderator)
    for item in RESOURCES:
        if not Resource.objects.filter(url=item["url"]).exists():
            case_services.resource_add(actor=moderator, data=item)
    if stdout:
        members = Membership.objects.filter(status=MembershipStatus.ACTIVE).count()
        approved = CommunityInstitution.objects.filter(status=InstitutionStatus.APPROVED).count()
        stdout.write(f"Community: {members} members, {len(categories)} categories, {topics} new discussions, "
                     f"{cases} new cases, {approved} institutions approved.")
