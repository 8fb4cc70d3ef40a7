"""Votes at the same moment: each counted once, one participant per person, one map task
waiting; a smaller version of bench/opinion_votes.py. On SQLite the writes take turns; on
PostgreSQL they overlap, and two first votes race for the participant's number."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connections
from django.utils import timezone

from assemblea.conversations import maps, services
from assemblea.conversations.models import Conversation, Participant, Vote

pytestmark = pytest.mark.django_db(transaction=True)


def _at_once(works: list[Callable[[], Any]]) -> list[tuple[str, Any]]:
    barrier = threading.Barrier(len(works))
    outcomes: list[tuple[str, Any]] = []
    lock = threading.Lock()

    def run(work: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            result: tuple[str, Any] = ("voted", work())
        except ValidationError as error:
            result = ("refused", error.messages[0])
        except Exception as error:  # any other failure is what this test is looking for
            result = ("error", repr(error))
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(work,)) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.fixture
def queued(monkeypatch: Any) -> list[int]:
    """Map tasks are kept, not run: the test counts what the votes enqueued (from every
    thread; a task backend is one per thread)."""
    enqueued: list[int] = []
    lock = threading.Lock()

    def enqueue(conversation_id: int) -> None:
        with lock:
            enqueued.append(conversation_id)

    monkeypatch.setattr(maps, "map_enqueue", enqueue)
    return enqueued


def test_one_person_voting_twice_at_once_leaves_one_vote_of_a_value_sent(
    seeded: Any, make_user: Any, queued: Any
) -> None:
    statement = seeded[0]
    for round_ in range(5):
        person = make_user(f"twice{round_}")
        outcomes = _at_once(
            [
                lambda p=person, v=value: services.vote_cast(actor=p, statement=statement, value=v)
                for value in ("agree", "disagree")
            ]
        )
        assert [kind for kind, _ in outcomes] == ["voted", "voted"], outcomes
        votes = Vote.objects.filter(participant__user=person)
        assert votes.count() == 1
        assert votes.get().value in {1, -1}
        assert Participant.objects.filter(user=person).count() == 1


def test_many_first_votes_at_once_make_one_participant_each_and_count_every_vote(
    seeded: Any, make_user: Any, conversation: Any, queued: Any
) -> None:
    people = [make_user(f"resident{i}") for i in range(16)]
    values = ["agree", "disagree", "pass"]
    works = [
        lambda p=person, s=statement, v=values[(i + n) % 3]: services.vote_cast(
            actor=p, statement=s, value=v
        )
        for i, person in enumerate(people)
        for n, statement in enumerate(seeded[:2])
    ]
    outcomes = _at_once(works)
    assert [kind for kind, _ in outcomes] == ["voted"] * len(works), outcomes
    participants = Participant.objects.filter(conversation=conversation)
    assert participants.filter(user__in=people).count() == len(people)
    # Numbered one after another (the organizer, who added the statements, is number 1).
    assert sorted(participants.values_list("number", flat=True)) == list(range(1, len(people) + 2))
    code = {"agree": 1, "disagree": -1, "pass": 0}
    stored = {
        (user, number): value
        for user, number, value in Vote.objects.filter(
            statement__conversation=conversation
        ).values_list("participant__user_id", "statement__number", "value")
    }
    assert stored == {
        (person.pk, statement.number): code[values[(i + n) % 3]]
        for i, person in enumerate(people)
        for n, statement in enumerate(seeded[:2])
    }


def test_votes_at_once_request_one_map_and_only_one_waits(
    seeded: Any, make_user: Any, conversation: Any, queued: Any
) -> None:
    people = [make_user(f"voter{i}") for i in range(12)]
    outcomes = _at_once(
        [
            lambda p=person: services.vote_cast(actor=p, statement=seeded[1], value="agree")
            for person in people
        ]
    )
    assert [kind for kind, _ in outcomes] == ["voted"] * len(people), outcomes
    assert queued == [conversation.pk]
    assert Conversation.objects.get(pk=conversation.pk).map_pending
    # The task clears the flag as it starts: the next votes at once enqueue one more.
    Conversation.objects.filter(pk=conversation.pk).update(map_pending=False)
    _at_once(
        [
            lambda p=person: services.vote_cast(actor=p, statement=seeded[2], value="pass")
            for person in people
        ]
    )
    assert queued == [conversation.pk, conversation.pk]


def test_with_database_workers_a_requested_map_waits_its_interval(
    seeded: Any, conversation: Any, settings: Any
) -> None:
    """Under a stream of votes the map is redrawn about every MAP_INTERVAL seconds, not
    back to back on the cores the votes need."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    before = timezone.now()
    maps.map_enqueue(conversation.pk)
    queued = DBTaskResult.objects.get(task_path__endswith="map_recompute")
    assert queued.run_after >= before + datetime.timedelta(seconds=maps.MAP_INTERVAL)
