"""`model_update`: apply the fields that changed, validate, save only those (HackSoft's helper)."""

from typing import Any, TypeVar

from django.db import models

from ssehub.core.errors import full_clean_or_refuse

M = TypeVar("M", bound=models.Model)


def _differs(old: Any, new: Any) -> bool:
    return old != new


def model_update[M: models.Model](
    *, instance: M, fields: list[str] | tuple[str, ...], data: dict[str, Any], version_field: str | None = None,
    clean_exclude: list[str] | None = None,
) -> tuple[M, dict[str, list[Any]]]:
    """Set each of `fields` present in `data` whose value differs, full_clean (ServiceError on bad
    input), bump `version_field` when anything changed, and save only the changed columns.

    Returns the instance and the changes as {field: [old, new]} (what the action log records).
    Many-to-many fields are set after the save."""
    changes: dict[str, list[Any]] = {}
    many_to_many = {}
    model_fields = {field.name: field for field in instance._meta.get_fields()}
    for name in fields:
        if name not in data:
            continue
        field = model_fields.get(name)
        if field is not None and field.many_to_many:
            new_ids = sorted(item.pk for item in data[name])
            old_ids = sorted((instance.pk and getattr(instance, name).values_list("pk", flat=True)) or [])
            if new_ids != old_ids:
                many_to_many[name] = data[name]
                changes[name] = [old_ids, new_ids]
            continue
        old = getattr(instance, name)
        if _differs(old, data[name]):
            changes[name] = [old, data[name]]
            setattr(instance, name, data[name])
    if not changes:
        return instance, changes
    full_clean_or_refuse(instance, exclude=clean_exclude)
    update_fields = [name for name in changes if name not in many_to_many]
    if version_field:
        setattr(instance, version_field, getattr(instance, version_field) + 1)
        update_fields.append(version_field)
    if any(getattr(field, "auto_now", False) for field in instance._meta.concrete_fields):
        update_fields.extend(field.name for field in instance._meta.concrete_fields
                             if getattr(field, "auto_now", False))
    if update_fields:
        instance.save(update_fields=update_fields)
    for name, value in many_to_many.items():
        getattr(instance, name).set(value)
    return instance, changes
