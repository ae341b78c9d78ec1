"""Many existing instruments changed at once (the rows of an import that match records): the rules
of `services.instrument_update` for every row, then the changes written in bulk (ADR 0109).

A preview calls `instruments_update_many` with `check_only`: it reads the records, applies every
rule and stops before the first write, so it cannot pass a row the write refuses.

`instrument_update` ran about 25 queries a record (the lock, snapshots before and after, full_clean
asking for the institution, the save, sources, search text and index, revision number, reload, log
entry): 5,000 changed records took 94 s on SQLite. Here a chunk of rows reads its records, their
sources, institutions, themes, relations and last revision numbers with one query each, checks
every row in Python by the same rules (`bulk.Rules`, each distinct value of a field cleaned once),
and writes each table with one statement: the records per set of changed columns (executemany on
SQLite, `UPDATE ... FROM unnest(arrays)` on PostgreSQL), sources, revisions and log entries as
plain rows (COPY on PostgreSQL), the search index once per chunk. As in `bulk`, a helper thread
checks the next chunk while this one is written; it runs no query.
"""

import functools
import json
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, NamedTuple

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import CharField, OuterRef, Subquery, TextField
from django.db.models.expressions import RawSQL
from django.utils import timezone, translation
from django.utils.encoding import force_str

from ssehub.accounts.models import User
from ssehub.atlas.bulk import Rules, _insert, _Rows, _SourceValues, prepared_value
from ssehub.atlas.enums import Dimension, EntityType
from ssehub.atlas.models import Institution, Instrument, Relation, Revision, Source, mask_to_codes
from ssehub.atlas.search import search_index_refresh
from ssehub.atlas.services import (
    _SEARCH_FIELDS,
    INSTRUMENT_UPDATED,
    _check_sources_publishable,
    _country_codes,
    _model_data,
    _set_search_fields,
    _snapshot,
    snapshot_changes,
)
from ssehub.core.actionlog import action_entries, action_entry
from ssehub.core.errors import ServiceError, full_clean_or_refuse
from ssehub.core.models import ActionLogEntry
from ssehub.core.stale import stale_error, stale_refusal

# Rows read, checked and written per step: one query per table, one progress report each.
CHUNK = 10_000


class Change(NamedTuple):
    """One row: `data` for record `pk` as `instrument_update` takes it; a refusal is reported under
    `key`; `expected_version` is the version the change was made against (None: not compared)."""

    key: Any
    pk: int
    expected_version: int | None
    data: dict[str, Any]


@dataclass
class UpdatedMany:
    """What `instruments_update_many` did: `ids` of the records the rows change (written unless
    `check_only`), how many rows changed nothing, and `refused` {key: ServiceError}."""

    ids: list[int] = field(default_factory=list)
    unchanged: int = 0
    refused: dict[Any, ServiceError] = field(default_factory=dict)
    # The first LISTED changes, for the preview to show: (key, pk, title before, title after, fields).
    listed: list[tuple[Any, int, str, str, list[str]]] = field(default_factory=list)


LISTED = 100


_FIELDS = Instrument._meta.concrete_fields
# What a change is checked against: not the times (`bulk.Rules` does not check them and parsing
# 200,000 of them took a second on SQLite) nor the search columns (made anew from the others).
_READ = [f for f in _FIELDS if f.name not in ("created_at", "updated_at", *_SEARCH_FIELDS)]
_ATTNAMES = [f.attname for f in _READ]
# (attribute of a record, column attribute): a record reads as a model instance does, but for its
# institution, which is an object.
_RECORD_FIELDS = [(f.name, f.attname) for f in _READ if f.name != "institution"]
# What `model_update` saves besides the changed columns, and what `_refresh_search_text` saves.
_ALWAYS_WRITTEN = ["version", "updated_at", *_SEARCH_FIELDS]


