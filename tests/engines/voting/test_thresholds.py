from __future__ import annotations

from fractions import Fraction

import pytest

from assemblea.engines.voting.errors import InputError
from assemblea.engines.voting.thresholds import (
    ABSOLUTE_MAJORITY,
    EIGHTY_PERCENT,
    HALF_PLUS_ONE,
    SIMPLE_MAJORITY,
    THREE_QUARTERS,
    TWO_THIRDS,
    Base,
    Choice,
    QuorumRule,
    SeatCategory,
    ThresholdRule,
    Vote,
    quorum_met,
    tally_yes_no,
)


def test_simple_majority_ignores_abstentions() -> None:
    result = tally_yes_no({"yes": 10, "no": 9, "abstain": 30}, SIMPLE_MAJORITY, 60)
    assert result.passed and result.base_value == 19


def test_tie_is_not_a_simple_majority() -> None:
    assert not tally_yes_no({"yes": 10, "no": 10}, SIMPLE_MAJORITY, 20).passed


def test_abstentions_counted_changes_the_outcome() -> None:
    votes = {"yes": 10, "no": 4, "abstain": 2}
    counted = ThresholdRule(
        "2/3 incl. abstentions", Fraction(2, 3), Base.VOTES_CAST_WITH_ABSTENTIONS
    )
    assert tally_yes_no(votes, TWO_THIRDS, 20).passed  # 10 of 14
    assert not tally_yes_no(votes, counted, 20).passed  # 10 of 16 < 2/3


def test_two_thirds_exactly_is_enough() -> None:
    assert tally_yes_no({"yes": 20, "no": 10}, TWO_THIRDS, 40).passed
    assert not tally_yes_no({"yes": 19, "no": 10}, TWO_THIRDS, 40).passed


def test_absolute_majority_counts_all_members() -> None:
    # 30 yes of 31 cast, but 61 members: 30 is not more than half of 61
    assert not tally_yes_no({"yes": 30, "no": 1}, ABSOLUTE_MAJORITY, 61).passed
    assert tally_yes_no({"yes": 31, "no": 1}, ABSOLUTE_MAJORITY, 61).passed


@pytest.mark.parametrize(("rule", "yes_needed"), [(THREE_QUARTERS, 75), (EIGHTY_PERCENT, 80)])
def test_supermajorities(rule: ThresholdRule, yes_needed: int) -> None:
    assert tally_yes_no({"yes": yes_needed, "no": 100 - yes_needed}, rule, 100).passed
    assert not tally_yes_no({"yes": yes_needed - 1, "no": 101 - yes_needed}, rule, 100).passed


def test_quorum_half_plus_one() -> None:
    assert HALF_PLUS_ONE.describe().startswith("more than 50 %")
    assert quorum_met(HALF_PLUS_ONE, {"member": 6}, {"member": 10}).met
    assert not quorum_met(HALF_PLUS_ONE, {"member": 5}, {"member": 10}).met
    assert quorum_met(HALF_PLUS_ONE, {"member": 6}, {"member": 11}).needed == 6


def test_no_quorum_no_decision() -> None:
    result = tally_yes_no({"yes": 5, "no": 0}, SIMPLE_MAJORITY, 20, present=8, quorum=HALF_PLUS_ONE)
    assert result.threshold_met and result.quorum is not None and not result.quorum.met
    assert not result.passed
    assert "quorum NOT met" in result.describe()


def test_weights_and_voting_rights_per_category() -> None:
    seats = [
        SeatCategory("delegate", 10, Fraction(2)),
        SeatCategory("member", 20),
        SeatCategory("observer", 5, votes=False),
    ]
    votes = [
        Vote(Choice.YES, "delegate", 6),  # 12
        Vote(Choice.NO, "delegate", 4),  # 8
        Vote(Choice.NO, "member", 9),  # 9
        Vote(Choice.YES, "member", 8),  # 8
    ]
    result = tally_yes_no(votes, SIMPLE_MAJORITY, seats, quorum=HALF_PLUS_ONE)
    assert (result.yes, result.no) == (20, 17)
    assert result.members == 40
    assert result.passed
    # quorum counts voting seats only: 27 of 30 present
    assert result.quorum is not None and result.quorum.seats == 30
    with pytest.raises(InputError, match="has no vote"):
        tally_yes_no([Vote(Choice.YES, "observer")], SIMPLE_MAJORITY, seats)


def test_weighted_quorum() -> None:
    seats = [SeatCategory("big", 2, Fraction(5)), SeatCategory("small", 10)]
    rule = QuorumRule(weighted=True)
    assert quorum_met(rule, {"big": 2, "small": 1}, seats).met  # 11 > 10
    assert not quorum_met(QuorumRule(), {"big": 2, "small": 1}, seats).met  # 3 of 12


@pytest.mark.parametrize(
    ("votes", "seats", "present", "words"),
    [
        ({"maybe": 1}, 10, None, "not a choice"),
        ({"yes": 11}, 10, None, "which has 10 seats"),
        ({"yes": 5}, 10, 3, "only 3 present"),
    ],
)
def test_bad_votes_refused(
    votes: dict[str, int], seats: int, present: int | None, words: str
) -> None:
    with pytest.raises(InputError, match=words):
        tally_yes_no(votes, SIMPLE_MAJORITY, seats, present=present)


def test_describe_reads_well() -> None:
    text = tally_yes_no(
        {"yes": 12, "no": 5, "abstain": 3}, TWO_THIRDS, 30, 20, HALF_PLUS_ONE
    ).describe()
    assert "yes 12 of 17 votes cast (70.59 %)" in text
    assert text.endswith("PASSED")
