"""2:1:1 weights per constituency: the one weight all other constituencies shared becomes each one's;
an agreed list keeps the weights it was ranked with."""

from django.db import migrations, models

import ssehub.planning.models

OTHERS = ("sse_practitioner", "researcher", "international", "other")


def spread_weight(apps, schema_editor):
    PlanningSetup = apps.get_model("planning", "PlanningSetup")
    for setup in PlanningSetup.objects.all():
        setup.other_weights = {code: float(setup.other_weight) for code in OTHERS}
        setup.save(update_fields=["other_weights"])


def join_weights(apps, schema_editor):
    """Back to one weight: the SSE practitioners' (the others may have differed; that is lost)."""
    PlanningSetup = apps.get_model("planning", "PlanningSetup")
    for setup in PlanningSetup.objects.all():
        setup.other_weight = round(float(setup.other_weights.get("sse_practitioner", 1)), 1)
        setup.save(update_fields=["other_weight"])


class Migration(migrations.Migration):

    dependencies = [
        ("planning", "0003_score_cells"),
    ]

    operations = [
        migrations.AddField(
            model_name="planningsetup",
            name="other_weights",
            field=models.JSONField(blank=True, default=dict,
                                   validators=[ssehub.planning.models.validate_other_weights],
                                   verbose_name="weights of the other constituencies under 2:1:1"),
        ),
        migrations.RunPython(spread_weight, join_weights),
        migrations.RemoveField(model_name="planningsetup", name="other_weight"),
        migrations.AddField(
            model_name="delegation",
            name="finalised_weights",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
    ]
