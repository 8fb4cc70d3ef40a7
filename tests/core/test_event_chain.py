"""The event log's hash chain: links hold, edits show, concurrent writers never fork it."""

import copy
import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections

from assemblea.core.chain import chain_check
from assemblea.core.events import assembly_stream, event_chain_verify, event_record, register_verbs
from assemblea.core.models import Event

register_verbs({"test.ping": "ping %(n)s"})


@pytest.mark.django_db
def test_each_event_points_to_the_previous_one_of_its_stream(make_assembly):
    assembly = make_assembly()
    stream = assembly_stream(assembly.pk)
    first = Event.objects.filter(stream=stream).get()
    second = event_record(stream=stream, verb="test.ping", data={"n": 1})
    other = event_record(stream="elsewhere:1", verb="test.ping", data={"n": 2})
    assert first.previous_hash == ""
    assert second.previous_hash == first.hash
    assert other.previous_hash == ""
    report = event_chain_verify(stream)
    assert report.intact and report.events == 2 and report.head == second.hash


@pytest.mark.django_db
def test_a_changed_copy_of_any_event_breaks_the_chain(make_assembly):
    assembly = make_assembly()
    stream = assembly_stream(assembly.pk)
    for n in range(4):
        event_record(stream=stream, verb="test.ping", data={"n": n, "when": "2026-01-01"})
    events = list(Event.objects.filter(stream=stream).order_by("id"))
    assert chain_check(stream, events).intact
    for index, change in enumerate(
        [("verb", "test.other"), ("data", {"n": 99}), ("public", False), ("actor_id", 7)]
    ):
        tampered = copy.deepcopy(events)
        setattr(tampered[index + 1], *change)
        report = chain_check(stream, tampered)
        assert report.broken_at == events[index + 1].id
        assert report.reason == "its content was changed"
    dropped = events[:2] + events[3:]
    assert chain_check(stream, dropped).broken_at == events[3].id


@pytest.mark.django_db
def test_a_raw_sql_edit_behind_the_app_shows(make_assembly):
    assembly = make_assembly()
    stream = assembly_stream(assembly.pk)
    for n in range(3):
        event_record(stream=stream, verb="test.ping", data={"n": n})
    middle = Event.objects.filter(stream=stream).order_by("id")[1]
    table = Event._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER core_event_no_update")
        else:
            # What a database administrator could do: switch the append-only trigger off.
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(f"UPDATE {table} SET data = %s WHERE id = %s", ['{"n": 1000}', middle.id])
    report = event_chain_verify(stream)
    assert not report.intact and report.broken_at == middle.id
    with pytest.raises(Exception, match="broken"):
        call_command("verify_events", stream, stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_do_not_fork_a_stream():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite has one writer at a time; forks need concurrent writers")
    stream = "race:1"
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            barrier.wait()
            for n in range(10):
                event_record(stream=stream, verb="test.ping", data={"n": worker * 100 + n})
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(worker,)) for worker in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    report = event_chain_verify(stream)
    assert report.intact and report.events == 80
    hashes = list(Event.objects.filter(stream=stream).values_list("previous_hash", flat=True))
    assert len(set(hashes)) == 80
