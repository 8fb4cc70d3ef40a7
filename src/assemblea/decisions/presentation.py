"""How each kind of result reads: bars, figures, rounds and head-to-head tables.

One function per kind of result; the registry of voting methods (`methods.py`) says which
one a method's result goes through. No ORM: a poll's fields and its stored result in, a
`ResultView` out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from assemblea.decisions import tally
from assemblea.decisions.answers import (
    BAND_LABELS,
    CONSENSUS_LABELS,
    CONSENSUS_OUTCOMES,
    GRADIENT_LABELS,
    SUPPORT_LABELS,
    YES_NO_LABELS,
)
from assemblea.engines.voting.scale import GRADIENTS


@dataclass(frozen=True)
class Bar:
    label: str
    value: str
    percent: float
    highlight: bool = False


@dataclass
class ResultView:
    outcome: str
    passed: bool | None
    bars: list[Bar]
    figures: list[tuple[str, str]]
    elected: list[str] = field(default_factory=list)
    rounds_caption: str = ""
    rounds_header: list[str] = field(default_factory=list)
    rounds: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    caption: str = ""  # of the chart of bars


def _bars(pairs: list[tuple[str, float, str]], highlight: set[str] | None = None) -> list[Bar]:
    top = max((value for _, value, _ in pairs), default=0) or 1
    return [
        Bar(label, shown, round(100 * value / top, 1), label in (highlight or set()))
        for label, value, shown in pairs
    ]


def _number(value: Any) -> str:
    """A count or a decimal as the reader's language writes it ("1,3333" in Spanish)."""
    if isinstance(value, str):
        try:
            return str(number_format(Decimal(value), use_l10n=True))
        except InvalidOperation:
            return value  # not a number: "–" for a candidate out of the count
    return str(number_format(value, use_l10n=True))


def _percent(share: Any, decimals: int = 1) -> str:
    """A share (0..1) as a percentage in the reader's language ("86,7 %" in Spanish)."""
    shown = number_format(round(float(share) * 100, decimals), decimals, use_l10n=True)
    return f"{shown} %"


def _outcome(passed: bool | None) -> str:
    if passed is None:
        return _("No decision yet.")
    return _("Adopted.") if passed else _("Not adopted.")


def tally_label(poll: Any) -> str:
    from assemblea.decisions.models import Threshold, ThresholdBase

    label = str(Threshold(poll.threshold).label)
    if poll.threshold == Threshold.ABSOLUTE:
        return label
    return f"{label} {ThresholdBase(poll.threshold_base).label}"


# Questions -------------------------------------------------------------------------------


def yes_no_view(poll: Any, r: dict[str, Any]) -> ResultView:
    share, strict = tally.THRESHOLDS[r["threshold"]]
    line = _("%(rule)s: yes must be %(comparison)s %(line)s (%(share)s of %(base)s)") % {
        "rule": tally_label(poll),
        "comparison": _("more than") if strict else _("at least"),
        "line": _number(r["line"]),
        "share": _percent(share, 0),
        "base": _number(r["base_value"]),
    }
    figures = [
        (_("Threshold"), line),
        (_("Threshold met"), _("yes") if r["threshold_met"] else _("no")),
    ]
    bars = _bars(
        [(str(YES_NO_LABELS[k]), float(r[k]), _number(r[k])) for k in ("yes", "no", "abstain")]
    )
    return ResultView(_outcome(poll.passed), poll.passed, bars, figures)


def support_scale_view(poll: Any, r: dict[str, Any]) -> ResultView:
    bars = _bars(
        [(str(SUPPORT_LABELS[k]), v, str(v)) for k, v in r["counts"].items()]
        + [(str(SUPPORT_LABELS[k]), v, str(v)) for k, v in r["outside"].items()]
    )
    figures = [
        (
            _("Support"),
            f"{_number(r['support'])} / {_number(r['answered'])} ({_percent(r['share'])})",
        ),
        (_("Band"), str(BAND_LABELS[r["band"]])),
    ]
    return ResultView(str(BAND_LABELS[r["band"]]), poll.passed, bars, figures)


def consensus_view(poll: Any, r: dict[str, Any]) -> ResultView:
    bars = _bars([(str(CONSENSUS_LABELS[k]), v, str(v)) for k, v in r["counts"].items()])
    return ResultView(str(CONSENSUS_OUTCOMES[r["outcome"]]), poll.passed, bars, [])


def gradients_view(poll: Any, r: dict[str, Any]) -> ResultView:
    bars = _bars(
        [
            (str(GRADIENT_LABELS[i]), r["counts"][level], str(r["counts"][level]))
            for i, level in enumerate(GRADIENTS)
        ]
    )
    figures = [
        (_("Support"), f"{_number(r['support'])} / {_number(r['base'])} ({_percent(r['share'])})"),
        (_("Needed"), _percent(r["line"])),
    ]
    outcome = (
        _("Vetoed: the body's fallback rule decides.") if r["falls_back"] else _outcome(poll.passed)
    )
    return ResultView(outcome, poll.passed, bars, figures)


