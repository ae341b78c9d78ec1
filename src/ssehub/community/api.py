"""Read-only REST API over the community: the same selectors and rules as the pages, so a members-only
category is as closed here as on the site."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny

from ssehub.atlas.models import Instrument
from ssehub.community import selectors
from ssehub.community.models import Case, Category, Post, Topic
from ssehub.community.phrases import display_name


class CategorySerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code")
    topics = serializers.IntegerField(source="topic_total", read_only=True)

    class Meta:
        model = Category
        fields = ["slug", "title", "description", "kind", "country", "is_public", "topics"]


class TopicSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()
    answered = serializers.SerializerMethodField()

    class Meta:
        model = Topic
        fields = ["id", "title", "author", "reply_count", "is_pinned", "is_locked", "answered", "created_at",
                  "last_activity_at"]

    def get_author(self, topic) -> str:
        return display_name(topic.author)

    def get_answered(self, topic) -> bool:
        return topic.accepted_post_id is not None


class PostSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()
    html = serializers.CharField(source="body_html")

    class Meta:
        model = Post
        fields = ["id", "author", "body", "html", "created_at", "edited_at", "helpful_count"]

    def get_author(self, post) -> str:
        return display_name(post.author)


class CaseSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code")
    # Plain codes: the atlas API already names these choice sets in the schema (one name per set).
    entity_type = serializers.CharField()
    dimension = serializers.CharField()
    instruments = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Case
        fields = ["id", "title", "country", "entity_type", "dimension", "problem", "approach", "results", "lessons",
                  "instruments", "published_at"]


class CategoryList(generics.ListAPIView):
    serializer_class = CategorySerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        return selectors.categories_for(self.request.user).order_by("position", "title")


class TopicList(generics.ListAPIView):
    serializer_class = TopicSerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        category = get_object_or_404(Category, slug=self.kwargs["slug"])
        if not self.request.user.has_perm("community.read_category", category):
            raise PermissionDenied
        return selectors.topics_of(category=category, user=self.request.user)


class TopicPosts(generics.ListAPIView):
    serializer_class = PostSerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        topic = get_object_or_404(Topic.objects.select_related("category"), pk=self.kwargs["pk"])
        if not selectors.can_see_topic(topic=topic, user=self.request.user):
            raise PermissionDenied
        return selectors.posts_of(topic=topic, user=self.request.user)


class CaseList(generics.ListAPIView):
    serializer_class = CaseSerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        # Linked atlas records that are drafts are not named, not even by id.
        return selectors.cases_published().prefetch_related(
            Prefetch("instruments", queryset=Instrument.objects.filter(is_published=True).order_by("pk")))
