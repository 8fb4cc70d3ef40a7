"""Hash-chain the event log: each event stores the hash of the previous event of its stream
and its own hash over canonical JSON. Events recorded before this migration are chained here,
in the order they were recorded (the append-only trigger is lifted for that one backfill)."""

from django.db import migrations, models
import django.utils.timezone


def backfill(apps, schema_editor):
    from assemblea.core.chain import event_hash_of

    Event = apps.get_model("core", "Event")
    connection = schema_editor.connection
    table = Event._meta.db_table
    if connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute(f"ALTER TABLE {table} DISABLE TRIGGER core_event_append_only")
    elif connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS core_event_no_update")
    heads: dict[str, str] = {}
    with connection.cursor() as cursor:
        for event in Event.objects.order_by("id").iterator():
            previous = heads.get(event.stream, "")
            event.previous_hash = previous
            digest = event_hash_of(event)
            cursor.execute(
                f"UPDATE {table} SET previous_hash = %s, hash = %s WHERE id = %s",
                [previous, digest, event.id],
            )
            heads[event.stream] = digest
    if connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {table} ENABLE TRIGGER core_event_append_only")
    elif connection.vendor == "sqlite":
        # Adding the columns rebuilt the table on SQLite, which drops its triggers: restore.
        schema_editor.execute(
            "CREATE TRIGGER core_event_no_update BEFORE UPDATE ON core_event "
            "BEGIN SELECT RAISE(ABORT, 'core_event is append-only'); END"
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="event",
            name="occurred_at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False),
        ),
        migrations.AddField(
            model_name="event",
            name="previous_hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="event",
            name="hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
