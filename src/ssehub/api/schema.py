"""The schema says every status the API answers (checked by Schemathesis, tests/api)."""

ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}


def _error(description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def add_error_responses(result, generator, request, public):
    """drf-spectacular post-processing hook: the 404 every operation can answer (an unknown id, or
    a page past the last one), as DRF writes it: {"detail": "..."}."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for methods in result.get("paths", {}).values():
        for operation in methods.values():
            responses = operation.setdefault("responses", {})
            responses.setdefault("404", _error("Not found: no record with this id, or a page past the last one."))
    return result


HOOKS = ["drf_spectacular.hooks.postprocess_schema_enums", "ssehub.api.schema.add_error_responses"]
