"""Who may do what in the community. Membership is looked up once per request and kept on the user."""

import rules

from ssehub.accounts.enums import Role
from ssehub.accounts.rules import is_admin, is_editor, user_roles
from ssehub.community.enums import MembershipStatus


def membership_of(user):
    """The person's membership row (any status) or None; cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_community_membership"):
        # Imported here: rules are loaded by the app config before models are ready to import at top.
        from ssehub.community.models import Membership

        user._community_membership = Membership.objects.filter(user=user).first()
    return user._community_membership


def forget_membership(user) -> None:
    user.__dict__.pop("_community_membership", None)


@rules.predicate
def is_moderator(user) -> bool:
    return Role.MODERATOR.value in user_roles(user)


is_moderator = is_moderator | is_admin


@rules.predicate
def is_active_member(user) -> bool:
    membership = membership_of(user)
    return membership is not None and membership.status == MembershipStatus.ACTIVE


@rules.predicate
def can_read_category(user, category) -> bool:
    return category is None or category.is_public


@rules.predicate
def is_post_author(user, post) -> bool:
    return post is not None and post.author_id == user.pk


@rules.predicate
def is_topic_author(user, topic) -> bool:
    return topic is not None and topic.author_id == user.pk


insider = is_active_member | is_moderator

rules.add_perm("community.moderate", is_moderator)
rules.add_perm("community.read_category", can_read_category | insider)
rules.add_perm("community.use_directory", insider)
rules.add_perm("community.post", is_active_member)
rules.add_perm("community.edit_post", (is_post_author & is_active_member) | is_moderator)
rules.add_perm("community.accept_answer", (is_topic_author & is_active_member) | is_moderator)
rules.add_perm("community.submit_case", insider)
rules.add_perm("community.review_case", is_moderator | is_editor)
