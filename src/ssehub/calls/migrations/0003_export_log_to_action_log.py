"""Copy the calls export log into the action log (verb "calls.export", scoped to the call's event);
the next migration deletes the old table."""

from django.db import migrations


def copy_exports(apps, schema_editor):
    ExportLog = apps.get_model("calls", "ExportLog")
    ActionLogEntry = apps.get_model("core", "ActionLogEntry")
    for row in ExportLog.objects.select_related("call").order_by("created_at", "id").iterator():
        entry = ActionLogEntry.objects.create(
            actor_id=row.actor_id,
            by_platform=False,
            verb="calls.export",
            scope=f"events.event:{row.call.event_id}",
            data={"call": row.call_id, "kind": row.kind, "rows": row.rows},
        )
        # created_at is filled on insert (auto_now_add): set the export's own time afterwards.
        ActionLogEntry.objects.filter(pk=entry.pk).update(created_at=row.created_at)


def copy_back(apps, schema_editor):
    ExportLog = apps.get_model("calls", "ExportLog")
    ActionLogEntry = apps.get_model("core", "ActionLogEntry")
    Call = apps.get_model("calls", "Call")
    for entry in ActionLogEntry.objects.filter(verb="calls.export").select_related("actor").iterator():
        call = Call.objects.filter(pk=entry.data.get("call")).first()
        if call is None:
            continue
        row = ExportLog.objects.create(call=call, actor_id=entry.actor_id,
                                       actor_email=entry.actor.email if entry.actor else "",
                                       kind=entry.data.get("kind", ""), rows=entry.data.get("rows", 0))
        ExportLog.objects.filter(pk=row.pk).update(created_at=entry.created_at)
    ActionLogEntry.objects.filter(verb="calls.export").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("calls", "0002_call_version_run_kind"),
        ("core", "0001_action_log"),
    ]

    operations = [
        migrations.RunPython(copy_exports, copy_back),
    ]
