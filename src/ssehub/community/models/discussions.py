from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ssehub.community.enums import CategoryKind, FlagStatus, PostState, SubscriptionLevel


class Category(models.Model):
    slug = models.SlugField(_("short name"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=CategoryKind.choices, default=CategoryKind.GENERAL)
    theme = models.ForeignKey("programmes.Theme", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    country = CountryField(_("country"), blank=True)
    is_public = models.BooleanField(_("public"), default=True,
                                    help_text=_("Members-only categories are closed to everyone else."))
    position = models.PositiveSmallIntegerField(default=0)
    # Visible topics, kept by the services that make a topic visible or not (create, approve, hide,
    # move): the category list shows it without counting every topic (docs/decisions/0505).
    topic_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.title


class Topic(models.Model):
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="topics")
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    state = models.CharField(max_length=16, choices=PostState.choices, default=PostState.VISIBLE)
    is_locked = models.BooleanField(_("locked"), default=False)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    accepted_post = models.ForeignKey("community.Post", on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+")
    reply_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    last_activity_at = models.DateTimeField(auto_now_add=True)
    # Lower-cased title and its CJK characters: the search looks in them (community.search, ADR 0011).
    search_text = models.TextField(default="", editable=False)
    search_chars = models.TextField(default="", editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        # A category's page is a range of this index read backwards (newest activity first, then id):
        # selectors.topic_list pages by keyset on (last_activity_at, id), without counting.
        indexes = [models.Index(fields=["category", "state", "is_pinned", "last_activity_at", "id"],
                                name="community_topic_keyset")]

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts")
    # Kept when the account is deleted: the conversation stays readable, signed "former member".
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    body = models.TextField(_("text (Markdown)"), max_length=20000)
    body_html = models.TextField(editable=False)
    # Records the body links to, rendered as cards: [[kind, id], ...] (community.cards).
    card_refs = models.JSONField(default=list, editable=False)
    is_first = models.BooleanField(default=False)
    state = models.CharField(max_length=16, choices=PostState.choices, default=PostState.VISIBLE)
    helpful_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    search_text = models.TextField(default="", editable=False)
    search_chars = models.TextField(default="", editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        # A topic's page reads its post ids in order from this index alone (selectors.topic_page).
        indexes = [models.Index(fields=["topic", "state", "created_at", "id"], name="community_post_page"),
                   models.Index(fields=["author", "created_at"], name="community_post_author")]

    def __str__(self) -> str:
        return f"{self.topic_id}#{self.pk}"


class PostRevision(models.Model):
    """The text a post had before each edit."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    body = models.TextField()
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["post", "-number"]
        constraints = [models.UniqueConstraint(fields=["post", "number"], name="community_post_revision_once")]

    def __str__(self) -> str:
        return f"{self.post_id}r{self.number}"


def attachment_path(instance, filename: str) -> str:
    return f"community/{instance.post.topic_id}/{filename}"


class Attachment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=8)
    size = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.name


class Reaction(models.Model):
    """A "helpful" mark; one per person and post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="community_reaction_once")]

    def __str__(self) -> str:
        return f"{self.user_id}+{self.post_id}"


class Subscription(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    level = models.CharField(max_length=8, choices=SubscriptionLevel.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="community_sub_topic_once"),
            models.UniqueConstraint(fields=["user", "category"], name="community_sub_category_once"),
            models.CheckConstraint(condition=models.Q(topic__isnull=True) ^ models.Q(category__isnull=True),
                                   name="community_sub_one_target"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.level}"


class TopicRead(models.Model):
    """When a member last read a topic: digests skip what was read since."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "topic"], name="community_read_once")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.topic_id}"


class Flag(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    flagged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    reason = models.CharField(_("reason"), max_length=500)
    status = models.CharField(max_length=16, choices=FlagStatus.choices, default=FlagStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"flag {self.pk}"
