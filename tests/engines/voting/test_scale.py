from __future__ import annotations

from fractions import Fraction

import pytest

from assemblea.engines.voting.errors import InputError
from assemblea.engines.voting.scale import (
    ConsensusStage,
    GradientRule,
    consensus_outcome,
    next_stage,
    tally_gradients,
    tally_support_scale,
)
from assemblea.engines.voting.thresholds import ThresholdRule, tally_yes_no

NINETY = ThresholdRule("90 %", Fraction(9, 10))


@pytest.mark.parametrize(
    ("answers", "band"),
    [
        ({"strongly support": 50, "support": 26, "oppose": 24}, "strongly supported"),
        ({"strongly support": 50, "support": 25, "oppose": 25}, "majority supported"),
        ({"strongly agree": 30, "agree": 21, "disagree": 49}, "majority supported"),
        ({"support": 50, "strongly oppose": 50}, "not supported"),
    ],
)
def test_support_bands(answers: dict[str, int], band: str) -> None:
    assert tally_support_scale(answers).band == band


def test_unsure_is_reported_not_counted() -> None:
    result = tally_support_scale(["support", "support", "oppose", "unsure"])
    assert result.answered == 3 and result.outside_scale["unsure"] == 1
    assert result.share == Fraction(2, 3)


def test_unknown_level_refused() -> None:
    with pytest.raises(InputError, match="not on the scale"):
        tally_support_scale(["maybe"])


def test_consensus_stages_in_order() -> None:
    stage = ConsensusStage.PROPOSAL
    seen = [stage]
    while stage is not ConsensusStage.DECIDED:
        stage = next_stage(stage)
        seen.append(stage)
    assert [s.value for s in seen] == [
        "proposal",
        "clarifying questions",
        "concerns",
        "call for blocks",
        "decided",
    ]
    with pytest.raises(InputError):
        next_stage(ConsensusStage.DECIDED)


def test_consensus_without_block_passes() -> None:
    result = consensus_outcome(0, stand_asides=3)
    assert result.passed and result.outcome == "passed by consensus"


def test_block_falls_back_to_the_body_rule() -> None:
    assert consensus_outcome(1).passed is None
    assert consensus_outcome(1, has_fallback=False).outcome == "blocked"
    good = tally_yes_no({"yes": 46, "no": 4}, NINETY, 50)
    bad = tally_yes_no({"yes": 44, "no": 6}, NINETY, 50)
    assert consensus_outcome(1, fallback=good).outcome == "passed by fallback vote"
    assert consensus_outcome(1, fallback=bad).passed is False


def test_gradients() -> None:
    result = tally_gradients({1: 10, 2: 5, 3: 3, 4: 4, 7: 2})
    assert result.base == 20 and result.support == 18 and result.passed
    assert not tally_gradients({1: 10, 7: 5}).passed
    vetoed = tally_gradients({1: 30, "veto": 1})
    assert vetoed.falls_back and not vetoed.passed
    strict = tally_gradients({1: 10, 2: 5, 3: 3, 4: 4, 7: 2}, GradientRule(Fraction(19, 20)))
    assert not strict.passed
    with pytest.raises(InputError):
        tally_gradients([9])
