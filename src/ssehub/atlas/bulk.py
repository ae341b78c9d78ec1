"""Many new instruments at once (an import): the rules of `services.instrument_create` for every row,
then the rows written in bulk (ADR 0108).

A preview calls `instruments_create_many` with `check_only` and it stops before the first write: the
preview cannot pass a row the write refuses, because it is the same function.

Where the time went, for 100,000 rows: a model instance and its `full_clean()` per row (7 of the
write's 20 s of CPU), Django preparing 2.4 million values one call each, and on PostgreSQL psycopg
splitting the 24,000 placeholders of every multi-row INSERT (about half of its 33 s of CPU). So
`Rules` runs the same field checks as `full_clean()` on the values alone, each distinct value of a
field once (for an Instrument they are all `full_clean()` checks: it has no `clean()`, no
constraints and no unique field but the id; `tests/atlas/test_bulk.py` holds it to that and compares
the refusals with `full_clean()`'s), and the rows go as plain tuples: `COPY` on PostgreSQL,
multi-row `INSERT ... RETURNING` on SQLite.
"""

import datetime as dt
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import CharField, TextField
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ssehub.accounts.models import User
from ssehub.atlas.enums import Dimension, EntityType
from ssehub.atlas.models import Instrument, Revision, Source, mask_to_codes
from ssehub.atlas.search import search_index_refresh
from ssehub.atlas.services import (
    _SEARCH_FIELDS,
    INSTRUMENT_CREATED,
    _check_sources_publishable,
    _country_codes,
    _model_data,
    _new_instrument,
    _set_search_fields,
    _snapshot,
)
from ssehub.core.actionlog import action_entries
from ssehub.core.errors import ServiceError, from_validation_error
from ssehub.core.models import ActionLogEntry

# Rows checked and written per step: one COPY (or a few INSERTs), one search-index write, one
# progress report each.
CHUNK = 10_000


@dataclass
class _SourceValues:
    """A source as a snapshot reads it, before its row exists."""

    title: str
    url: str = ""
    accessed_on: dt.date | None = None


@dataclass
class CreatedMany:
    """What `instruments_create_many` did: `checked` rows met every rule; `ids` of the records
    written (none with `check_only`); `refused` {key: ServiceError} of the others."""

    checked: int = 0
    ids: list[int] = field(default_factory=list)
    refused: dict[Any, ServiceError] = field(default_factory=dict)


def _memo_key(value: Any) -> tuple:
    # The type is part of the key: True == 1 == 1.0 would otherwise share a cleaned value.
    return (type(value), value)


