"""The API's front door: a browsable root and human-readable docs built from the OpenAPI schema."""

from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse


@extend_schema(exclude=True)
@api_view(["GET"])
@permission_classes([AllowAny])
def api_root(request, format=None):
    return Response({
        "atlas/instruments": reverse("api:atlas_instrument_list", request=request),
        "atlas/institutions": reverse("api:atlas_institution_list", request=request),
        "schema": reverse("api:schema", request=request),
        "docs": reverse("api:docs", request=request),
    })


def docs(request):
    """Every path, method and parameter of the schema, rendered on the server (no JavaScript)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = []
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            operations.append({
                "path": path, "method": method.upper(), "summary": operation.get("description", ""),
                "parameters": operation.get("parameters", []),
                "example": path if "{" not in path else None,
            })
    return render(request, "api/docs.html", {"schema": schema, "operations": operations})


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@permission_classes([AllowAny])
def not_found(request, format=None):
    raise NotFound
