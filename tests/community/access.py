"""Access rows for every community URL. The role users of the matrix are not community members, so
pages for members are refused to every role; moderation pages are open to platform admins (who are
community moderators). Member-side access is tested in test_access.py."""

from tests.access import Access, only, public, signed_in

NOBODY = Access(allowed=frozenset())
# A superuser holds every permission, so the pages let a platform admin through; without a membership
# the services then refuse the write (tests/community/test_access.py).
MODERATORS = ("admin", "moderator")
# Writing in discussions needs an active membership; a moderator who has not joined only moderates.
# Platform admins pass every permission (Django's superuser rule).
POSTERS = ("admin",)
EDITORS = ("editor", "moderator", "admin")


def _member():
    from tests.community.helpers import member

    return member()


def _handle():
    return {"handle": _member().handle}


def _category():
    from tests.community.helpers import category

    return {"slug": category("access-general").slug}


def _topic():
    from ssehub.community.services.discussions import topic_create
    from tests.community.helpers import category

    topic = topic_create(category=category("access-topics"), author=_member().user, title="Access", body="Body")
    return topic


def _topic_pk():
    return {"pk": _topic().pk}


def _first_post():
    return {"pk": _topic().posts.get().pk}


def _reply():
    from ssehub.community.services.discussions import post_reply

    topic = _topic()
    return {"pk": post_reply(topic=topic, author=_member().user, body="A reply").pk}


def _pending_post():
    from ssehub.community.services.discussions import post_reply
    from tests.community.helpers import member

    topic = _topic()
    return {"pk": post_reply(topic=topic, author=member(trust=0).user, body="New member's reply").pk}


def _join_token():
    from ssehub.community.models import EventInvitation
    from ssehub.community.tokens import join_token
    from tests.community.helpers import ended_event
    from tests.factories import make_user

    event = ended_event("access-event")
    person = make_user("participant")
    EventInvitation.objects.create(event=event, user=person)
    return {"token": join_token(user_id=person.pk, event_id=event.pk)}


def _unsubscribe_token():
    from ssehub.community.tokens import unsubscribe_token

    return {"token": unsubscribe_token(user_id=_member().user_id)}


def _institution_data():
    return {"name": "Access Institution", "name_local": "", "country": "PH", "kind": "network", "website": "",
            "contact_name": "Ana", "contact_email": "ana@example.org", "motivation": "To share."}


def _pending_institution():
    from ssehub.community.services.membership import institution_apply

    return {"pk": institution_apply(user=_member().user, data=_institution_data()).pk}


def _approved_institution():
    from ssehub.community.services.membership import institution_decide
    from tests.factories import make_user

    pk = _pending_institution()["pk"]
    from ssehub.community.models import CommunityInstitution

    institution_decide(institution=CommunityInstitution.objects.get(pk=pk), actor=make_user("moderator"), approve=True)
    return {"pk": pk}


def _pending_membership():
    from ssehub.community.services.membership import membership_request
    from tests.factories import make_user

    return {"pk": membership_request(user=make_user(), motivation="Please let me in").pk}


def _flag():
    from ssehub.community.models import Post
    from ssehub.community.services.moderation import post_flag
    from tests.factories import make_user

    return {"pk": post_flag(post=Post.objects.get(pk=_reply()["pk"]), user=make_user(), reason="Spam").pk}


def _contact():
    from ssehub.community.services.membership import contact_request

    return {"pk": contact_request(sender=_member().user, recipient=_member().user, message="Hello").pk}


def _case(publish=True):
    from ssehub.community.services.cases import case_create, case_publish

    case = case_create(actor=_member().user, data={
        "title": "Access case", "country": "JP", "entity_type": "cooperative", "dimension": "legal_framework",
        "problem": "p", "approach": "a", "results": "r"})
    if publish:
        case_publish(case=case, actor=None)
    return {"pk": case.pk}


