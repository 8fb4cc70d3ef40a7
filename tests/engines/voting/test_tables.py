"""The tables a count publishes, asserted cell by cell on small elections counted by hand:
the instant-runoff rounds (tallies, exclusions, transfers, exhausted ballots), the Condorcet
pairwise table and Schulze's strongest paths, and the Ranked Pairs locks. One profile of 54
ballots gives three winners to IRV, Schulze and Ranked Pairs (checked with pref_voting)."""

from __future__ import annotations

import pytest

from assemblea.engines import voting
from assemblea.engines.voting.report import ranked_dict

A, B, C, D = range(4)

# IRV elects C, Schulze B, Ranked Pairs A. Pairwise (row over column, by hand):
#   A>B 28–26, A>C 33–21, D>A 31–23, B>C 35–19, D>B 30–24, C>D 32–22.
THREE_WINNERS = (
    ((A, B, C, D), 5),
    ((A, B, D, C), 1),
    ((A, C, B, D), 6),
    ((A, C, D, B), 3),
    ((B, C, A, D), 8),
    ((C, B, D, A), 4),
    ((C, D, A, B), 1),
    ((C, D, B, A), 5),
    ((D, A, B, C), 12),
    ((D, B, A, C), 6),
    ((D, B, C, A), 3),
)


def _election(profile, names="ABCD") -> voting.Election:
    return voting.Election(
        tuple(names), tuple(voting.RankedBallot(ranking, n) for ranking, n in profile)
    )


def test_the_irv_rounds_table_round_by_round():
    result = voting.irv(_election(THREE_WINNERS))
    table = [(r.number, r.tallies, r.exhausted, r.eliminated, r.elected) for r in result.rounds]
    assert table == [
        # first preferences: A 5+1+6+3, B 8, C 4+1+5, D 12+6+3; B has fewest
        (1, {A: 15, B: 8, C: 10, D: 21}, 0, B, None),
        # B's 8 (B C A D) go to C; A now has fewest
        (2, {A: 15, C: 18, D: 21}, 0, A, None),
        # A's 15: 5 + 6 + 3 to C (B is out), 1 to D; C has 32 of 54
        (3, {C: 32, D: 22}, 0, None, C),
    ]
    transfers = [
        {
            c: result.rounds[k + 1].tallies[c] - result.rounds[k].tallies[c]
            for c in result.rounds[k + 1].tallies
        }
        for k in range(len(result.rounds) - 1)
    ]
    assert transfers == [{A: 0, C: 8, D: 0}, {C: 14, D: 1}]
    assert result.winner == C and not result.lots


def test_irv_counts_exhausted_ballots_and_a_majority_of_those_continuing():
    # A 5, B>A 3, C alone 2, D>B 1: D goes (1 to B), then C (2 exhausted), A has 5 of 9.
    profile = (((A,), 5), ((B, A), 3), ((C,), 2), ((D, B), 1))
    result = voting.irv(_election(profile))
    table = [(r.tallies, r.exhausted, r.eliminated, r.elected) for r in result.rounds]
    assert table == [
        ({A: 5, B: 3, C: 2, D: 1}, 0, D, None),
        ({A: 5, B: 4, C: 2}, 0, C, None),
        ({A: 5, B: 4}, 2, None, A),
    ]
    published = ranked_dict(result)["rounds"]
    assert [r["tallies"] for r in published] == [
        {"1": 5, "2": 3, "3": 2, "4": 1},
        {"1": 5, "2": 4, "3": 2},
        {"1": 5, "2": 4},
    ]
    assert [(r["eliminated"], r["elected"], r["exhausted"]) for r in published] == [
        (4, None, 0),
        (3, None, 0),
        (None, 1, 2),
    ]


def test_the_pairwise_table_and_the_strongest_paths():
    election = _election(THREE_WINNERS)
    result = voting.schulze(election)
    assert result.pairwise == [
        [0, 28, 33, 23],
        [26, 0, 35, 24],
        [21, 19, 0, 32],
        [31, 30, 22, 0],
    ]
    # margins: B>C 16, A>C 12, C>D 10, D>A 8, D>B 6, A>B 2. B reaches A by B>C>D>A (8),
    # A reaches B at best by A>C>D>B (6): B beats every other by its paths.
    assert result.strongest_paths == [
        [0, 6, 12, 10],
        [8, 0, 16, 10],
        [8, 6, 0, 10],
        [8, 6, 8, 0],
    ]
    assert result.winner == B and result.condorcet_winner is None
    published = ranked_dict(result)["pairwise"]
    assert published["1"] == {"2": 28, "3": 33, "4": 23}
    assert published["3"] == {"1": 21, "2": 19, "4": 32}


def test_ranked_pairs_locks_the_largest_margins_and_skips_the_cycles():
    result = voting.ranked_pairs(_election(THREE_WINNERS))
    assert [(p.winner, p.loser, p.margin, p.locked) for p in result.pairs] == [
        (B, C, 16, True),
        (A, C, 12, True),
        (C, D, 10, True),
        (D, A, 8, False),  # A>C>D already: D over A would close a cycle
        (D, B, 6, False),  # B>C>D already
        (A, B, 2, True),
    ]
    assert result.winner == A


def test_irv_schulze_and_ranked_pairs_elect_three_different_candidates():
    election = _election(THREE_WINNERS)
    winners = {
        "irv": voting.irv(election).winner,
        "schulze": voting.schulze(election).winner,
        "ranked_pairs": voting.ranked_pairs(election).winner,
    }
    assert winners == {"irv": C, "schulze": B, "ranked_pairs": A}


def test_the_three_winners_agree_with_pref_voting():
    profiles = pytest.importorskip("pref_voting.profiles")
    methods = pytest.importorskip("pref_voting.voting_methods")
    profile = profiles.Profile(
        [list(ranking) for ranking, _ in THREE_WINNERS], [n for _, n in THREE_WINNERS]
    )
    assert methods.instant_runoff(profile) == [C]
    assert methods.beat_path(profile) == [B]
    assert methods.ranked_pairs(profile) == [A]
