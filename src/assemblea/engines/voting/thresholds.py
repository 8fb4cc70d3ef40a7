"""Yes / no / abstain decisions with the body's threshold, weights per seat category, quorum.

A threshold rule says how large a share of which base the yes votes need:

- the base: votes cast (yes + no: abstentions not counted), votes cast including abstentions,
  members present, or all members (voting seats);
- the share: a fraction, and whether the yes side needs *more than* it (a majority) or *at
  least* it (a supermajority such as two thirds);

Presets: simple majority (more yes than no), absolute majority of members, two thirds,
75 % and 80 % of votes cast (the 80 % bar Gdańsk's citizens' assemblies used for binding
recommendations). Build any other with `ThresholdRule(...)`.

Seat categories carry a vote weight and a right to vote (e.g. delegates weight 1, observers
no vote); every share is computed on the weighted numbers with exact fractions. A quorum
rule (e.g. half of the voting seats plus one) is checked and reported with the result; a
decision without quorum does not pass.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from .errors import InputError


class Choice(StrEnum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


class Base(StrEnum):
    VOTES_CAST = "votes cast"
    VOTES_CAST_WITH_ABSTENTIONS = "votes cast including abstentions"
    PRESENT = "members present"
    MEMBERS = "members"


@dataclass(frozen=True)
class ThresholdRule:
    """Yes must be more than (`strict`) or at least `fraction` of `base`."""

    name: str
    fraction: Fraction
    base: Base = Base.VOTES_CAST
    strict: bool = False

    def __post_init__(self) -> None:
        if not 0 <= self.fraction <= 1:
            raise InputError(f"threshold {self.fraction} is not between 0 and 1")

    def met(self, yes: Fraction, base_value: Fraction) -> bool:
        if base_value <= 0:
            return False
        line = self.fraction * base_value
        return yes > line if self.strict else yes >= line

    def describe(self) -> str:
        share = "more than" if self.strict else "at least"
        return f"{share} {_percent(self.fraction)} of {self.base.value}"


SIMPLE_MAJORITY = ThresholdRule("simple majority", Fraction(1, 2), Base.VOTES_CAST, strict=True)
ABSOLUTE_MAJORITY = ThresholdRule(
    "absolute majority of members", Fraction(1, 2), Base.MEMBERS, strict=True
)
TWO_THIRDS = ThresholdRule("two thirds", Fraction(2, 3), Base.VOTES_CAST)
THREE_QUARTERS = ThresholdRule("75 %", Fraction(3, 4), Base.VOTES_CAST)
EIGHTY_PERCENT = ThresholdRule("80 %", Fraction(4, 5), Base.VOTES_CAST)
PRESETS = {
    "simple-majority": SIMPLE_MAJORITY,
    "absolute-majority": ABSOLUTE_MAJORITY,
    "two-thirds": TWO_THIRDS,
    "75": THREE_QUARTERS,
    "80": EIGHTY_PERCENT,
}


@dataclass(frozen=True)
class SeatCategory:
    """A kind of seat: how many, the weight of each vote, and whether it votes at all."""

    name: str
    seats: int
    weight: Fraction = Fraction(1)
    votes: bool = True

    def __post_init__(self) -> None:
        if self.seats < 0:
            raise InputError(f"seat category {self.name!r}: negative number of seats")
        if self.weight < 0:
            raise InputError(f"seat category {self.name!r}: negative weight")


@dataclass(frozen=True)
class Vote:
    """`count` votes `choice` from seats of `category`."""

    choice: Choice
    category: str = "member"
    count: int = 1


@dataclass(frozen=True)
class QuorumRule:
    """Present voting seats must be more than (`strict`) or at least `fraction` of them.

    `QuorumRule()` is "half of the voting seats plus one" (more than half). With `weighted`
    the seats count by their vote weight. `minimum` is an absolute floor (e.g. 10 people).
    """

    fraction: Fraction = Fraction(1, 2)
    strict: bool = True
    weighted: bool = False
    minimum: int = 0

    def describe(self) -> str:
        share = "more than" if self.strict else "at least"
        text = f"{share} {_percent(self.fraction)} of the voting seats"
        if self.weighted:
            text += " (by weight)"
        return text + (f", and at least {self.minimum}" if self.minimum else "")


HALF_PLUS_ONE = QuorumRule()


@dataclass(frozen=True)
class QuorumResult:
    rule: QuorumRule
    present: Fraction
    seats: Fraction
    needed: Fraction  # the smallest presence that meets the rule (weighted: the line itself)
    met: bool

    def describe(self) -> str:
        state = "met" if self.met else "NOT met"
        return (
            f"quorum {state}: {_num(self.present)} of {_num(self.seats)} voting seats present, "
            f"{self.rule.describe()} needed ({_num(self.needed)})"
        )


@dataclass(frozen=True)
class ThresholdResult:
    rule: ThresholdRule
    yes: Fraction
    no: Fraction
    abstain: Fraction
    present: Fraction
    members: Fraction
    base_value: Fraction
    line: Fraction  # fraction x base: yes must exceed (strict) or reach it
    threshold_met: bool
    quorum: QuorumResult | None
    passed: bool

    def describe(self) -> str:
        share = f" ({_percent(self.yes / self.base_value)})" if self.base_value else ""
        parts = [
            f"yes {_num(self.yes)}, no {_num(self.no)}, abstain {_num(self.abstain)}",
            f"yes {_num(self.yes)} of {_num(self.base_value)} {self.rule.base.value}{share}; "
            f"needs {self.rule.describe()} ({_num(self.line)}): "
            + ("met" if self.threshold_met else "NOT met"),
        ]
        if self.quorum is not None:
            parts.append(self.quorum.describe())
        parts.append("PASSED" if self.passed else "NOT PASSED")
        return "\n".join(parts)


def _percent(value: Fraction) -> str:
    pct = value * 100
    if pct.denominator == 1:
        return f"{pct.numerator} %"
    if value == Fraction(2, 3):
        return "two thirds"
    return f"{float(pct):.2f} %"


def _num(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{float(value):.2f}"


def _categories(seats: Sequence[SeatCategory] | int) -> dict[str, SeatCategory]:
    if isinstance(seats, int):
        return {"member": SeatCategory("member", seats)}
    found: dict[str, SeatCategory] = {}
    for category in seats:
        if category.name in found:
            raise InputError(f"seat category {category.name!r} is given twice")
        found[category.name] = category
    return found


def quorum_met(
    rule: QuorumRule,
    present_by_category: Mapping[str, int],
    seats_by_category: Mapping[str, int] | Sequence[SeatCategory],
) -> QuorumResult:
    """Check a quorum: only seats with a vote count; with `rule.weighted`, by their weights."""
    if isinstance(seats_by_category, Mapping):
        categories = {name: SeatCategory(name, n) for name, n in seats_by_category.items()}
    else:
        categories = _categories(seats_by_category)
    for name, n in present_by_category.items():
        if name not in categories:
            raise InputError(f"{n} present in seat category {name!r}, which the body does not have")
        if not 0 <= n <= categories[name].seats:
            raise InputError(f"{n} present in {name!r}, which has {categories[name].seats} seats")
    seats = Fraction(0)
    present = Fraction(0)
    for category in categories.values():
        if not category.votes:
            continue
        weight = category.weight if rule.weighted else Fraction(1)
        seats += category.seats * weight
        present += present_by_category.get(category.name, 0) * weight
    line = rule.fraction * seats
    if rule.weighted:
        needed = line
        met = present > line if rule.strict else present >= line
    else:
        needed = Fraction(math.floor(line) + 1 if rule.strict else math.ceil(line))
        met = present >= needed
    if rule.minimum:
        needed = max(needed, Fraction(rule.minimum))
        met = met and present >= rule.minimum
    return QuorumResult(rule, present, seats, needed, met)


def _vote_list(
    votes: Iterable[Vote] | Mapping[str, int], categories: Mapping[str, SeatCategory]
) -> list[Vote]:
    """The votes as `Vote`s; a mapping of choice to count is for a single category."""
    if not isinstance(votes, Mapping):
        return list(votes)
    if len(categories) != 1:
        raise InputError("with several seat categories give a list of Vote")
    only = next(iter(categories))
    vote_list = []
    for key, count in votes.items():
        try:
            choice = Choice(key)
        except ValueError:
            raise InputError(f"{key!r} is not a choice (yes, no, abstain)") from None
        vote_list.append(Vote(choice, only, count))
    return vote_list


def _weighted_totals(
    vote_list: Sequence[Vote], categories: Mapping[str, SeatCategory]
) -> tuple[dict[str, int], dict[Choice, Fraction]]:
    """How many voted in each category, and each choice's weighted total."""
    voted: dict[str, int] = dict.fromkeys(categories, 0)
    totals = {choice: Fraction(0) for choice in Choice}
    for vote in vote_list:
        category = categories.get(vote.category)
        if category is None:
            raise InputError(f"a vote from seat category {vote.category!r}, which the body lacks")
        if not category.votes:
            raise InputError(f"seat category {vote.category!r} has no vote")
        if vote.count < 0:
            raise InputError(f"negative vote count {vote.count}")
        choice = Choice(vote.choice)
        voted[category.name] += vote.count
        totals[choice] += vote.count * category.weight
    return voted, totals


