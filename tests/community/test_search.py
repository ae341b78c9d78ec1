"""Community search on the shared text index (ADR 0011), on SQLite and PostgreSQL alike."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ssehub.atlas.enums import Dimension, EntityType
from ssehub.community import search as community_search
from ssehub.community.enums import ResourceKind
from ssehub.community.models import Post
from ssehub.community.selectors import search
from ssehub.community.services import cases, discussions, moderation
from tests.community.helpers import category, member
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _topics(query: str, user) -> list[str]:
    return [hit.topic.title for hit in search(query=query, user=user)["topics"]]


def _case(title: str, problem: str = "A problem.", publish: bool = True):
    case = cases.case_create(actor=None, data={
        "title": title, "country": "KR", "entity_type": EntityType.SOCIAL_ENTERPRISE,
        "dimension": Dimension.LEGAL_FRAMEWORK, "problem": problem, "approach": "An approach.",
        "results": "Results.", "lessons": "", "contact": ""})
    if publish:
        cases.case_publish(case=case, actor=None)
    case.refresh_from_db()
    return case


def _resource(title: str, *, public: bool = True):
    return cases.resource_add(actor=None, data={"title": title, "kind": ResourceKind.REPORT, "description": "",
                                                 "url": "https://example.org/report", "country": "",
                                                 "is_public": public})


# Two characters inside a word, in each script: in a title, in a reply, in a case and in a resource.
CJK = [
    ("zh", "农村合作社的经验", "合作"),
    ("ja", "労働者協同組合法の施行", "協同"),
    ("ko", "사회적기업인증제도의성과", "기업"),
]


@pytest.mark.parametrize(("language", "text", "query"), CJK)
def test_two_cjk_characters_find_titles_replies_cases_and_resources(language, text, query):
    author = member()
    by_title = discussions.topic_create(category=category(), author=author.user, title=text, body="Body")
    by_reply = discussions.topic_create(category=category(), author=author.user, title=f"Reply {language}",
                                        body="Question")
    discussions.post_reply(topic=by_reply, author=member().user, body=f"答え {text} 끝")
    discussions.topic_create(category=category(), author=author.user, title="Unrelated", body="nothing here")
    case = _case(f"Case {text}")
    resource = _resource(f"Report {text}")
    found = search(query=query, user=author.user)
    assert sorted(hit.topic.pk for hit in found["topics"]) == sorted([by_title.pk, by_reply.pk])
    assert [c.pk for c in found["cases"]] == [case.pk]
    assert [r.pk for r in found["resources"]] == [resource.pk]
    reply_hit = next(hit for hit in found["topics"] if hit.topic == by_reply)
    assert reply_hit.excerpt.match == query


@pytest.mark.parametrize(("query", "expected"), [
    ("合作", ["Adjacent"]), ("作社", ["Adjacent"]), ("协作", []), ("合", ["Adjacent", "Apart by a digit",
                                                                       "Apart by punctuation"]),
    ("coop", ["Latin"]), ("operat", ["Latin"]), ("op framework", ["Latin"]), ("合作 coop", []),
    ("社 laws", ["Adjacent"]), ("合 1", ["Apart by a digit"]),
])
def test_matches_are_those_of_a_substring_scan(query, expected):
    author = member()
    for title, body in (("Adjacent", "农民专业合作社 laws"), ("Apart by punctuation", "联合、作业"),
                        ("Apart by a digit", "合1作"), ("Latin", "Noncooperative framework")):
        discussions.topic_create(category=category(), author=author.user, title=title, body=body)
    scanned = sorted(post.topic.title for post in Post.objects.select_related("topic")
                     if all(term in post.search_text for term in query.lower().split()))
    assert sorted(_topics(query, author.user)) == scanned == expected


def test_a_query_no_index_answers_is_refused_with_a_hint(client):
    author = member()
    discussions.topic_create(category=category(), author=author.user, title="Co-op", body="co-op 협동조합")
    found = search(query="co op", user=author.user)
    assert (found["topics"], found["too_short"]) == ([], True)
    assert _topics("co 협동", author.user) == ["Co-op"]  # short terms beside an indexed one are fine
    page = client.get(reverse("community:search"), {"q": "co"}).content.decode()
    assert "Type at least three letters" in page
    assert "No topic found." not in page


def test_readers_see_only_what_they_may_read():
    author = member()
    closed = discussions.topic_create(category=category("lounge", public=False), author=author.user,
                                      title="Members only 협동조합", body="협동조합 회의")
    open_topic = discussions.topic_create(category=category(), author=author.user, title="Open", body="Hello")
    hidden = discussions.post_reply(topic=open_topic, author=member().user, body="숨긴 협동조합 글")
    moderation.post_hide(post=hidden, actor=make_user("moderator"))
    pending = member(trust=0)
    discussions.topic_create(category=category(), author=pending.user, title="Waiting 협동조합", body="협동조합")
    _case("Draft 협동조합", publish=False)
    published = _case("Published 협동조합")
    _resource("Private 협동조합 report", public=False)
    public = _resource("Public 협동조합 report")
    anonymous = search(query="협동", user=AnonymousUser())
    assert anonymous["topics"] == []
    assert [c.pk for c in anonymous["cases"]] == [published.pk]
    assert [r.pk for r in anonymous["resources"]] == [public.pk]
    insider = search(query="협동", user=author.user)
    assert [hit.topic.pk for hit in insider["topics"]] == [closed.pk]
    assert len(insider["resources"]) == 2


def test_edits_are_found_at_once_and_old_words_are_not():
    author = member()
    topic = discussions.topic_create(category=category(), author=author.user, title="Edited", body="合作社 first")
    post = topic.posts.get()
    discussions.post_edit(post=post, actor=author.user, body="협동조합 second", expected_version=post.version)
    assert _topics("合作", author.user) == []
    assert _topics("first", author.user) == []
    assert _topics("협동", author.user) == _topics("second", author.user) == ["Edited"]
    case = _case("Old title")
    cases.case_update(case=case, actor=make_user("editor"), data={"title": "労働者協同組合"},
                      expected_version=case.version)
    assert [c.title for c in search(query="協同", user=author.user)["cases"]] == ["労働者協同組合"]
    assert search(query="old", user=author.user)["cases"] == []


def test_rebuild_gives_the_same_results():
    author = member()
    discussions.topic_create(category=category(), author=author.user, title="정책 협동조합", body="사회적기업")
    before = (_topics("협동", author.user), _topics("기업", author.user), _topics("정책", author.user))
    community_search.rebuild()
    assert (_topics("협동", author.user), _topics("기업", author.user), _topics("정책", author.user)) == before
    assert before == (["정책 협동조합"], ["정책 협동조합"], ["정책 협동조합"])


def test_newest_hit_first_and_the_link_opens_the_page_of_the_post():
    author = member()
    old = discussions.topic_create(category=category(), author=author.user, title="Old cooperative", body="x")
    busy = discussions.topic_create(category=category(), author=author.user, title="Busy", body="start")
    Post.objects.bulk_create([Post(topic=busy, author=author.user, body=f"filler {n}", body_html="")
                              for n in range(3)])
    reply = discussions.post_reply(topic=busy, author=member().user, body="A cooperative answer")
    hits = search(query="cooperative", user=author.user, posts_per_page=2)["topics"]
    assert [hit.topic.pk for hit in hits] == [busy.pk, old.pk]
    assert (hits[0].post_id, hits[0].page) == (reply.pk, 3)  # four posts before it, two a page
    assert (hits[1].post_id, hits[1].excerpt) == (None, None)  # found by its title


def test_short_cjk_terms_use_the_character_index_and_long_terms_the_trigram_index():
    author = member()
    discussions.topic_create(category=category(), author=author.user, title="T", body="협동조합 cooperative")
    with CaptureQueriesContext(connection) as queries:
        _topics("협동", author.user)
        _topics("cooperative", author.user)
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    if connection.vendor == "sqlite":
        assert "community_post_chars" in sql
        assert "community_post_fts" in sql
    else:
        assert "phraseto_tsquery" in sql
        assert "LIKE" in sql


def test_excerpt_shows_the_first_match_with_its_surroundings():
    excerpt = community_search.excerpt("x " * 100 + "the   Cooperative law " + "y " * 100, ["cooperative"])
    assert excerpt.match == "Cooperative"
    assert (excerpt.before[0], excerpt.before[-4:]) == ("…", "the ")
    assert (excerpt.after[:4], excerpt.after[-1]) == (" law", "…")


@pytest.mark.parametrize("size", [1, 20])
def test_search_page_queries(client, django_assert_num_queries, size):
    me = member(handle="viewer")
    client.force_login(me.user)
    client.get(reverse("community:index"))
    for number in range(size):
        topic = discussions.topic_create(category=category(), author=member().user, title=f"협동 topic {number}",
                                         body="Body")
        discussions.post_reply(topic=topic, author=member().user, body=f"협동조합 reply {number}")
        _case(f"협동 case {number}")
        _resource(f"협동 resource {number}")
    # The page's own 8 (session, user, profile, groups, membership, unread count, permissions twice)
    # and the search's 10: topic ids, post ids, their times (2), the topics and posts shown, case ids,
    # cases, resource ids, resources.
    with django_assert_num_queries(18):
        page = client.get(reverse("community:search"), {"q": "협동"}).content.decode()
    assert page.count("협동 topic") == size
    assert page.count("<mark>협동</mark>조합 reply") == size
    assert page.count("협동 case") == page.count("협동 resource") == size


def test_reindex_command_restores_an_index_emptied_behind_the_services():
    from django.core.management import call_command

    author = member()
    discussions.topic_create(category=category(), author=author.user, title="T", body="農業協同組合")
    community_search.POSTS.remove(Post.objects.values_list("pk", flat=True))
    Post.objects.update(search_chars="")
    assert _topics("協同", author.user) == []
    call_command("community_reindex", stdout=io.StringIO())
    assert _topics("協同", author.user) == ["T"]
