"""What the community holds about a person, for the "download my data" file."""

from ssehub.community.models import Case, ContactRequest, Membership, Post, Subscription


def _iso(value):
    return value.isoformat() if value else None


def collect(*, user) -> dict:
    membership = Membership.objects.filter(user=user).select_related("institution", "user__profile").first()
    settings = None
    if membership is not None:
        settings = {
            "status": membership.status, "handle": membership.handle, "source": membership.source,
            "motivation": membership.motivation, "joined_at": _iso(membership.joined_at),
            "institution": membership.institution.name if membership.institution_id else None,
            "in_directory": membership.user.profile.in_directory, "email_frequency": membership.email_frequency,
            **{name: getattr(membership, name) for name in (
                "show_country", "show_organisation", "show_constituency", "show_expertise", "show_languages",
                "show_bio", "show_institution")},
        }
    return {
        "membership": settings,
        "posts": [{"topic": post.topic.title, "body": post.body, "created_at": _iso(post.created_at),
                   "state": post.state}
                  for post in Post.objects.filter(author=user).select_related("topic").order_by("created_at")],
        "cases": [{"title": case.title, "status": case.status, "created_at": _iso(case.created_at)}
                  for case in Case.objects.filter(submitted_by=user).order_by("created_at")],
        "contacts_sent": [{"to": str(c.recipient), "message": c.message, "status": c.status}
                          for c in ContactRequest.objects.filter(sender=user).select_related("recipient__profile")],
        "contacts_received": [{"from": str(c.sender), "message": c.message, "status": c.status}
                              for c in ContactRequest.objects.filter(recipient=user).select_related("sender__profile")],
        "follows": [{"topic": s.topic.title if s.topic_id else None,
                     "category": s.category.title if s.category_id else None, "level": s.level}
                    for s in Subscription.objects.filter(user=user).select_related("topic", "category")],
    }
