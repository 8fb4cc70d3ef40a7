"""From a poll's ballots to the voting engine and back: the stored result of a poll.

No ORM here: the service hands over plain ballots and categories, and stores what comes
back. Every count is the engine's (`assemblea.engines.voting`); this module only chooses
the call and keeps the figures a result page and a re-count need.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from assemblea.core.privacy import SMALL_CELL_MINIMUM, counts_suppressed
from assemblea.engines import voting
from assemblea.engines.voting.report import cardinal_dict, ranked_dict, stv_dict
from assemblea.engines.voting.scale import GRADIENTS, OUTSIDE_SCALE, SUPPORT_LEVELS

YES_NO_CHOICES = ("yes", "no", "abstain")
SUPPORT_CHOICES = SUPPORT_LEVELS + OUTSIDE_SCALE
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


def count(
    *,
    method: str,
    ballots: Sequence[CastBallot],
    categories: Sequence[CategoryLine],
    options: Sequence[str] = (),
    seats: int = 1,
    max_score: int = 5,
    threshold: str = "simple-majority",
    threshold_base: str = "votes_cast",
) -> tuple[bool | None, dict[str, Any]]:
    """Count the ballots. Returns (passed, record): passed is None for elections and for a
    consensus poll whose block sends it to a fallback vote."""
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
                "counts": dict(by_category[c.key]) if method in _TALLIED_BY_CHOICE else {},
            }
            for c in categories
        ],
    }
    passed: bool | None
    if method == "yes_no":
        passed, detail = _yes_no(ballots, categories, threshold, threshold_base)
    elif method == "support_scale":
        result = voting.tally_support_scale(Counter(str(b.choice) for b in ballots))
        passed = result.band != "not supported"
        detail = {
            "counts": result.counts,
            "outside": result.outside_scale,
            "answered": result.answered,
            "support": result.support,
            "share": number(result.share),
            "band": result.band,
        }
    elif method == "consensus":
        tally = Counter(str(b.choice) for b in ballots)
        outcome = voting.consensus_outcome(
            tally["block"], tally["stand_aside"], has_fallback=True, fallback=None
        )
        passed = outcome.passed
        detail = {
            "counts": {key: tally[key] for key in CONSENSUS_CHOICES},
            "outcome": outcome.outcome,
        }
    elif method == "gradients":
        share, _ = THRESHOLDS[threshold]
        gradient = voting.tally_gradients(
            Counter(int(b.choice) for b in ballots), voting.GradientRule(fraction=share)
        )
        passed = None if gradient.falls_back else gradient.passed
        detail = {
            "counts": gradient.counts,
            "vetoes": gradient.vetoes,
            "base": gradient.base,
            "support": gradient.support,
            "share": number(gradient.share),
            "line": number(share),
            "falls_back": gradient.falls_back,
        }
    else:
        passed, detail = None, _candidates(method, ballots, options, seats, max_score)
    record.update(detail)
    return passed, record


_TALLIED_BY_CHOICE = {"yes_no", "support_scale", "consensus", "gradients"}


def _choice_key(choice: Any) -> str:
    return str(choice) if isinstance(choice, str | int) else "ballot"


def _yes_no(
    ballots: Sequence[CastBallot],
    categories: Sequence[CategoryLine],
    threshold: str,
    threshold_base: str,
) -> tuple[bool, dict[str, Any]]:
    seats = [
        voting.SeatCategory(c.key, c.eligible, Fraction(c.weight), votes=True) for c in categories
    ]
    per = Counter((b.category, str(b.choice)) for b in ballots)
    votes = [
        voting.Vote(voting.Choice(choice), category, n) for (category, choice), n in per.items()
    ]
    voted = Counter(b.category for b in ballots)
    present = {c.key: max(c.present, voted[c.key]) for c in categories}
    rule = threshold_rule(threshold, threshold_base)
    result = voting.tally_yes_no(votes, rule, seats, present=present)
    return result.threshold_met, {
        "threshold": threshold,
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


def _candidates(
    method: str,
    ballots: Sequence[CastBallot],
    options: Sequence[str],
    seats: int,
    max_score: int,
) -> dict[str, Any]:
    candidates = tuple(options)
    if method == "approval":
        approvals = Counter(frozenset(int(c) for c in b.choice) for b in ballots)
        return cardinal_dict(
            voting.approval(
                [voting.ApprovalBallot(k, n) for k, n in approvals.items()], candidates, seats
            )
        )
    if method == "score":
        scores = [
            voting.ScoreBallot({int(c): int(s) for c, s in b.choice.items()}) for b in ballots
        ]
        return cardinal_dict(voting.score(scores, candidates, max_score, seats))
    rankings = Counter(tuple(int(c) for c in b.choice) for b in ballots if b.choice)
    election = voting.Election(
        candidates,
        tuple(voting.RankedBallot(r, n) for r, n in sorted(rankings.items())),
        seats=seats if method == "stv" else 1,
    )
    if method == "stv":
        data = stv_dict(voting.stv_scottish(election))
    elif method == "irv":
        data = ranked_dict(voting.irv(election))
    elif method == "schulze":
        data = ranked_dict(voting.schulze(election))
    else:
        data = ranked_dict(voting.ranked_pairs(election))
    data["blank"] = sum(1 for b in ballots if not b.choice)
    return data


SMALLEST_GROUP = SMALL_CELL_MINIMUM  # fewer ballots from a seat category: its tally is withheld


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
    SMALLEST_GROUP of its members voted: they would show how those members voted. When that
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
