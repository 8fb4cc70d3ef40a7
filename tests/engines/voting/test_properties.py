"""Invariants, checked on generated inputs with Hypothesis."""

from __future__ import annotations

import random
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from assemblea.engines.voting.ballots import Election, RankedBallot
from assemblea.engines.voting.cardinal import (
    approval,
    approval_from_ranked,
    score,
    score_from_ranked,
)
from assemblea.engines.voting.ranked import condorcet_winner, irv, ranked_pairs, schulze
from assemblea.engines.voting.stv import SCALE, stv_scottish
from assemblea.engines.voting.thresholds import (
    HALF_PLUS_ONE,
    PRESETS,
    Base,
    ThresholdRule,
    tally_yes_no,
)

FAST = settings(max_examples=60, deadline=None)


@st.composite
def elections(draw: st.DrawFn, max_candidates: int = 6) -> Election:
    n = draw(st.integers(2, max_candidates))
    ranking = st.permutations(list(range(n))).flatmap(
        lambda p: st.integers(1, n).map(lambda k: tuple(p[:k]))
    )
    ballots = draw(st.lists(st.tuples(ranking, st.integers(1, 50)), min_size=1, max_size=15))
    seats = draw(st.integers(1, n - 1))
    return Election(
        tuple(f"C{i}" for i in range(n)), tuple(RankedBallot(r, c) for r, c in ballots), seats
    )


def shuffled(election: Election, seed: int) -> Election:
    ballots = list(election.ballots)
    random.Random(seed).shuffle(ballots)
    return Election(election.candidates, tuple(ballots), election.seats)


@FAST
@given(elections(), st.integers(0, 1000))
def test_permuting_ballots_changes_nothing(election: Election, seed: int) -> None:
    other = shuffled(election, seed)
    a, b = stv_scottish(election), stv_scottish(other)
    assert a.elected == b.elected
    assert [s.totals for s in a.stages] == [s.totals for s in b.stages]
    assert irv(election).winner == irv(other).winner
    assert schulze(election).tied_winners == schulze(other).tied_winners
    assert ranked_pairs(election).winner == ranked_pairs(other).winner
    n = election.candidates
    assert approval(approval_from_ranked(election), n).totals == (
        approval(approval_from_ranked(other), n).totals
    )
    sa, top = score_from_ranked(election)
    sb, _ = score_from_ranked(other)
    assert score(sa, n, top).totals == score(sb, n, top).totals


@FAST
@given(elections(), st.data())
def test_splitting_a_parcel_changes_nothing_in_stv(election: Election, data: st.DataObject) -> None:
    # WIGM truncates the value of each paper, so 5 papers or 2 + 3 identical papers count alike
    ballots = list(election.ballots)
    i = data.draw(st.integers(0, len(ballots) - 1))
    b = ballots[i]
    if b.count < 2:
        return
    k = data.draw(st.integers(1, b.count - 1))
    split = [*ballots[:i], RankedBallot(b.ranking, k), RankedBallot(b.ranking, b.count - k)]
    split += ballots[i + 1 :]
    other = Election(election.candidates, tuple(split), election.seats)
    assert stv_scottish(election).elected == stv_scottish(other).elected


@FAST
@given(elections())
def test_stv_conserves_votes_and_fills_the_seats(election: Election) -> None:
    result = stv_scottish(election)
    assert len(result.elected) == min(election.seats, len(election.candidates))
    assert len(set(result.elected)) == len(result.elected)
    gone = 0
    for stage in result.stages:
        gone += stage.non_transferable + stage.lost_to_rounding
        assert sum(stage.totals.values()) + gone == result.valid_ballots * SCALE
        assert stage.lost_to_rounding >= 0


@FAST
@given(elections(), st.integers(0, 1000))
def test_unanimous_ranking_elects_its_top(election: Election, seed: int) -> None:
    n = len(election.candidates)
    order = tuple(random.Random(seed).sample(range(n), n))
    # enough voters that each surplus reaches the next quota (with 1 voter the integer quota
    # is 1 and a first preference has no surplus to pass on: statutory, not a bug)
    voters = 1000 + election.total_votes
    same = Election(election.candidates, (RankedBallot(order, voters),), election.seats)
    assert stv_scottish(same).elected == list(order[: election.seats])
    assert irv(same).winner == order[0]
    assert schulze(same).tied_winners == [order[0]]
    assert ranked_pairs(same).winner == order[0]


@FAST
@given(elections())
def test_condorcet_winner_wins_schulze_and_ranked_pairs(election: Election) -> None:
    winner = condorcet_winner(election)
    if winner is not None:
        assert schulze(election).tied_winners == [winner]
        assert ranked_pairs(election).winner == winner


rules = st.builds(
    ThresholdRule,
    name=st.just("generated"),
    fraction=st.fractions(Fraction(0), Fraction(1)),
    base=st.sampled_from(list(Base)),
    strict=st.booleans(),
)


@FAST
@given(
    rules,
    st.fractions(Fraction(0), Fraction(1)),
    st.integers(0, 40),
    st.integers(0, 40),
    st.integers(0, 40),
)
def test_thresholds_are_monotone(
    rule: ThresholdRule, lower: Fraction, yes: int, no: int, abstain: int
) -> None:
    members = yes + no + abstain + 5
    votes = {"yes": yes, "no": no, "abstain": abstain}
    result = tally_yes_no(votes, rule, members)
    easier = ThresholdRule("easier", min(lower, rule.fraction), rule.base, rule.strict)
    if result.passed:
        assert tally_yes_no(votes, easier, members).passed
        if no:  # one more yes, one fewer no: still passes
            more = {"yes": yes + 1, "no": no - 1, "abstain": abstain}
            assert tally_yes_no(more, rule, members).passed


@FAST
@given(st.integers(1, 500), st.sampled_from(list(PRESETS.values())))
def test_unanimous_vote_passes_every_rule(members: int, rule: ThresholdRule) -> None:
    result = tally_yes_no({"yes": members}, rule, members, quorum=HALF_PLUS_ONE)
    assert result.passed


@FAST
@given(rules.filter(lambda r: not (r.strict and r.fraction == 1)), st.integers(1, 500))
def test_unanimous_vote_passes_any_satisfiable_rule(rule: ThresholdRule, members: int) -> None:
    assert tally_yes_no({"yes": members}, rule, members, quorum=HALF_PLUS_ONE).passed
