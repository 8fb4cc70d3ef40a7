from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion

# The database itself refuses to change or remove a recorded event. PostgreSQL (production)
# refuses UPDATE and DELETE; TRUNCATE, an administrator's whole-table operation, stays possible.
# SQLite (the embedded default) refuses UPDATE; its DELETE is how tests reset the database.
APPEND_ONLY_SQL = {
    "postgresql": (
        [
            "CREATE OR REPLACE FUNCTION core_event_append_only() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'core_event is append-only'; END; $$ LANGUAGE plpgsql",
            "CREATE TRIGGER core_event_append_only BEFORE UPDATE OR DELETE ON core_event "
            "FOR EACH ROW EXECUTE FUNCTION core_event_append_only()",
        ],
        [
            "DROP TRIGGER IF EXISTS core_event_append_only ON core_event",
            "DROP FUNCTION IF EXISTS core_event_append_only()",
        ],
    ),
    "sqlite": (
        [
            "CREATE TRIGGER core_event_no_update BEFORE UPDATE ON core_event "
            "BEGIN SELECT RAISE(ABORT, 'core_event is append-only'); END",
        ],
        ["DROP TRIGGER IF EXISTS core_event_no_update"],
    ),
}


def add_triggers(apps, schema_editor):
    for statement in APPEND_ONLY_SQL.get(schema_editor.connection.vendor, ([], []))[0]:
        schema_editor.execute(statement)


def remove_triggers(apps, schema_editor):
    for statement in APPEND_ONLY_SQL.get(schema_editor.connection.vendor, ([], []))[1]:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    initial = True

    dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]

    operations = [
        migrations.CreateModel(
            name="Event",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("stream", models.CharField(db_index=True, max_length=64)),
                ("verb", models.CharField(max_length=64)),
                ("data", models.JSONField(blank=True, default=dict)),
                ("public", models.BooleanField(default=True)),
                ("occurred_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                ("actor", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={"ordering": ["occurred_at", "id"], "verbose_name": "event", "verbose_name_plural": "events"},
        ),
        migrations.RunPython(add_triggers, remove_triggers),
    ]
