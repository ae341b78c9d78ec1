from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("calls", "0003_export_log_to_action_log"),
    ]

    operations = [
        migrations.DeleteModel(
            name="ExportLog",
        ),
    ]