class Rules:
    """`full_clean()` of a new instrument as `services._new_instrument` runs it (search columns
    excluded, a known country code and a saved institution not asked again), on the values alone.
    A field's `clean()` depends on its value only, so each distinct value is cleaned once per file.
    An unknown country goes the slow way, through `_new_instrument` itself."""

    def __init__(self):
        meta = Instrument._meta
        # What `Instrument()` holds for a field it is not given; `_new_instrument` adds summary="".
        self.defaults = {f.attname: f.get_default() for f in meta.concrete_fields} | {"summary": ""}
        # The id and the times are empty in a new record (checks skipped) and, read from the database
        # for an update (`bulk_update`), an integer and datetimes their checks always pass: not asked,
        # since each value is new to the memo below.
        skipped = {*_SEARCH_FIELDS, "country", "institution", "id", "created_at", "updated_at"}
        # Each field with its cleaned values so far, {(type, value): cleaned}.
        self.checked_fields = [(f, {}) for f in meta.fields if f.name not in skipped and not f.generated]
        self.names = {f.name: f.attname for f in meta.concrete_fields}
        self._instance = Instrument()  # Field.clean's `model_instance`: used for database routing only

    def clean(self, data: dict[str, Any]) -> tuple[dict[str, Any], Any]:
        """The model values of a new record by column attribute (`institution_id`, masks), cleaned,
        and its institution. Refuses with the ServiceError `full_clean_or_refuse` gives."""
        fields = _model_data(data)
        if fields.pop("themes", None):
            raise ValueError("Themes are not written in bulk.")
        institution = fields.pop("institution", None)
        if institution is not None and (institution.pk is None or institution._state.adding):
            raise ValueError("Save the institution before its records are created in bulk.")
        if str(fields.get("country") or "") not in _country_codes():
            instrument, _themes = _new_instrument(data)  # refuses as full_clean does
            values = {f.attname: f.value_from_object(instrument) for f in Instrument._meta.concrete_fields}
            return values, institution
        values = dict(self.defaults)
        for name, value in fields.items():
            values[self.names[name]] = value
        values["institution_id"] = institution.pk if institution is not None else None
        self.check(values)
        return values, institution

    def check(self, values: dict[str, Any]) -> None:
        """`full_clean()`'s field checks (but those skipped above) on a record's values by column
        attribute: cleaned values replace the raw ones; a refusal is the ServiceError
        `full_clean_or_refuse` gives."""
        errors = {}
        for model_field, cleaned_values in self.checked_fields:
            raw = values[model_field.attname]
            if model_field.blank and raw in model_field.empty_values:
                continue
            key = _memo_key(raw)
            try:
                values[model_field.attname] = cleaned_values[key]
                continue
            except KeyError:
                pass
            except TypeError:  # an unhashable value: cleaned every time
                key = None
            try:
                cleaned = model_field.clean(raw, self._instance)
            except ValidationError as error:
                errors[model_field.name] = error.error_list
                continue
            if key is not None:
                cleaned_values[key] = cleaned
            values[model_field.attname] = cleaned
        if errors:
            raise from_validation_error(ValidationError(errors))


class _Rows:
    """Model values to database values, column by column, each distinct value prepared once."""

    def __init__(self, model, connection, *, now: dt.datetime):
        self.connection = connection
        self.columns = [f for f in model._meta.concrete_fields if not f.primary_key]
        self._plan = []
        for column in self.columns:
            # `pre_save` of an auto_now(_add) column sets the time: one time for the whole import.
            fixed = getattr(column, "auto_now", False) or getattr(column, "auto_now_add", False)
            # Text in a plain text column is stored as it is (CharField.get_prep_value returns a str unchanged).
            plain = type(column) in (CharField, TextField)
            self._plan.append((column, column.get_db_prep_save(now, connection) if fixed else None, fixed, plain, {}))

    def row(self, values: dict[str, Any]) -> tuple:
        row = []
        for column, fixed_value, fixed, plain, prepared in self._plan:
            if fixed:
                row.append(fixed_value)
                continue
            value = values[column.attname]
            # Inlined for plain text (most cells): a call per cell cost a tenth of the write.
            row.append(value if plain and type(value) is str
                       else prepared_value(column, value, prepared, self.connection))
        return tuple(row)


def prepared_value(model_field, value, memo: dict, connection):
    """`value` as the database takes it for `model_field`, each distinct value prepared once per
    `memo` (one per column and import)."""
    key = _memo_key(value)
    try:
        return memo[key]
    except KeyError:
        memo[key] = model_field.get_db_prep_save(value, connection)
        return memo[key]
    except TypeError:  # an unhashable value: prepared every time
        return model_field.get_db_prep_save(value, connection)


def _insert(connection, table: str, columns: list[str], rows: list[tuple]) -> None:
    # COPY is not an execute(): Django's execute wrappers (the page cache's write watcher) do not see
    # it. The import's other writes in the same transaction (`data_changed`, the action log) are seen.
    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(map(quote, columns))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({placeholders})", rows)  # noqa: S608


