"""From a poll's ballots to the voting engine and back: the stored result of a poll.

No ORM here: the service hands over plain ballots and categories, and stores what comes
back. Every count is the engine's (`assemblea.engines.voting`); this module only chooses
the call and keeps the figures a result page and a re-count need.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from assemblea.core.privacy import counts_suppressed
from assemblea.engines import voting
from assemblea.engines.voting.report import cardinal_dict
from assemblea.engines.voting.scale import GRADIENTS

CONSENSUS_CHOICES = ("consent", "stand_aside", "block")
GRADIENT_CHOICES = tuple(range(1, len(GRADIENTS) + 1))

THRESHOLDS: dict[str, tuple[Fraction, bool]] = {
    # code: (share, strict: "more than" rather than "at least")
    "simple-majority": (Fraction(1, 2), True),
    "absolute-majority": (Fraction(1, 2), True),
    "two-thirds": (Fraction(2, 3), False),
    "75": (Fraction(3, 4), False),
    "80": (Fraction(4, 5), False),
    "90": (Fraction(9, 10), False),
}
BASES = {
    "votes_cast": voting.Base.VOTES_CAST,
    "with_abstentions": voting.Base.VOTES_CAST_WITH_ABSTENTIONS,
    "present": voting.Base.PRESENT,
    "members": voting.Base.MEMBERS,
}


@dataclass(frozen=True)
class CategoryLine:
    """A seat category as the poll sees it: eligible seats, their weight, who is present."""

    key: str
    name: str
    eligible: int
    weight: Decimal
    present: int


@dataclass(frozen=True)
class CastBallot:
    category: str
    weight: Decimal
    choice: Any


def number(value: Fraction | Decimal | int) -> str:
    """A figure for the record: whole numbers as such, others to 4 decimals."""
    if isinstance(value, int) or value == int(value):
        return str(int(value))
    return f"{float(value):.4f}".rstrip("0")


def threshold_rule(code: str, base: str) -> voting.ThresholdRule:
    share, strict = THRESHOLDS[code]
    if code == "absolute-majority":
        base = "members"
    return voting.ThresholdRule(code, share, BASES[base], strict=strict)


@dataclass(frozen=True)
class Rules:
    """What a poll fixed when it opened, as the count needs it."""

    options: tuple[str, ...] = ()
    seats: int = 1
    max_score: int = 5
    threshold: str = "simple-majority"
    threshold_base: str = "votes_cast"


Detail = dict[str, Any]
Count = Callable[
    [Sequence["CastBallot"], Sequence["CategoryLine"], Rules], tuple[bool | None, Detail]
]


def count(
    *,
    method: str,
    counter: Count,
    by_choice: bool,
    ballots: Sequence[CastBallot],
    categories: Sequence[CategoryLine],
    rules: Rules,
) -> tuple[bool | None, dict[str, Any]]:
    """Count the ballots with the method's `counter` (see `decisions.methods`). Returns
    (passed, record): passed is None for elections and for a consensus poll whose block sends
    it to a fallback vote. `by_choice`: the record shows each category's answers."""
    by_category: dict[str, Counter[str]] = {c.key: Counter() for c in categories}
    for ballot in ballots:
        by_category[ballot.category][_choice_key(ballot.choice)] += 1
    record: dict[str, Any] = {
        "method": method,
        "ballots": len(ballots),
        "by_category": [
            {
                "name": c.name,
                "eligible": c.eligible,
                "present": c.present,
                "weight": number(c.weight),
                "ballots": sum(by_category[c.key].values()),
                "counts": dict(by_category[c.key]) if by_choice else {},
            }
            for c in categories
        ],
    }
    passed, detail = counter(ballots, categories, rules)
    record.update(detail)
    return passed, record


def _choice_key(choice: Any) -> str:
    return str(choice) if isinstance(choice, str | int) else "ballot"


def yes_no(
    ballots: Sequence[CastBallot], categories: Sequence[CategoryLine], rules: Rules
) -> tuple[bool, Detail]:
    seats = [
        voting.SeatCategory(c.key, c.eligible, Fraction(c.weight), votes=True) for c in categories
    ]
    per = Counter((b.category, str(b.choice)) for b in ballots)
    votes = [
        voting.Vote(voting.Choice(choice), category, n) for (category, choice), n in per.items()
    ]
    voted = Counter(b.category for b in ballots)
    present = {c.key: max(c.present, voted[c.key]) for c in categories}
    rule = threshold_rule(rules.threshold, rules.threshold_base)
    result = voting.tally_yes_no(votes, rule, seats, present=present)
    return result.threshold_met, {
        "threshold": rules.threshold,
        "threshold_base": rule.base.name.lower(),
        "yes": number(result.yes),
        "no": number(result.no),
        "abstain": number(result.abstain),
        "present": number(result.present),
        "members": number(result.members),
        "base_value": number(result.base_value),
        "line": number(result.line),
        "strict": rule.strict,
        "threshold_met": result.threshold_met,
    }


