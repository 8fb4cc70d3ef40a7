"""Our counts against two independent implementations, on every real election in the data.

pref_voting (Holliday & Pacuit): statutory Scottish STV, IRV for truncated ballots, Schulze.
votekit (MGGG): STV with fractional (Gregory) transfers and Droop quota.
Both are test-only dependencies; these tests skip when they are not installed.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from assemblea.engines.voting.ballots import Election
from assemblea.engines.voting.formats import read_election
from assemblea.engines.voting.ranked import irv, ranked_pairs, schulze
from assemblea.engines.voting.stv import stv_scottish


def _pref_profile(election: Election) -> Any:
    profiles = pytest.importorskip("pref_voting.profiles_with_ties")
    rankings = [{c: rank + 1 for rank, c in enumerate(b.ranking)} for b in election.ballots]
    profile = profiles.ProfileWithTies(
        rankings,
        rcounts=[b.count for b in election.ballots],
        candidates=list(range(len(election.candidates))),
    )
    return profile


def test_stv_matches_pref_voting_scottish(ward: Path) -> None:
    pytest.importorskip("pref_voting")
    from pref_voting.proportional_methods import stv_scottish as peer

    election = read_election(ward)
    ours = stv_scottish(election)
    theirs = peer(_pref_profile(election), num_seats=election.seats, rng=random.Random(0))
    assert sorted(ours.elected) == sorted(theirs)


def test_stv_matches_votekit(ward: Path) -> None:
    pytest.importorskip("votekit")
    from votekit import RankBallot, RankProfile
    from votekit.elections import STV

    election = read_election(ward)
    ballots = [
        RankBallot(ranking=tuple(frozenset({str(c)}) for c in b.ranking), weight=b.count)
        for b in election.ballots
    ]
    profile = RankProfile(
        ballots=ballots, candidates=[str(c) for c in range(len(election.candidates))]
    )
    count = STV(profile, n_seats=election.seats, tiebreak="first_place")
    theirs = sorted(int(c) for s in count.get_elected() for c in s)
    assert sorted(stv_scottish(election).elected) == theirs


def test_irv_matches_pref_voting(ranked_file: Path) -> None:
    pytest.importorskip("pref_voting")
    from pref_voting.iterative_methods import instant_runoff_for_truncated_linear_orders as peer

    election = read_election(ranked_file)
    assert [irv(election).winner] == peer(_pref_profile(election))


def test_schulze_matches_pref_voting(ranked_file: Path) -> None:
    pytest.importorskip("pref_voting")
    from pref_voting.margin_based_methods import beat_path as peer  # Schulze

    election = read_election(ranked_file)
    profile = _pref_profile(election)
    profile.use_extended_strict_preference()
    assert schulze(election).tied_winners == peer(profile)


def test_ranked_pairs_matches_pref_voting(ranked_file: Path) -> None:
    pytest.importorskip("pref_voting")
    from pref_voting.margin_based_methods import ranked_pairs as peer

    election = read_election(ranked_file)
    profile = _pref_profile(election)
    profile.use_extended_strict_preference()
    assert [ranked_pairs(election).winner] == peer(profile)
