"""Stipend days come from the sessions' attendance; the hand-typed figure becomes an
organizer's correction (kept, with a reason, where it was not 0)."""

from django.db import migrations, models


def typed_days_become_corrections(apps, schema_editor):
    support = apps.get_model("recruitment", "SupportArrangement")
    support.objects.filter(days_entered=0).update(days_entered=None)
    support.objects.filter(days_entered__isnull=False).update(
        days_reason="Typed by hand before days were counted from attendance"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("recruitment", "0007_seat_claim_username"),
    ]

    operations = [
        migrations.RenameField(
            model_name="supportarrangement", old_name="days", new_name="days_entered"
        ),
        migrations.AlterField(
            model_name="supportarrangement",
            name="days_entered",
            field=models.PositiveIntegerField(
                blank=True, db_column="days", null=True, verbose_name="days, corrected by hand"
            ),
        ),
        migrations.AddField(
            model_name="supportarrangement",
            name="days_reason",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="why the days were corrected"
            ),
        ),
        migrations.RunPython(typed_days_become_corrections, migrations.RunPython.noop),
    ]
