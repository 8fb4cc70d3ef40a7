import pytest
from django.db import DatabaseError, connection, transaction

from assemblea.core.models import AppendOnlyError, Event

pytestmark = pytest.mark.django_db


def test_events_are_recorded_by_services(make_assembly):
    assembly = make_assembly()
    verbs = list(
        Event.objects.filter(stream=f"assembly:{assembly.pk}").values_list("verb", flat=True)
    )
    assert verbs == ["assembly.created"]


def test_the_model_refuses_to_change_or_delete_an_event(make_assembly):
    make_assembly()
    event = Event.objects.first()
    event.verb = "something.else"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.all().update(verb="x")
    with pytest.raises(AppendOnlyError):
        Event.objects.all().delete()


def test_the_database_refuses_to_change_or_delete_an_event(make_assembly):
    make_assembly()
    before = list(Event.objects.values_list("id", "verb"))
    table = Event._meta.db_table
    statements = [f"UPDATE {table} SET verb = 'rewritten'"]
    if connection.vendor == "postgresql":
        statements.append(f"DELETE FROM {table}")
    for statement in statements:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert list(Event.objects.values_list("id", "verb")) == before


def test_an_old_event_whose_data_no_longer_fits_still_reads(make_assembly):
    from assemblea.core.events import event_describe

    assembly = make_assembly()
    old = Event.objects.create(
        stream=f"assembly:{assembly.pk}", verb="assembly.phase_changed", data={"from": "draft"}
    )
    assert event_describe(old) == "assembly.phase_changed"
