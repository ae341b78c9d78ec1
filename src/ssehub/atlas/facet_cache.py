"""Unfiltered facet counts, cached in the database and keyed by a write counter (ADR 0103).

Every atlas write calls `data_changed()` inside its transaction (the services do, from
`_record_revision`; bulk loads call it themselves). A reader reads the counter and the cached
counts in one query and uses them only when they were computed at the current counter value; on a
miss it computes them (reading the counter first, so counts stored under a value are never older
than that value) and stores them. A slow reader can at worst overwrite newer counts with older
ones under the older value: the next reader misses and recomputes; nothing stale is ever shown.

Every atlas write also starts by locking the counter row (`lock_writes`), so atlas writes run one
at a time and always take their row locks in the same order: two imports of the same file cannot
both create its records, and an import and an edit cannot deadlock on each other's rows.

Each write also draws a random token, so that (counter, token) names one state of the atlas even
when a rollback brings an old counter value back; the in-memory search columns are keyed by it
(`search_columns`, ADR 0105).
"""

import uuid
from collections.abc import Callable

from django.db.models import F

from ssehub.atlas.models import FacetCache
from ssehub.core.stale import lock_row

VERSION, UNFILTERED = "version", "unfiltered"


def data_changed() -> None:
    token = {"token": uuid.uuid4().hex}
    if not FacetCache.objects.filter(key=VERSION).update(version=F("version") + 1, data=token):
        FacetCache.objects.get_or_create(key=VERSION, defaults={"version": 1, "data": token})


def lock_writes() -> None:
    """Hold the write-counter row until the transaction ends (call first, inside the transaction)."""
    try:
        lock_row(FacetCache, pk=VERSION)
    except FacetCache.DoesNotExist:
        # Before the first write: no token yet, so `current_key` still says "never written".
        FacetCache.objects.get_or_create(key=VERSION, defaults={"version": 0, "data": None})
        lock_row(FacetCache, pk=VERSION)


def current_key(using: str = "default") -> tuple[int, str] | None:
    """(counter, token) of the latest write; None before the first write through the services."""
    row = FacetCache.objects.using(using).filter(key=VERSION).values_list("version", "data").first()
    if row is None or not row[1] or not row[1].get("token"):
        return None
    return row[0], row[1]["token"]


def _encode(counted: dict) -> dict:
    return {"total": counted["total"],
            "raw": {facet: [[value, count] for value, count in values.items()]
                    for facet, values in counted["raw"].items()}}


def _decode(data: dict) -> dict:
    return {"total": data["total"],
            "raw": {facet: dict(pairs) for facet, pairs in data["raw"].items()}}


def unfiltered_counts(compute: Callable[[], dict]) -> dict:
    """`compute()`'s result ({"raw": {facet: {value: count}}, "total": n}), cached."""
    rows = {row.key: row for row in FacetCache.objects.filter(key__in=[VERSION, UNFILTERED])}
    version, cached = rows.get(VERSION), rows.get(UNFILTERED)
    if version is not None and cached is not None and cached.version == version.version and cached.data:
        return _decode(cached.data)
    counted = compute()
    if version is not None:
        FacetCache.objects.bulk_create(
            [FacetCache(key=UNFILTERED, version=version.version, data=_encode(counted))],
            update_conflicts=True, unique_fields=["key"], update_fields=["version", "data"],
        )
    return counted