def support_scale(
    ballots: Sequence[CastBallot], categories: Sequence[CategoryLine], rules: Rules
) -> tuple[bool, Detail]:
    result = voting.tally_support_scale(Counter(str(b.choice) for b in ballots))
    return result.band != "not supported", {
        "counts": result.counts,
        "outside": result.outside_scale,
        "answered": result.answered,
        "support": result.support,
        "share": number(result.share),
        "band": result.band,
    }


def consensus(
    ballots: Sequence[CastBallot], categories: Sequence[CategoryLine], rules: Rules
) -> tuple[bool | None, Detail]:
    answers = Counter(str(b.choice) for b in ballots)
    outcome = voting.consensus_outcome(
        answers["block"], answers["stand_aside"], has_fallback=True, fallback=None
    )
    return outcome.passed, {
        "counts": {key: answers[key] for key in CONSENSUS_CHOICES},
        "outcome": outcome.outcome,
    }


def gradients(
    ballots: Sequence[CastBallot], categories: Sequence[CategoryLine], rules: Rules
) -> tuple[bool | None, Detail]:
    share, _ = THRESHOLDS[rules.threshold]
    gradient = voting.tally_gradients(
        Counter(int(b.choice) for b in ballots), voting.GradientRule(fraction=share)
    )
    return None if gradient.falls_back else gradient.passed, {
        "counts": gradient.counts,
        "vetoes": gradient.vetoes,
        "base": gradient.base,
        "support": gradient.support,
        "share": number(gradient.share),
        "line": number(share),
        "falls_back": gradient.falls_back,
    }


def approval(
    ballots: Sequence[CastBallot], categories: Sequence[CategoryLine], rules: Rules
) -> tuple[None, Detail]:
    approvals = Counter(frozenset(int(c) for c in b.choice) for b in ballots)
    result = voting.approval(
        [voting.ApprovalBallot(k, n) for k, n in approvals.items()], rules.options, rules.seats
    )
    return None, cardinal_dict(result)


def score(
    ballots: Sequence[CastBallot], categories: Sequence[CategoryLine], rules: Rules
) -> tuple[None, Detail]:
    scores = [voting.ScoreBallot({int(c): int(s) for c, s in b.choice.items()}) for b in ballots]
    return None, cardinal_dict(voting.score(scores, rules.options, rules.max_score, rules.seats))


def ranked(
    engine: Callable[[voting.Election], Any],
    report: Callable[[Any], Detail],
    *,
    multi_seat: bool = False,
) -> Count:
    """A counter for a ranked method: the engine's count of the rankings, as its report."""

    def counter(
        ballots: Sequence[CastBallot], categories: Sequence[CategoryLine], rules: Rules
    ) -> tuple[None, Detail]:
        rankings = Counter(tuple(int(c) for c in b.choice) for b in ballots if b.choice)
        election = voting.Election(
            rules.options,
            tuple(voting.RankedBallot(r, n) for r, n in sorted(rankings.items())),
            seats=rules.seats if multi_seat else 1,
        )
        data = report(engine(election))
        data["blank"] = sum(1 for b in ballots if not b.choice)
        return None, data

    return counter


def ballots_for_recount(ballots: Sequence[CastBallot], *, secret: bool) -> list[Any]:
    """The published ballots, sorted, with no order of casting: weight and contents, and in a
    roll call also the seat category (in a secret poll it could single a member out)."""
    rows = [
        [number(b.weight), b.choice] if secret else [b.category, number(b.weight), b.choice]
        for b in ballots
    ]
    return sorted(rows, key=repr)


def withhold_small_groups(record: dict[str, Any]) -> None:
    """In a secret or anonymous poll, a category's answers are not shown when fewer than
    SMALL_CELL_MINIMUM of its members voted: they would show how those members voted. When that
    leaves one category withheld, the next smallest is withheld too, or the totals minus the
    categories shown would give it away (`counts_suppressed`)."""
    lines = record["by_category"]
    shown = counts_suppressed(
        {i: line["ballots"] for i, line in enumerate(lines) if line["counts"]}
    )
    for index, value in shown.items():
        if value is None:
            lines[index]["counts"] = {}
            lines[index]["withheld"] = True


def weight_of(weights: Mapping[str, Any], category_id: int) -> Decimal:
    return Decimal(str(weights.get(str(category_id), 1)))