# Elections -------------------------------------------------------------------------------


def _names(poll: Any, r: dict[str, Any]) -> dict[str, str]:
    return {str(c["number"]): c["name"] for c in r.get("candidates", [])} or {
        str(i + 1): name for i, name in enumerate(poll.options)
    }


def _elected_view(r: dict[str, Any]) -> ResultView:
    elected = [c["name"] for c in r["elected"]]
    outcome = (
        _("Elected: %(names)s.") % {"names": ", ".join(elected)}
        if len(elected) > 1
        else _("Winner: %(name)s.") % {"name": elected[0]}
    )
    view = ResultView(outcome, None, [], [], elected=elected)
    if r.get("lots"):
        view.notes.append(_("A tie was broken by lot; the draw is in the published record."))
    return view


def totals_view(poll: Any, r: dict[str, Any]) -> ResultView:
    """Approval and score: each candidate's total."""
    names = _names(poll, r)
    view = _elected_view(r)
    view.bars = _bars(
        [(names[k], float(v), _number(v)) for k, v in r["totals"].items()], set(view.elected)
    )
    return view


def stages_view(poll: Any, r: dict[str, Any]) -> ResultView:
    """STV: the quota and the stages of the count."""
    names = _names(poll, r)
    view = _elected_view(r)
    view.notes.insert(0, r["rules"])
    view.figures = [
        (_("Seats"), str(r["seats"])),
        (_("Valid ballots"), str(r["valid_ballots"])),
        (_("Quota (Droop)"), _number(r["quota"])),
    ]
    last = r["stages"][-1]["totals"] if r["stages"] else {}
    first = r["stages"][0]["totals"] if r["stages"] else {}
    view.bars = _bars(
        [(names[k], float(v), _number(v)) for k, v in first.items()], set(view.elected)
    )
    view.caption = _("First preferences")
    view.rounds_caption = _("Stages of the count (votes to 5 decimals)")
    numbers = sorted(first or last, key=int)
    view.rounds_header = (
        [_("Stage"), _("Action")] + [names[n] for n in numbers] + [_("Non-transferable")]
    )
    for stage in r["stages"]:
        view.rounds.append(
            [str(stage["stage"]), _stage_action(stage, names)]
            + [_number(stage["totals"].get(n, "–")) for n in numbers]
            + [_number(stage["non_transferable"])]
        )
    return view


def _stage_action(stage: dict[str, Any], names: dict[str, str]) -> str:
    candidate = names.get(str(stage["candidate"]), "") if stage["candidate"] else ""
    if stage["action"] == "first preferences":
        text = _("First preferences")
    elif stage["action"] == "surplus":
        text = _("Surplus of %(name)s transferred") % {"name": candidate}
    else:
        text = _("%(name)s excluded") % {"name": candidate}
    if stage["elected"]:
        text += " — " + _("elected: %(names)s") % {
            "names": ", ".join(names[str(n)] for n in stage["elected"])
        }
    return text


def rounds_view(poll: Any, r: dict[str, Any]) -> ResultView:
    """Instant runoff: each round's tallies, the exhausted ballots and who went out."""
    names = _names(poll, r)
    view = _elected_view(r)
    numbers = sorted(names, key=int)
    view.rounds_caption = _("Rounds of the count")
    view.rounds_header = [_("Round")] + [names[n] for n in numbers] + [_("Exhausted"), _("Out")]
    for rnd in r["rounds"]:
        out = names.get(str(rnd["eliminated"]), "") if rnd["eliminated"] else ""
        view.rounds.append(
            [str(rnd["round"])]
            + [_number(rnd["tallies"].get(n, "–")) for n in numbers]
            + [str(rnd["exhausted"]), out]
        )
    first = r["rounds"][0]["tallies"]
    view.bars = _bars(
        [(names[k], float(v), _number(v)) for k, v in first.items()], set(view.elected)
    )
    view.caption = _("First round")
    return view


def pairwise_view(poll: Any, r: dict[str, Any]) -> ResultView:
    """Condorcet methods: the head-to-head table and each candidate's wins."""
    names = _names(poll, r)
    view = _elected_view(r)
    pairwise = r["pairwise"]
    numbers = sorted(pairwise, key=int)
    view.rounds_caption = _("Head to head: voters preferring the row to the column")
    view.rounds_header = [""] + [names[n] for n in numbers]
    for row in numbers:
        view.rounds.append([names[row]] + [str(pairwise[row].get(col, "–")) for col in numbers])
    wins = {
        row: sum(1 for col in numbers if col != row and pairwise[row][col] > pairwise[col][row])
        for row in numbers
    }
    view.bars = _bars(
        [(names[n], float(wins[n]), str(wins[n])) for n in numbers], set(view.elected)
    )
    view.caption = _("Head-to-head wins")
    view.figures.append((_("Chart"), _("head-to-head wins of each candidate")))
    return view