ACCESS = {
    "community:index": public(),
    "community:join_request": signed_in(),
    "community:join": public(kwargs=_join_token),
    "community:leave": Access(allowed=frozenset(), method="post"),
    "community:settings": NOBODY,
    "community:institutions": public(),
    "community:institution_apply": signed_in(),
    "community:institution": public(kwargs=_approved_institution),
    "community:directory": only(*MODERATORS),
    "community:people": NOBODY,
    "community:member": only(*MODERATORS, kwargs=_handle),
    "community:contact_create": Access(allowed=frozenset(), kwargs=_handle, method="post",
                                       data=lambda: {"message": "Hello"}),
    "community:member_suspend": only(*MODERATORS, kwargs=_handle, method="post",
                                     data=lambda: {"days": 3, "reason": "Test"}),
    "community:contacts": NOBODY,
    "community:contact_answer": Access(allowed=frozenset(), kwargs=_contact, method="post",
                                       data=lambda: {"accept": "1"}),
    "community:category": public(kwargs=_category),
    "community:topic_create": only(*POSTERS, kwargs=_category),
    "community:category_subscribe": only(*POSTERS, kwargs=_category, method="post",
                                           data=lambda: {"level": "follow"}),
    "community:topic": public(kwargs=_topic_pk),
    "community:reply": only(*POSTERS, kwargs=_topic_pk, method="post", data=lambda: {"body": "Hi"}),
    "community:topic_subscribe": only(*POSTERS, kwargs=_topic_pk, method="post",
                                        data=lambda: {"level": "follow"}),
    "community:topic_moderate": only(*MODERATORS, kwargs=_topic_pk, method="post", data=lambda: {"action": "pin"}),
    "community:post": public(kwargs=_first_post),  # a redirect to the topic page that shows the post
    "community:post_edit": only(*MODERATORS, kwargs=_first_post),
    "community:post_history": public(kwargs=_first_post),
    "community:post_helpful": only(*POSTERS, kwargs=_reply, method="post"),
    "community:post_accept": only(*MODERATORS, kwargs=_reply, method="post"),
    "community:post_flag": signed_in(kwargs=_reply, method="post", data=lambda: {"reason": "Off topic"}),
    "community:post_hide": only(*MODERATORS, kwargs=_reply, method="post"),
    "community:post_approve": only(*MODERATORS, kwargs=_pending_post, method="post"),
    "community:attachment": public(request=False, note="tests/community/test_access.py (needs a stored file)"),
    "community:moderation": only(*MODERATORS),
    "community:moderation_log": only(*MODERATORS),
    "community:membership_decide": only(*MODERATORS, kwargs=_pending_membership, method="post",
                                        data=lambda: {"decision": "approve"}),
    "community:institution_decide": only(*MODERATORS, kwargs=_pending_institution, method="post",
                                         data=lambda: {"decision": "approve"}),
    "community:flag_dismiss": only(*MODERATORS, kwargs=_flag, method="post"),
    "community:notifications": NOBODY,
    "community:unsubscribe": public(kwargs=_unsubscribe_token),
    "community:cases": public(),
    "community:case_create": only(*MODERATORS),
    "community:case": public(kwargs=_case),
    "community:case_edit": only(*EDITORS, kwargs=_case),
    "community:case_publish": only(*EDITORS, kwargs=lambda: _case(publish=False), method="post"),
    "community:case_history": public(kwargs=_case),
    # Revision 2 is the published one; revision 1 (submitted) is for editors, moderators and the submitter
    # only: tests/community/test_case_history.py requests it as each of them.
    "community:case_revision": public(kwargs=lambda: {**_case(), "number": 2}),
    "community:resources": public(),
    "community:resource_create": only(*MODERATORS),
    "community:search": public(),
    "api:community_category_list": public(),
    "api:community_topic_list": public(kwargs=_category),
    "api:community_topic_posts": public(kwargs=_topic_pk),
    "api:community_case_list": public(),
}