def tally_yes_no(
    votes: Iterable[Vote] | Mapping[str, int],
    rule: ThresholdRule,
    seats: Sequence[SeatCategory] | int,
    present: Mapping[str, int] | int | None = None,
    quorum: QuorumRule | None = None,
) -> ThresholdResult:
    """Count yes / no / abstain with weights and decide by `rule` (and `quorum`, if given).

    `votes` is a list of `Vote`, or for a single category a mapping like
    ``{"yes": 12, "no": 3, "abstain": 2}``. `present` defaults to the seats that voted
    (abstentions included); give it when members present did not all vote.
    """
    categories = _categories(seats)
    voted, totals = _weighted_totals(_vote_list(votes, categories), categories)
    if isinstance(present, int):
        if len(categories) != 1:
            raise InputError("with several seat categories give the present per category")
        present_map = {next(iter(categories)): present}
    elif present is None:
        present_map = dict(voted)
    else:
        present_map = dict(present)
    for name, n in voted.items():
        if n > categories[name].seats:
            raise InputError(f"{n} votes from {name!r}, which has {categories[name].seats} seats")
        if n > present_map.get(name, 0):
            raise InputError(f"{n} votes from {name!r} but only {present_map.get(name, 0)} present")
    quorum_result = quorum_met(
        quorum or QuorumRule(Fraction(0), strict=False), present_map, list(categories.values())
    )
    members = sum((c.seats * c.weight for c in categories.values() if c.votes), Fraction(0))
    present_weight = sum(
        (present_map.get(c.name, 0) * c.weight for c in categories.values() if c.votes), Fraction(0)
    )
    yes, no, abstain = totals[Choice.YES], totals[Choice.NO], totals[Choice.ABSTAIN]
    base_value = {
        Base.VOTES_CAST: yes + no,
        Base.VOTES_CAST_WITH_ABSTENTIONS: yes + no + abstain,
        Base.PRESENT: present_weight,
        Base.MEMBERS: members,
    }[rule.base]
    met = rule.met(yes, base_value)
    quorum_report = quorum_result if quorum is not None else None
    passed = met and (quorum_report is None or quorum_report.met)
    return ThresholdResult(
        rule=rule,
        yes=yes,
        no=no,
        abstain=abstain,
        present=present_weight,
        members=members,
        base_value=base_value,
        line=rule.fraction * base_value,
        threshold_met=met,
        quorum=quorum_report,
        passed=passed,
    )
