"""Read-only API over public plans: the same selectors as the public plan page."""

from django.db.models import Prefetch
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny

from ssehub.planning.models import FollowUpUpdate, Priority
from ssehub.planning.selectors import public_plans


class UpdateSerializer(serializers.ModelSerializer):
    # A plain string in the schema: a second enum named "status" would collide with the atlas's.
    status = serializers.CharField(help_text="not_started, in_progress, done or blocked")

    class Meta:
        model = FollowUpUpdate
        fields = ["on", "status", "progress", "note", "evidence"]


class PrioritySerializer(serializers.Serializer):
    position = serializers.IntegerField()
    title = serializers.CharField(source="action.title")
    description = serializers.CharField(source="action.description")
    dimension = serializers.CharField(source="action.dimension")
    entity_types = serializers.ListField(child=serializers.CharField(), source="action.entity_types")
    lead_agency = serializers.CharField(source="action.lead_agency")
    time_frame = serializers.CharField(source="action.time_frame")
    indicators = serializers.JSONField(source="action.indicators")
    instrument = serializers.IntegerField(source="action.instrument_id", allow_null=True)
    instrument_link = serializers.CharField(source="action.instrument_link")
    aggregate = serializers.FloatField(allow_null=True)
    updates = UpdateSerializer(many=True, source="action.updates.all")


class PlanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    country = serializers.CharField(source="country.code")
    event = serializers.CharField(source="event.title")
    language = serializers.CharField()
    method = serializers.CharField(source="finalised_method")
    # The 2:1:1 weight of every constituency the ranking used (empty under the other methods).
    weights = serializers.DictField(child=serializers.FloatField(), source="finalised_weights")
    finalised_at = serializers.DateTimeField()
    last_update = serializers.DateField(allow_null=True)


class PlanDetailSerializer(PlanSerializer):
    agreed_reason = serializers.CharField()
    priorities = PrioritySerializer(many=True, source="priorities.all")


def _detailed():
    return public_plans().prefetch_related(Prefetch(
        "priorities", queryset=Priority.objects.select_related("action__lead_institution").prefetch_related(
            Prefetch("action__updates", queryset=FollowUpUpdate.objects.order_by("-on", "-pk"))).order_by("position")))


class PlanList(generics.ListAPIView):
    """Public, finalised action plans, newest first."""

    permission_classes = [AllowAny]
    serializer_class = PlanSerializer
    queryset = public_plans()


class PlanDetail(generics.RetrieveAPIView):
    """One public plan: its priority actions in order, with their follow-up updates."""

    permission_classes = [AllowAny]
    serializer_class = PlanDetailSerializer

    def get_queryset(self):
        return _detailed()