def _ids_in(connection, ids: list[int]) -> RawSQL:
    """A subquery of `ids` with one parameter, however many: Django's `IN (%s, %s, ...)` of 10,000
    placeholders is parsed by psycopg one by one, and SQLite caps the number of parameters."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [ids])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)])


def _record(values: dict[str, Any], institution: Institution | None, sources: list) -> SimpleNamespace:
    """What `services._snapshot` and `_set_search_fields` read, from column values."""
    return SimpleNamespace(
        **{name: values[attname] for name, attname in _RECORD_FIELDS}, institution=institution,
        dimensions=mask_to_codes(Dimension, values["dimension_mask"]),
        entity_types=mask_to_codes(EntityType, values["entity_type_mask"]), sources=sources, values=values,
    )


@dataclass
class _Checked:
    """A row that met every rule and changes its record."""

    change: Change
    before: SimpleNamespace
    changes: dict[str, list[Any]]  # {field: [old, new]} as the log entry records them
    columns: list[str]  # the columns `model_update` would save, besides `_ALWAYS_WRITTEN`
    after: SimpleNamespace
    sources_changed: bool


class _Stale(Exception):  # noqa: N818 (not an error to report: a refusal, made later)
    """A row made against another version than the record's: refused once back in the caller's
    thread, where naming who saved may read the log."""

    def __init__(self, record: SimpleNamespace, *, by_this_call: bool):
        super().__init__(record.id)
        self.record, self.by_this_call = record, by_this_call


@dataclass
class _Chunk:
    checked: list[_Checked] = field(default_factory=list)
    unchanged: int = 0
    refused: dict[Any, ServiceError] = field(default_factory=dict)
    stale: dict[Any, _Stale] = field(default_factory=dict)


class _Updates:
    """The state of one call: rules and memos shared by its chunks, and what earlier rows did."""

    def __init__(self, *, actor: User | None, message: str, complete, check_only: bool, rows: list[Change]):
        self.connection = connections[DEFAULT_DB_ALIAS]  # the connection itself, not the per-access proxy
        self.actor, self.message, self.complete, self.check_only = actor, message, complete, check_only
        self.now = timezone.now()
        self.rules = Rules()
        self.result = UpdatedMany()
        # A record two rows of the file match: the second is compared with the record as the import
        # found it and, when the first changed it, refused as a stale edit (as `instrument_update`
        # refused it, one row after the other).
        self.repeated = {pk for pk, count in Counter(change.pk for change in rows).items() if count > 1}
        self.originals: dict[int, SimpleNamespace] = {}
        self.changed_before: set[int] = set()
        self.institutions: dict[int, Institution] = {}

    # --- reading (this thread, on the caller's connection) ------------------------------------------

    def read(self, chunk: list[Change]) -> dict[int, SimpleNamespace]:
        """The records of a chunk, but those an earlier chunk's rows found (checked against that)."""
        wanted = sorted({change.pk for change in chunk} - set(self.originals))
        return self._read(wanted) if wanted else {}

    def _read(self, ids: list[int]) -> dict[int, SimpleNamespace]:
        """The records `ids` as they stand, with their institutions and sources (three queries)."""
        rows = Instrument.objects.filter(pk__in=_ids_in(self.connection, ids))
        if not self.check_only:
            rows = rows.select_for_update(of=("self",))  # as `lock_for_edit` holds each record it changes
        values = [dict(zip(_ATTNAMES, row, strict=True)) for row in rows.values_list(*_ATTNAMES)]
        wanted = {row["institution_id"] for row in values} - {None} - set(self.institutions)
        if wanted:
            self.institutions.update(Institution.objects.in_bulk(list(wanted)))
        sources = {}
        for instrument_id, title, url, accessed_on in (
                Source.objects.filter(instrument_id__in=_ids_in(self.connection, ids))
                .order_by("instrument_id", "position", "id").values_list("instrument_id", "title", "url", "accessed_on")):
            sources.setdefault(instrument_id, []).append(_SourceValues(title=title, url=url, accessed_on=accessed_on))
        return {row["id"]: _record(row, self.institutions.get(row["institution_id"]), sources.get(row["id"], []))
                for row in values}

    # --- checking (the helper thread: no query) ------------------------------------------------------

    def check(self, change: Change, record: SimpleNamespace) -> _Checked | None:
        """The rules `instrument_update` applies to one row, in its order; None when the row changes
        nothing (the import counts it unchanged and never asked the service)."""
        data = dict(change.data)
        if self.complete is not None:
            data = self.complete(record, change.key, data)
        if "themes" in data:
            raise ValueError("Themes are not written in bulk.")
        changes = snapshot_changes(_snapshot(record, sources=record.sources, themes=[], relations=[]), data)
        if not changes:
            return None
        if change.pk in self.changed_before:
            # Row by row, this one was refused: it was made against the version before the earlier
            # row's change. Applied on top of that change instead, it would need the earlier row's
            # result as its record, which this does not keep.
            if change.expected_version is None or int(change.expected_version) == record.version + 1:
                raise ValueError("A record changed by an earlier row cannot be changed again in bulk.")
            raise _Stale(record, by_this_call=True)
        if change.expected_version is not None and record.version != int(change.expected_version):
            raise _Stale(record, by_this_call=False)
        changed_data = {key: value for key, value in data.items() if key in changes}
        stored = record.values
        values, columns, institution = dict(stored), [], record.institution
        # `model_update`: a field is set (and saved) when its value differs from the record's.
        for name, value in _model_data(changed_data).items():
            if name == "institution":
                if value is not None and (value.pk is None or value._state.adding):
                    raise ValueError("Save the institution before its records are changed in bulk.")
                if value != institution:
                    institution, values["institution_id"] = value, value.pk if value is not None else None
                    columns.append("institution_id")
            elif (force_str(stored[name] or "") != force_str(value or "") if name == "country"
                  else stored[name] != value):
                values[name] = value
                columns.append(name)
        if columns:  # `model_update` validates only when a field changes (not for sources alone)
            self._clean(values)
        after_values = dict(stored) | {column: values[column] for column in columns}
        sources = record.sources
        if "sources" in changed_data:
            sources = [_SourceValues(title=source["title"], url=source.get("url") or "",
                                     accessed_on=source.get("accessed_on")) for source in changed_data["sources"]]
        if record.is_published:
            _check_sources_publishable([source.url for source in sources])
        after = _record(after_values, institution, sources)
        return _Checked(change=change, before=record, changes=changes, columns=columns, after=after,
                        sources_changed="sources" in changed_data)

    def _clean(self, values: dict[str, Any]) -> None:
        """`full_clean()` of the changed record, as `model_update` runs it (search columns excluded)."""
        if str(values["country"] or "") in _country_codes():
            self.rules.check(values)
            return
        # An unknown country: Django's own check, with its message (never in an import, which
        # checks the codes first). The institution is the record's or one the caller saved, as in
        # `bulk.Rules`: not asked again (a query, and this runs in the helper thread).
        instance = Instrument(**values)
        instance._state.adding = False  # a saved record: its id is its own, not a duplicate
        full_clean_or_refuse(instance, exclude=[*_SEARCH_FIELDS, "institution"])
        values.update((f.attname, f.value_from_object(instance)) for f in _READ)

    def check_chunk(self, chunk: list[Change], records: dict[int, SimpleNamespace], *, write: bool,
                    language: str) -> _Chunk:
        """Check a chunk's rows in order and, when they are to be written, prepare their values."""
        result = _Chunk()
        # The job's language is not active in another thread by itself, and refusals are translated.
        with translation.override(language):
            for change in chunk:
                record = self.originals.get(change.pk) or records.get(change.pk)
                if record is None:
                    raise Instrument.DoesNotExist(f"Instrument {change.pk} does not exist.")
                if change.pk in self.repeated:
                    self.originals.setdefault(change.pk, record)
                try:
                    item = self.check(change, record)
                except ServiceError as error:
                    result.refused[change.key] = error
                    continue
                except _Stale as stale:
                    result.stale[change.key] = stale
                    continue
                if item is None:
                    result.unchanged += 1
                    continue
                self.changed_before.add(change.pk)
                result.checked.append(item)
        if write:
            for item in result.checked:
                _set_search_fields(item.after)
                item.after.values.update(version=item.before.version + 1, updated_at=self.now,
                                         **{name: getattr(item.after, name) for name in _SEARCH_FIELDS})
        return result

    def take(self, chunk: _Chunk) -> list[_Checked]:
        """Count a checked chunk in the result, its stale rows refused (naming who saved, which may
        need a query: here, not in the helper)."""
        self.result.unchanged += chunk.unchanged
        self.result.refused.update(chunk.refused)
        for key, stale in chunk.stale.items():
            self.result.refused[key] = self._stale_refusal(stale)
        self.result.ids.extend(item.change.pk for item in chunk.checked)
        for item in chunk.checked[:max(0, LISTED - len(self.result.listed))]:
            self.result.listed.append((item.change.key, item.change.pk, item.before.title, item.after.title,
                                       list(item.changes)))
        return chunk.checked

    def _stale_refusal(self, stale: _Stale) -> ServiceError:
        record = stale.record
        if stale.by_this_call:
            # The earlier row's log entry, which the log holds only once its chunk is written.
            return stale_refusal(action_entry(actor=self.actor, verb=INSTRUMENT_UPDATED,
                                              obj=Instrument(id=record.id, title=record.title), at=self.now))
        return stale_error(Instrument(id=record.id))

    # --- writing (this thread) ----------------------------------------------------------------------

    def write(self, checked: list[_Checked]) -> None:
        """One chunk: the records, their sources, revisions, log entries and search index rows."""
        ids = [item.change.pk for item in checked]
        groups: dict[tuple[str, ...], list[_Checked]] = {}
        for item in checked:
            groups.setdefault(tuple(item.columns), []).append(item)
        for columns, items in groups.items():
            self._update_rows([*columns, *_ALWAYS_WRITTEN], items)
        self._write_sources([item for item in checked if item.sources_changed])
        self._write_revisions(checked, ids)
        self._write_log(checked)
        search_index_refresh([(item.change.pk, item.after.search_text) for item in checked],
                             chars=[item.after.search_chars for item in checked])

    def _update_rows(self, columns: list[str], items: list[_Checked]) -> None:
        connection = self.connection
        quote = connection.ops.quote_name
        fields = [Instrument._meta.get_field(column) for column in columns]
        values = [_column(f, [item.after.values[column] for item in items], connection)
                  for f, column in zip(fields, columns, strict=True)]
        ids = [item.change.pk for item in items]
        table = quote(Instrument._meta.db_table)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # One statement for the chunk: each column a single array parameter.
                arrays = ", ".join(f"%s::{f.cast_db_type(connection)}[]" for f in fields)
                names = ", ".join(map(quote, columns))
                assignments = ", ".join(f"{quote(column)} = changed.{quote(column)}" for column in columns)
                cursor.execute(f"UPDATE {table} SET {assignments} FROM unnest(%s::bigint[], {arrays}) "  # noqa: S608
                               f"AS changed(id, {names}) WHERE {table}.id = changed.id", [ids, *values])
            else:
                assignments = ", ".join(f"{quote(column)} = %s" for column in columns)
                cursor.executemany(f"UPDATE {table} SET {assignments} WHERE id = %s",  # noqa: S608
                                   [(*row, row_id) for *row, row_id in zip(*values, ids, strict=True)])

    def _write_sources(self, items: list[_Checked]) -> None:
        """`services._write_sources`: the record's sources replaced by the row's."""
        if not items:
            return
        connection = self.connection
        ids = [item.change.pk for item in items]
        Source.objects.filter(instrument_id__in=_ids_in(connection, ids)).delete()
        adapt_date = connection.ops.adapt_datefield_value
        _insert(connection, Source._meta.db_table, ["instrument_id", "position", "title", "url", "accessed_on"], [
            (item.change.pk, position, source.title, source.url, adapt_date(source.accessed_on))
            for item in items for position, source in enumerate(item.after.sources)])

    def _write_revisions(self, checked: list[_Checked], ids: list[int]) -> None:
        """`services._record_revision` for each record: the next number, the record as it now stands."""
        connection = self.connection
        # Each record's newest number from the end of its (instrument, number) index: grouping the
        # revisions of the chunk's records read all 700,000 on PostgreSQL (185 ms a chunk, and more as
        # the atlas grows).
        newest = Revision.objects.filter(instrument_id=OuterRef("pk")).order_by("-number").values("number")[:1]
        last = dict(Instrument.objects.filter(pk__in=_ids_in(connection, ids)).order_by()
                    .annotate(last=Subquery(newest)).values_list("pk", "last"))
        themes: dict[int, list[str]] = {}
        for instrument_id, code in (Instrument.themes.through.objects
                                    .filter(instrument_id__in=_ids_in(connection, ids))
                                    .values_list("instrument_id", "theme__code")):
            themes.setdefault(instrument_id, []).append(code)
        # Read after this chunk's records were written, as `_record_revision` reads them after the
        # save: a link to a record this chunk renames shows the new title.
        relations: dict[int, list] = {}
        for source_id, kind, target_id, title in (
                Relation.objects.filter(source_id__in=_ids_in(connection, ids))
                .order_by("source_id", "kind", "target__title", "target_id")
                .values_list("source_id", "kind", "target_id", "target__title")):
            relations.setdefault(source_id, []).append({"kind": kind, "target": {"id": target_id, "title": title}})
        snapshot_field = Revision._meta.get_field("snapshot")
        created_at = connection.ops.adapt_datetimefield_value(self.now)
        author = self.actor.pk if self.actor else None
        rows = []
        for item in checked:
            pk = item.change.pk
            snapshot = _snapshot(item.after, sources=item.after.sources, themes=themes.get(pk, []),
                                 relations=relations.get(pk, []))
            message = (self.message or ", ".join(item.changes))[:300]
            rows.append((pk, last.get(pk, 0) + 1, author, created_at, message,
                         snapshot_field.get_db_prep_save(snapshot, connection)))
        _insert(connection, Revision._meta.db_table,
                ["instrument_id", "number", "author_id", "created_at", "message", "snapshot"], rows)

    def _write_log(self, checked: list[_Checked]) -> None:
        """The `INSTRUMENT_UPDATED` entry `instrument_update` logs for each record it changes."""
        entries = _Rows(ActionLogEntry, self.connection, now=self.now)
        rows = [entries.row(values) for values in action_entries(
            actor=self.actor, verb=INSTRUMENT_UPDATED, model=Instrument, at=self.now,
            records=((item.change.pk, item.after.title, item.changes) for item in checked))]
        _insert(self.connection, ActionLogEntry._meta.db_table, [f.column for f in entries.columns], rows)


