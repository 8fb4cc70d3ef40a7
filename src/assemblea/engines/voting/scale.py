"""Support scales, consensus with blocks, and gradients of agreement.

Four-point support scale: each member answers strongly support / support / oppose /
strongly oppose (or "agree" wording). The share of support is (strongly support + support) /
all answers on the scale; a recommendation is "strongly supported" above 75 % and "majority
supported" above 50 %, the bands of issue 6 for Scotland's assembly reports. Answers outside
the scale (unsure, no answer) are reported but not in the share.

Consensus: a proposal goes through stages (proposal, clarifying questions, concerns, call for
blocks). With no block it passes; with a block it falls back to the body's rule, e.g. a 90 %
vote, or falls if the body has no fallback.

Gradients of agreement (Kaner et al., Facilitator's Guide to Participatory Decision-Making):
eight levels from "endorse" to "veto". A veto acts like a block; otherwise the proposal
passes when the share of answers at the supporting levels reaches the body's threshold.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from .errors import InputError
from .thresholds import ThresholdResult

SUPPORT_LEVELS = ("strongly support", "support", "oppose", "strongly oppose")
_SUPPORT_SYNONYMS = {
    "strongly agree": "strongly support",
    "agree": "support",
    "tend to support": "support",
    "disagree": "oppose",
    "tend to oppose": "oppose",
    "strongly disagree": "strongly oppose",
}
OUTSIDE_SCALE = ("unsure", "no answer")
STRONGLY_SUPPORTED = Fraction(3, 4)
MAJORITY_SUPPORTED = Fraction(1, 2)


@dataclass(frozen=True)
class SupportResult:
    counts: dict[str, int]
    outside_scale: dict[str, int]
    answered: int
    support: int
    share: Fraction
    band: str  # "strongly supported", "majority supported", "not supported"

    def describe(self) -> str:
        pct = f"{float(self.share * 100):.1f} %" if self.answered else "no answers"
        return f"{self.support} of {self.answered} support ({pct}): {self.band}"


def _count_answers(
    answers: Mapping[str, int] | Iterable[str], known: Iterable[str], synonyms: Mapping[str, str]
) -> dict[str, int]:
    counts: dict[str, int] = {}
    items = answers.items() if isinstance(answers, Mapping) else ((a, 1) for a in answers)
    allowed = set(known)
    for raw, n in items:
        key = synonyms.get(raw.strip().lower(), raw.strip().lower())
        if key not in allowed:
            raise InputError(f"{raw!r} is not on the scale ({', '.join(sorted(allowed))})")
        if n < 0:
            raise InputError(f"negative count for {raw!r}")
        counts[key] = counts.get(key, 0) + n
    return counts


def tally_support_scale(answers: Mapping[str, int] | Iterable[str]) -> SupportResult:
    """Answers as a list of levels or a mapping level -> count."""
    counts = _count_answers(answers, SUPPORT_LEVELS + OUTSIDE_SCALE, _SUPPORT_SYNONYMS)
    on_scale = {level: counts.get(level, 0) for level in SUPPORT_LEVELS}
    outside = {level: counts.get(level, 0) for level in OUTSIDE_SCALE}
    answered = sum(on_scale.values())
    support = on_scale["strongly support"] + on_scale["support"]
    share = Fraction(support, answered) if answered else Fraction(0)
    if share > STRONGLY_SUPPORTED:
        band = "strongly supported"
    elif share > MAJORITY_SUPPORTED:
        band = "majority supported"
    else:
        band = "not supported"
    return SupportResult(on_scale, outside, answered, support, share, band)


class ConsensusStage(StrEnum):
    PROPOSAL = "proposal"
    CLARIFYING_QUESTIONS = "clarifying questions"
    CONCERNS = "concerns"
    CALL_FOR_BLOCKS = "call for blocks"
    DECIDED = "decided"


CONSENSUS_STAGES = tuple(ConsensusStage)


def next_stage(stage: ConsensusStage) -> ConsensusStage:
    """The stage after `stage`; the decided stage is final."""
    if stage is ConsensusStage.DECIDED:
        raise InputError("the proposal is already decided")
    return CONSENSUS_STAGES[CONSENSUS_STAGES.index(stage) + 1]


@dataclass(frozen=True)
class ConsensusResult:
    outcome: str  # "passed by consensus", "blocked", "fallback vote needed", "passed by fallback
    # vote", "not passed by fallback vote"
    passed: bool | None  # None while a fallback vote is still needed
    blocks: int
    stand_asides: int
    fallback: ThresholdResult | None = None

    def describe(self) -> str:
        text = f"{self.blocks} block(s), {self.stand_asides} stand-aside(s): {self.outcome}"
        if self.fallback is not None:
            text += "\n" + self.fallback.describe()
        return text


def consensus_outcome(
    blocks: int,
    stand_asides: int = 0,
    *,
    has_fallback: bool = True,
    fallback: ThresholdResult | None = None,
) -> ConsensusResult:
    """Decide after the call for blocks.

    No block: passed by consensus. A block: if the body has a fallback rule, the result of the
    fallback vote decides (`tally_yes_no` with e.g. a 90 % rule); until it is given, the
    outcome is "fallback vote needed". Without a fallback rule a block stops the proposal.
    """
    if blocks < 0 or stand_asides < 0:
        raise InputError("blocks and stand-asides cannot be negative")
    if blocks == 0:
        return ConsensusResult("passed by consensus", True, blocks, stand_asides)
    if not has_fallback:
        return ConsensusResult("blocked", False, blocks, stand_asides)
    if fallback is None:
        return ConsensusResult("fallback vote needed", None, blocks, stand_asides)
    outcome = "passed by fallback vote" if fallback.passed else "not passed by fallback vote"
    return ConsensusResult(outcome, fallback.passed, blocks, stand_asides, fallback)


GRADIENTS = (
    "endorse",
    "agree with a minor point of contention",
    "support with reservations",
    "abstain",
    "more discussion needed",
    "do not like but will support",
    "serious disagreement",
    "veto",
)


@dataclass(frozen=True)
class GradientRule:
    """Passes when no veto and `support_levels` reach `fraction` of the counted answers."""

    fraction: Fraction = Fraction(3, 4)
    support_levels: frozenset[int] = field(default_factory=lambda: frozenset({1, 2, 3, 6}))
    count_abstentions: bool = False  # level 4 in the base or not


@dataclass(frozen=True)
class GradientResult:
    counts: dict[str, int]
    vetoes: int
    base: int
    support: int
    share: Fraction
    passed: bool
    falls_back: bool  # a veto: the body's fallback rule decides, as with a block

    def describe(self) -> str:
        if self.falls_back:
            return f"{self.vetoes} veto(es): falls back to the body's rule"
        pct = f"{float(self.share * 100):.1f} %" if self.base else "no answers"
        return f"{self.support} of {self.base} at supporting levels ({pct}): " + (
            "passed" if self.passed else "not passed"
        )


def tally_gradients(
    answers: Mapping[str | int, int] | Iterable[str | int], rule: GradientRule | None = None
) -> GradientResult:
    """Answers as level names or numbers 1-8 (list, or mapping to counts)."""
    rule = rule or GradientRule()
    names: dict[str, int] = {}
    items = answers.items() if isinstance(answers, Mapping) else ((a, 1) for a in answers)
    for raw, n in items:
        if isinstance(raw, int):
            if not 1 <= raw <= len(GRADIENTS):
                raise InputError(f"level {raw} is not between 1 and {len(GRADIENTS)}")
            key = GRADIENTS[raw - 1]
        else:
            key = raw.strip().lower()
            if key not in GRADIENTS:
                raise InputError(f"{raw!r} is not a gradient of agreement")
        if n < 0:
            raise InputError(f"negative count for {raw!r}")
        names[key] = names.get(key, 0) + n
    counts = {level: names.get(level, 0) for level in GRADIENTS}
    by_number = {i + 1: counts[level] for i, level in enumerate(GRADIENTS)}
    vetoes = by_number[8]
    base = sum(n for level, n in by_number.items() if level != 4 or rule.count_abstentions)
    support = sum(by_number[level] for level in rule.support_levels)
    share = Fraction(support, base) if base else Fraction(0)
    passed = vetoes == 0 and base > 0 and share >= rule.fraction
    return GradientResult(counts, vetoes, base, support, share, passed, vetoes > 0)
