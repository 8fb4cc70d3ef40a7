"""The result pages' tables for ranked methods, from ballots cast through the services: the
instant-runoff rounds and the Condorcet head-to-head table, on the 54 ballots where IRV,
Schulze and Ranked Pairs elect three different candidates (see tests/engines/voting)."""

from __future__ import annotations

import pytest

from assemblea.decisions import selectors, services
from tests.decisions.conftest import build_room
from tests.engines.voting.test_tables import THREE_WINNERS

pytestmark = pytest.mark.django_db

NAMES = ["Ana", "Ben", "Cleo", "Dan"]


@pytest.fixture
def decided(make_assembly, make_user):
    room = build_room(make_assembly(), make_user, members=54)
    polls = {
        method: services.poll_open(
            actor=room.facilitator,
            agenda_item=room.item,
            title=method,
            method=method,
            options=NAMES,
            requires_quorum=False,
        )
        for method in ("irv", "schulze", "ranked_pairs")
    }
    rankings = [list(ranking) for ranking, n in THREE_WINNERS for _ in range(n)]
    for member, ranking in zip(room.members, rankings, strict=True):
        for poll in polls.values():
            services.vote_cast(actor=member, poll=poll, choice=ranking)
    return {
        method: selectors.poll_result_view(services.poll_close(actor=room.facilitator, poll=poll))
        for method, poll in polls.items()
    }


def test_irv_schulze_and_ranked_pairs_each_elect_their_own_candidate(decided):
    assert {method: view.elected for method, view in decided.items()} == {
        "irv": ["Cleo"],
        "schulze": ["Ben"],
        "ranked_pairs": ["Ana"],
    }


def test_the_irv_rounds_table_shows_each_round_and_who_went_out(decided):
    view = decided["irv"]
    assert view.rounds_header == ["Round", *NAMES, "Exhausted", "Out"]
    assert view.rounds == [
        ["1", "15", "8", "10", "21", "0", "Ben"],
        ["2", "15", "–", "18", "21", "0", "Ana"],
        ["3", "–", "–", "32", "22", "0", ""],
    ]
    assert [(bar.label, bar.value) for bar in view.bars] == [
        ("Ana", "15"),
        ("Ben", "8"),
        ("Cleo", "10"),
        ("Dan", "21"),
    ]


@pytest.mark.parametrize("method", ["schulze", "ranked_pairs"])
def test_the_pairwise_table_shows_every_head_to_head(decided, method):
    view = decided[method]
    assert view.rounds_header == ["", *NAMES]
    assert view.rounds == [
        ["Ana", "–", "28", "33", "23"],
        ["Ben", "26", "–", "35", "24"],
        ["Cleo", "21", "19", "–", "32"],
        ["Dan", "31", "30", "22", "–"],
    ]
    # head-to-head wins: Ana beats Ben and Cleo, Ben beats Cleo, Cleo beats Dan, Dan beats both
    assert [(bar.label, bar.value) for bar in view.bars] == [
        ("Ana", "2"),
        ("Ben", "1"),
        ("Cleo", "1"),
        ("Dan", "2"),
    ]
