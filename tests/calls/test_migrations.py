import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("calls", "0002_call_version_run_kind"), ("core", "0001_action_log")]
AFTER = [("calls", "0004_delete_exportlog")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def _schema_restored_afterwards():
    """Migrating back unapplies other apps' later migrations too (core's mail outbox): bring every
    app to its latest migration again, or the tests after this one find tables missing."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_schema_restored_afterwards")
def test_export_log_rows_move_into_the_action_log():
    apps = _migrate(BEFORE)
    User = apps.get_model("accounts", "User")
    Event = apps.get_model("events", "Event")
    Call = apps.get_model("calls", "Call")
    ExportLog = apps.get_model("calls", "ExportLog")
    actor = User.objects.create(email="organiser@example.org")
    event = Event.objects.create(slug="sse-forum", title="SSE forum", kind="workshop", format="online",
                                 starts_on=dt.date(2021, 3, 29), ends_on=dt.date(2021, 3, 31))
    call = Call.objects.create(event=event, title="Call", opens_at=dt.datetime(2021, 1, 1, tzinfo=dt.UTC),
                               closes_at=dt.datetime(2021, 2, 1, tzinfo=dt.UTC), data_protection_notice="n")
    row = ExportLog.objects.create(call=call, actor=actor, actor_email=actor.email, kind="applications.csv", rows=7)
    when = dt.datetime(2021, 2, 3, 4, 5, tzinfo=dt.UTC)
    ExportLog.objects.filter(pk=row.pk).update(created_at=when)
    apps = _migrate(AFTER)
    entry = apps.get_model("core", "ActionLogEntry").objects.get()
    assert (entry.verb, entry.actor_id, entry.created_at, entry.scope, entry.data) == (
        "calls.export", actor.pk, when, f"events.event:{event.pk}",
        {"call": call.pk, "kind": "applications.csv", "rows": 7})