def _insert_returning_ids(connection, table: str, columns: list[str], rows: list[tuple]) -> list[int]:
    """Insert `rows` and return their new ids, in order."""
    if not rows:
        return []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The ids first, from the table's own sequence, then one COPY with them.
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                           [table, len(rows)])
            ids = sorted(row_id for (row_id,) in cursor.fetchall())
            _insert(connection, table, ["id", *columns], [(row_id, *row) for row_id, row in zip(ids, rows, strict=True)])
            return ids
        names = ", ".join(map(quote, columns))
        per_row = "(" + ", ".join(["%s"] * len(columns)) + ")"
        batch = max(1, min(connection.features.max_query_params or 30000, 30000) // len(columns))
        ids = []
        for start in range(0, len(rows), batch):
            chunk = rows[start:start + batch]
            # RETURNING gives the ids in the order of VALUES (Django's bulk_create relies on it too).
            cursor.execute(f"INSERT INTO {quote(table)} ({names}) VALUES {', '.join([per_row] * len(chunk))} "  # noqa: S608
                           f"RETURNING {quote('id')}", [value for row in chunk for value in row])
            ids.extend(row_id for (row_id,) in cursor.fetchall())
        return ids


@dataclass
class _Checked:
    values: dict[str, Any]  # by column attribute, cleaned
    institution: Any
    sources: list[dict[str, Any]]


def _check(rules: Rules, data: dict[str, Any]) -> _Checked:
    """Every rule a new record meets (the preview stops here)."""
    values, institution = rules.clean(data)
    sources = data.get("sources") or []
    publish = bool(data.get("publish", any(source.get("url") for source in sources)))
    if publish:
        _check_sources_publishable([source.get("url") for source in sources])
    values["is_published"] = publish
    return _Checked(values=values, institution=institution, sources=sources)


def _record(item: _Checked) -> SimpleNamespace:
    """The attributes `services._snapshot` and `_set_search_fields` read, with the search columns set."""
    values = item.values
    record = SimpleNamespace(
        **{name: values[attname] for name, attname in _RECORD_FIELDS},
        institution=item.institution, dimensions=mask_to_codes(Dimension, values["dimension_mask"]),
        entity_types=mask_to_codes(EntityType, values["entity_type_mask"]),
    )
    _set_search_fields(record)
    values.update(search_text=record.search_text, search_chars=record.search_chars, title_search=record.title_search)
    return record


_RECORD_FIELDS = [(f.name, f.attname) for f in Instrument._meta.concrete_fields if f.name != "institution"]


@dataclass
class _Chunk:
    """Rows `start` to `end` checked; when they are to be written, their database values too."""

    end: int
    checked: list[_Checked] = field(default_factory=list)
    refused: dict[Any, ServiceError] = field(default_factory=dict)
    instrument_rows: list[tuple] = field(default_factory=list)
    snapshots: list[Any] = field(default_factory=list)  # the first revisions', prepared for the database


def _prepare(rows: list, start: int, *, rules: Rules, instruments: _Rows, write: bool, language: str) -> _Chunk:
    """Check one chunk and, when it is to be written, prepare its values. Runs in the helper thread:
    no query, only values."""
    chunk = _Chunk(end=min(start + CHUNK, len(rows)))
    # The job's language is not active in another thread by itself, and refusals are translated.
    with translation.override(language):
        for key, data in rows[start:chunk.end]:
            try:
                chunk.checked.append(_check(rules, data))
            except ServiceError as error:
                chunk.refused[key] = error
        if not write or chunk.refused:
            return chunk
        snapshot_field = Revision._meta.get_field("snapshot")
        for item in chunk.checked:
            record = _record(item)
            chunk.instrument_rows.append(instruments.row(item.values))
            snapshot = _snapshot(record, sources=[_SourceValues(**source) for source in item.sources],
                                 themes=[], relations=[])
            chunk.snapshots.append(snapshot_field.get_db_prep_save(snapshot, instruments.connection))
    return chunk


def _write(chunk: _Chunk, *, actor: User | None, message: str, instruments: _Rows, now) -> list[int]:
    """One chunk: the records, their sources, their first revisions, their search index rows."""
    connection = instruments.connection
    ids = _insert_returning_ids(connection, Instrument._meta.db_table, [f.column for f in instruments.columns],
                                chunk.instrument_rows)
    adapt_date = connection.ops.adapt_datefield_value
    _insert(connection, Source._meta.db_table, ["instrument_id", "position", "title", "url", "accessed_on"], [
        (row_id, position, source["title"], source.get("url") or "", adapt_date(source.get("accessed_on")))
        for row_id, item in zip(ids, chunk.checked, strict=True) for position, source in enumerate(item.sources)])
    created_at = connection.ops.adapt_datetimefield_value(now)
    author = actor.pk if actor else None
    revision_message = (message or _("Created"))[:300]
    _insert(connection, Revision._meta.db_table,
            ["instrument_id", "number", "author_id", "created_at", "message", "snapshot"],
            [(row_id, 1, author, created_at, revision_message, snapshot)
             for row_id, snapshot in zip(ids, chunk.snapshots, strict=True)])
    search_index_refresh([(row_id, item.values["search_text"]) for row_id, item in zip(ids, chunk.checked, strict=True)],
                         chars=[item.values["search_chars"] for item in chunk.checked])
    # Each record's own "created" entry, as `instrument_create` logs it: its Activity starts there.
    entries = _Rows(ActionLogEntry, connection, now=now)
    _insert(connection, ActionLogEntry._meta.db_table, [f.column for f in entries.columns], [
        entries.row(values) for values in action_entries(
            actor=actor, verb=INSTRUMENT_CREATED, model=Instrument, at=now,
            records=((row_id, item.values["title"], {"published": item.values["is_published"]})
                     for row_id, item in zip(ids, chunk.checked, strict=True)))])
    return ids


def instruments_create_many(
    *, actor: User | None, rows: list[tuple[Any, dict[str, Any]]], message: str,
    progress: Callable[[int], None] | None = None, check_only: bool = False,
) -> CreatedMany:
    """Create many records at once (an import), by the rules of `instrument_create`: each row is
    validated as `_new_instrument` validates it and published only when it has a source address.
    Rows are given as (key, data); a refused row is reported under its key and not written. Each
    record gets its first revision, with `message` and the actor, and its search index rows, like
    one made alone. The caller holds the transaction and `lock_writes`, rolls it back when anything
    was refused, logs the whole import as one action (`IMPORTED`, with its counts) and calls
    `data_changed()` once for it (an import that also changes records calls it once, not twice).
    `check_only` (a preview) applies the same rules and writes nothing. `progress(rows done)` is
    told after every chunk.

    While one chunk is written, a helper thread checks and prepares the next: psycopg waits for
    PostgreSQL without holding the GIL, so the two overlap (100,000 rows: 17.5 s -> 15 s on the idle
    2-core machine; no gain on SQLite, whose work is in this process). The helper runs no query;
    every write is made here, on the caller's connection and in its transaction."""
    connection = connections[DEFAULT_DB_ALIAS]  # the connection itself, not the per-access proxy
    result = CreatedMany()
    now = timezone.now()
    instruments = _Rows(Instrument, connection, now=now)
    prepare = functools.partial(_prepare, rows, rules=Rules(), instruments=instruments,
                                language=translation.get_language())
    starts = range(0, len(rows), CHUNK)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="atlas-import") as helper:
        pending = helper.submit(prepare, 0, write=not check_only)
        for index in range(len(starts)):
            chunk = pending.result()
            result.checked += len(chunk.checked)
            result.refused.update(chunk.refused)
            # After a refusal nothing more is written: the caller rolls the whole import back anyway.
            writing = not check_only and not result.refused
            if index + 1 < len(starts):
                pending = helper.submit(prepare, starts[index + 1], write=writing)
            if writing and chunk.checked:
                result.ids.extend(_write(chunk, actor=actor, message=message, instruments=instruments, now=now))
            if progress is not None:
                progress(chunk.end)
    return result
