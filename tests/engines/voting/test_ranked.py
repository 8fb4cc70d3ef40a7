from __future__ import annotations

import pytest

from assemblea.engines.voting.ballots import Election
from assemblea.engines.voting.cardinal import (
    ApprovalBallot,
    ScoreBallot,
    approval,
    score,
)
from assemblea.engines.voting.errors import InputError
from assemblea.engines.voting.ranked import irv, ranked_pairs, schulze

# Tennessee capital example: IRV elects Knoxville, the Condorcet methods Nashville.
TENNESSEE = Election.from_rankings(
    ["Memphis", "Nashville", "Chattanooga", "Knoxville"],
    [
        (42, ["Memphis", "Nashville", "Chattanooga", "Knoxville"]),
        (26, ["Nashville", "Chattanooga", "Knoxville", "Memphis"]),
        (15, ["Chattanooga", "Knoxville", "Nashville", "Memphis"]),
        (17, ["Knoxville", "Chattanooga", "Nashville", "Memphis"]),
    ],
)


def test_irv_tennessee_rounds() -> None:
    result = irv(TENNESSEE)
    assert result.winner_name == "Knoxville"
    assert [r.eliminated for r in result.rounds] == [2, 1, None]
    assert result.rounds[-1].tallies == {0: 42, 3: 58}


def test_condorcet_methods_tennessee() -> None:
    assert schulze(TENNESSEE).winner_name == "Nashville"
    assert ranked_pairs(TENNESSEE).winner_name == "Nashville"
    assert schulze(TENNESSEE).condorcet_winner == 1


def test_schulze_example_from_the_paper() -> None:
    # Schulze (2011), section 3.1 example: 45 voters, 5 candidates; the winner is E.
    rows = [
        (5, "ACBED"),
        (5, "ADECB"),
        (8, "BEDAC"),
        (3, "CABED"),
        (7, "CAEBD"),
        (2, "CBADE"),
        (7, "DCEBA"),
        (8, "EBADC"),
    ]
    election = Election.from_rankings(list("ABCDE"), [(n, list(r)) for n, r in rows])
    result = schulze(election)
    assert result.winner_name == "E"
    assert result.condorcet_winner is None
    assert result.pairwise is not None and result.pairwise[0][1] == 20
    assert result.strongest_paths is not None


def test_ranked_pairs_skips_the_weakest_link_of_a_cycle() -> None:
    # margins A>B 9, B>C 5, C>A 1: lock A>B and B>C, skip C>A (a cycle); A wins.
    election = Election.from_rankings(
        list("ABC"), [(7, list("ABC")), (5, list("BCA")), (5, list("CAB")), (2, list("ACB"))]
    )
    result = ranked_pairs(election)
    assert result.winner_name == "A"
    assert [(p.winner, p.loser, p.locked) for p in result.pairs][-1][2] is False


def test_full_tie_is_decided_by_reported_lot() -> None:
    election = Election.from_rankings(list("AB"), [(3, ["A"]), (3, ["B"])])
    for method in (irv, schulze):
        result = method(election)
        assert result.lots, method
        again = method(election)
        assert again.winner == result.winner


def test_approval_and_score() -> None:
    names = ["Ana", "Ben", "Cai"]
    result = approval(
        [ApprovalBallot(frozenset({0, 1}), 3), ApprovalBallot(frozenset({1}), 2)], names, seats=2
    )
    assert result.totals == {0: 3, 1: 5, 2: 0}
    assert result.elected == [1, 0]
    scored = score([ScoreBallot({0: 5, 1: 2}, 2), ScoreBallot({2: 5}, 1)], names, max_score=5)
    assert scored.totals == {0: 10, 1: 4, 2: 5}
    assert scored.elected_names == ["Ana"]
    with pytest.raises(InputError, match="outside 0 to 5"):
        score([ScoreBallot({0: 6})], names, max_score=5)
    with pytest.raises(InputError, match="not on the ballot"):
        approval([ApprovalBallot(frozenset({7}))], names)


def test_equal_totals_at_the_last_seat_are_reported() -> None:
    result = approval([ApprovalBallot(frozenset({0, 1}))], ["A", "B", "C"], seed="x")
    assert result.lots and result.lots[0].tied == (0, 1)