def _column(model_field, values: list, connection) -> list:
    """A column's values prepared for the database, each distinct one once (as `bulk._Rows` does)."""
    # Text in a plain text column goes as it is (what `get_db_prep_save` would return).
    plain = type(model_field) in (CharField, TextField)
    memo: dict = {}
    return [value if plain and type(value) is str else prepared_value(model_field, value, memo, connection)
            for value in values]


def instruments_update_many(
    *, actor: User | None, rows: list[Change], message: str = "",
    complete: Callable[[SimpleNamespace, Any, dict[str, Any]], dict[str, Any]] | None = None,
    progress: Callable[[int], None] | None = None, check_only: bool = False,
) -> UpdatedMany:
    """Change many records at once (an import), by the rules of `instrument_update`: each changed
    row is validated as `model_update` validates it, refused when it leaves a published record
    without a source address or was made against another version than the record's, and gets its
    revision (with `message`, else the changed fields) and its log entry, like a change made alone.
    A row that changes nothing is counted, not written. `complete(record, key, data)` may fill in
    a row's data from its record as it stands (an import keeps the record's language and access
    dates where the file has none); a record reads as an instance does, with `sources`.

    The caller holds the transaction and `lock_writes`, rolls it back when anything was refused,
    logs the import as one action and calls `data_changed()` once. `check_only` (a preview) reads
    the records and applies the same rules, and writes nothing. After a refusal the rows are still
    checked but nothing more is written. `progress(rows done)` is told after every chunk.

    This thread reads a chunk's records and writes its changes; a helper thread checks the rows
    (and calls `complete`) meanwhile, in the caller's language, without a query: PostgreSQL works
    on one chunk while the next is checked."""
    updates = _Updates(actor=actor, message=message, complete=complete, check_only=check_only, rows=rows)
    chunks = [rows[start:start + CHUNK] for start in range(0, len(rows), CHUNK)]
    check = functools.partial(updates.check_chunk, write=not check_only, language=translation.get_language())
    done = 0
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="atlas-update") as helper:
        pending = helper.submit(check, chunks[0], updates.read(chunks[0])) if chunks else None
        for index, chunk in enumerate(chunks):
            checked = updates.take(pending.result())
            if index + 1 < len(chunks):
                # Read before this chunk is written: no row of the next one changes a record of this
                # one (a record two rows change is checked against what the first found).
                pending = helper.submit(check, chunks[index + 1], updates.read(chunks[index + 1]))
            # After a refusal nothing more is written: the caller rolls the whole import back anyway.
            if checked and not check_only and not updates.result.refused:
                updates.write(checked)
            done += len(chunk)
            if progress is not None:
                progress(done)
    return updates.result
