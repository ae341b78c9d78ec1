from ssehub.community.models.cases import Case, CaseLink, CaseRevision, Resource
from ssehub.community.models.discussions import (
    Attachment,
    Category,
    Flag,
    Post,
    PostRevision,
    Reaction,
    Subscription,
    Topic,
    TopicRead,
)
from ssehub.community.models.membership import (
    LISTED,
    VISIBLE_FIELDS,
    CommunityInstitution,
    ContactRequest,
    EventInvitation,
    InvitedEvent,
    Membership,
)
from ssehub.community.models.notifications import Notification

__all__ = [
    "LISTED", "VISIBLE_FIELDS", "Attachment", "Case", "CaseLink", "CaseRevision", "Category", "CommunityInstitution", "ContactRequest",
    "EventInvitation", "Flag", "InvitedEvent", "Membership", "Notification", "Post", "PostRevision", "Reaction",
    "Resource", "Subscription", "Topic", "TopicRead",
]
