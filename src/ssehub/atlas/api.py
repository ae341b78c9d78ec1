"""Read-only REST API over the atlas; the list views use the same selectors as the HTML pages."""

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny

from ssehub.atlas.enums import Dimension, EntityType, InstitutionKind, InstrumentType, Sort, Status
from ssehub.atlas.forms import InstitutionFilterForm, SearchForm
from ssehub.atlas.models import Institution, Instrument, Relation, Source
from ssehub.atlas.selectors import institutions_matching, instrument_search, published_instruments


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["title", "url", "accessed_on"]


class InstitutionBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Institution
        fields = ["id", "name", "name_local"]


class InstitutionSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code")
    published_instruments = serializers.IntegerField(read_only=True)

    class Meta:
        model = Institution
        fields = ["id", "name", "name_local", "country", "kind", "role", "website", "published_instruments"]


class RelationSerializer(serializers.ModelSerializer):
    instrument = serializers.PrimaryKeyRelatedField(source="target", read_only=True)
    title = serializers.CharField(source="target.title")

    class Meta:
        model = Relation
        fields = ["kind", "instrument", "title"]


class InstrumentSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code")
    dimensions = serializers.ListField(child=serializers.ChoiceField(choices=Dimension.choices))
    entity_types = serializers.ListField(child=serializers.ChoiceField(choices=EntityType.choices))
    institution = InstitutionBriefSerializer(allow_null=True)
    sources = SourceSerializer(many=True)

    class Meta:
        model = Instrument
        fields = [
            "id", "title", "title_local", "title_local_language", "country", "type", "status", "level", "place",
            "year_adopted", "year_in_force", "institution", "dimensions", "entity_types", "summary", "verified",
            "last_reviewed_on", "sources", "updated_at",
        ]


class InstrumentDetailSerializer(InstrumentSerializer):
    related = RelationSerializer(source="relations_out", many=True)
    themes = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta(InstrumentSerializer.Meta):
        fields = [*InstrumentSerializer.Meta.fields, "related", "themes"]


def _multi(name: str, description: str, choices=None) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.STR, many=True, description=description,
                            enum=list(choices) if choices else None, explode=True)


SEARCH_PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Words that must all occur in titles (both languages), "
                     "summary or institution; Chinese, Japanese and Korean match inside words."),
    _multi("country", "ISO 3166-1 alpha-2 code; repeat for several."),
    _multi("dimension", "Policy dimension code; repeat for several (any of them).", Dimension.values),
    _multi("type", "Instrument type code.", InstrumentType.values),
    _multi("entity_type", "SSE entity type code.", EntityType.values),
    _multi("status", "Status code.", Status.values),
    OpenApiParameter("year_from", OpenApiTypes.INT, description="Adopted in or after this year."),
    OpenApiParameter("year_to", OpenApiTypes.INT, description="Adopted in or before this year."),
    OpenApiParameter("sort", OpenApiTypes.STR, enum=Sort.values),
]


@extend_schema_view(get=extend_schema(parameters=SEARCH_PARAMETERS,
                                      description="Published instruments, filtered like the atlas search page."))
class InstrumentList(generics.ListAPIView):
    serializer_class = InstrumentSerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        params = SearchForm(self.request.query_params).params()
        return instrument_search(params).prefetch_related("sources")


class InstrumentDetail(generics.RetrieveAPIView):
    serializer_class = InstrumentDetailSerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        return published_instruments().select_related("institution").prefetch_related(
            "sources", "themes",
            # A link to a draft is not public: only links to published instruments are listed.
            Prefetch("relations_out", queryset=Relation.objects.filter(target__is_published=True).select_related("target")))


@extend_schema_view(get=extend_schema(parameters=[
    OpenApiParameter("q", OpenApiTypes.STR, description="Words in the name (either language)."),
    _multi("country", "ISO 3166-1 alpha-2 code; repeat for several."),
    _multi("kind", "Institution kind.", InstitutionKind.values),
]))
class InstitutionList(generics.ListAPIView):
    serializer_class = InstitutionSerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        query = self.request.query_params.copy()
        query.setlist("country", [code.upper() for code in query.getlist("country")])
        return institutions_matching(**InstitutionFilterForm(query).filters())


class InstitutionDetail(generics.RetrieveAPIView):
    serializer_class = InstitutionSerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        return institutions_matching()
