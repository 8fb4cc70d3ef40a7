"""Results as plain data (for JSON) and as text, for the command line and the app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .ballots import Election
from .cardinal import CardinalResult
from .lot import LotDraw
from .ranked import RankedResult
from .stv import StvResult, format_votes


def _candidate(election_candidates: tuple[str, ...], c: int) -> dict[str, Any]:
    return {"number": c + 1, "name": election_candidates[c]}


def _lots(lots: list[LotDraw]) -> list[dict[str, Any]]:
    return [
        {
            "context": d.context,
            "tied": [c + 1 for c in d.tied],
            "chosen": d.chosen + 1,
            "seed": d.seed,
        }
        for d in lots
    ]


def _header(election: Election) -> dict[str, Any]:
    return {
        "title": election.title,
        "candidates": [_candidate(election.candidates, c) for c in range(len(election.candidates))],
        "withdrawn": sorted(c + 1 for c in election.withdrawn),
        "ballots": election.total_votes,
        "distinct_ballots": len(election.ballots),
    }


def stv_dict(result: StvResult) -> dict[str, Any]:
    names = result.election.candidates
    return {
        "method": "stv",
        "rules": "Scottish STV (SSI 2007/42, 2011/399, rules 45-52): Droop quota, WIGM, 5 decimals",
        **_header(result.election),
        "seats": result.seats,
        "valid_ballots": result.valid_ballots,
        "quota": result.quota,
        "elected": [_candidate(names, c) for c in result.elected],
        "stages": [
            {
                "stage": s.number,
                "action": s.action,
                "candidate": s.candidate + 1 if s.candidate is not None else None,
                "transfer_value": format_votes(s.transfer_value)
                if s.transfer_value is not None
                else None,
                "changes": {str(c + 1): format_votes(v) for c, v in sorted(s.changes.items())},
                "non_transferable": format_votes(s.non_transferable),
                "lost_to_rounding": format_votes(s.lost_to_rounding),
                "totals": {str(c + 1): format_votes(v) for c, v in sorted(s.totals.items())},
                "elected": [c + 1 for c in s.elected],
                "tie_break": s.tie_break,
            }
            for s in result.stages
        ],
        "lots": _lots(result.lots),
        "seed": result.seed,
    }


def ranked_dict(result: RankedResult) -> dict[str, Any]:
    names = result.election.candidates
    out: dict[str, Any] = {
        "method": result.method,
        **_header(result.election),
        "seats": 1,
        "elected": [_candidate(names, result.winner)],
        "tied_winners": [c + 1 for c in result.tied_winners],
        "condorcet_winner": result.condorcet_winner + 1
        if result.condorcet_winner is not None
        else None,
    }
    if result.rounds:
        out["rounds"] = [
            {
                "round": r.number,
                "tallies": {str(c + 1): v for c, v in r.tallies.items()},
                "exhausted": r.exhausted,
                "eliminated": r.eliminated + 1 if r.eliminated is not None else None,
                "elected": r.elected + 1 if r.elected is not None else None,
                "tie_break": r.tie_break,
            }
            for r in result.rounds
        ]
    standing = result.election.standing
    if result.pairwise is not None:
        out["pairwise"] = {
            str(i + 1): {str(j + 1): result.pairwise[i][j] for j in standing if j != i}
            for i in standing
        }
    if result.strongest_paths is not None:
        out["strongest_paths"] = {
            str(i + 1): {str(j + 1): result.strongest_paths[i][j] for j in standing if j != i}
            for i in standing
        }
    if result.pairs:
        out["pairs"] = [
            {"winner": p.winner + 1, "loser": p.loser + 1, "margin": p.margin, "locked": p.locked}
            for p in result.pairs
        ]
    out["lots"] = _lots(result.lots)
    out["seed"] = result.seed
    return out


def cardinal_dict(result: CardinalResult, election: Election | None = None) -> dict[str, Any]:
    names = result.candidates
    out: dict[str, Any] = {"method": result.method}
    if election is not None:
        out.update(_header(election))
    out.update(
        {
            "seats": len(result.elected),
            "voters": result.voters,
            "max_score": result.max_score,
            "elected": [_candidate(names, c) for c in result.elected],
            "totals": {str(c + 1): result.totals[c] for c in result.ranking},
            "lots": _lots(result.lots),
            "seed": result.seed,
        }
    )
    return out


def render_text(data: dict[str, Any]) -> str:
    """A readable count sheet from any of the dicts above."""
    names = {str(c["number"]): c["name"] for c in data.get("candidates", [])}

    def who(number: int | str | None) -> str:
        return f"{number} {names.get(str(number), '')}".rstrip() if number is not None else "-"

    lines = []
    title = data.get("title") or ""
    lines.append(f"{title} - {data['method']}" if title else data["method"])
    if "rules" in data:
        lines.append(data["rules"])
    facts = [f"{data['ballots']} ballots" if "ballots" in data else f"{data['voters']} voters"]
    facts.append(f"{len(names)} candidates" if names else "")
    facts.append(f"{data['seats']} seat(s)")
    if "quota" in data:
        facts.append(f"quota {data['quota']}")
    lines.append(", ".join(f for f in facts if f))
    if data.get("withdrawn"):
        lines.append("withdrawn: " + ", ".join(who(c) for c in data["withdrawn"]))
    lines.append("")
    width = max((len(who(n)) for n in names), default=10)
    for stage in data.get("stages", []):
        lines.extend(_stage_lines(stage, who, width))
    for rnd in data.get("rounds", []):
        lines.extend(_round_lines(rnd, who, width))
    lines.extend(_pairwise_lines(data, who))
    if "totals" in data:
        for c, v in data["totals"].items():
            lines.append(f"  {who(c):<{width}} {v:>10}")
    lines.append("")
    if data.get("condorcet_winner") is not None:
        lines.append(f"Condorcet winner: {who(data['condorcet_winner'])}")
    if len(data.get("tied_winners", [])) > 1:
        lines.append("Tied winners: " + ", ".join(who(c) for c in data["tied_winners"]))
    for lot in data.get("lots", []):
        lines.append(
            f"By lot ({lot['context']}, seed {lot['seed']!r}): "
            f"among {lot['tied']} drew {who(lot['chosen'])}"
        )
    lines.append("Elected (in order of election):" if data["seats"] > 1 else "Elected:")
    for k, c in enumerate(data["elected"], start=1):
        lines.append(f"  {k}. {who(c['number'])}")
    return "\n".join(lines)


Who = Callable[[int | str | None], str]


def _stage_lines(stage: dict[str, Any], who: Who, width: int) -> list[str]:
    head = f"Stage {stage['stage']}: {stage['action']}"
    if stage["candidate"] is not None:
        head += f" of {who(stage['candidate'])}"
    if stage["transfer_value"] is not None:
        head += f" (transfer value {stage['transfer_value']})"
    lines = [head]
    for c, total in stage["totals"].items():
        change = stage["changes"].get(c)
        delta = f"  ({'+' if not change.startswith('-') else ''}{change})" if change else ""
        lines.append(f"  {who(c):<{width}} {total:>14}{delta}")
    if stage["non_transferable"] != "0.00000":
        lines.append(f"  {'non-transferable':<{width}} {stage['non_transferable']:>14}")
    if stage["lost_to_rounding"] != "0.00000":
        lines.append(f"  {'lost to rounding':<{width}} {stage['lost_to_rounding']:>14}")
    if stage["elected"]:
        lines.append("  elected: " + ", ".join(who(c) for c in stage["elected"]))
    if stage["tie_break"]:
        lines.append(f"  tie: {stage['tie_break']}")
    return lines


def _round_lines(rnd: dict[str, Any], who: Who, width: int) -> list[str]:
    lines = [f"Round {rnd['round']}"]
    for c, v in sorted(rnd["tallies"].items(), key=lambda kv: -kv[1]):
        lines.append(f"  {who(c):<{width}} {v:>10}")
    lines.append(f"  {'exhausted':<{width}} {rnd['exhausted']:>10}")
    if rnd["eliminated"] is not None:
        lines.append(f"  excluded: {who(rnd['eliminated'])}")
    if rnd["elected"] is not None:
        lines.append(f"  elected: {who(rnd['elected'])}")
    if rnd["tie_break"]:
        lines.append(f"  tie: {rnd['tie_break']}")
    return lines


def _pairwise_lines(data: dict[str, Any], who: Who) -> list[str]:
    lines = []
    if "pairwise" in data:
        lines.append("Pairwise: voters ranking the row above the column")
        keys = list(data["pairwise"])
        lines.append(" " * 6 + "".join(f"{k:>8}" for k in keys))
        for i in keys:
            row = data["pairwise"][i]
            lines.append(f"{i:>6}" + "".join(f"{row.get(j, ''):>8}" for j in keys))
    if "strongest_paths" in data:
        lines.append("Strongest paths (Schulze)")
        keys = list(data["strongest_paths"])
        for i in keys:
            row = data["strongest_paths"][i]
            lines.append(f"{i:>6}" + "".join(f"{row.get(j, ''):>8}" for j in keys))
    for pair in data.get("pairs", []):
        state = "locked" if pair["locked"] else "skipped (would make a cycle)"
        lines.append(
            f"  {who(pair['winner'])} over {who(pair['loser'])}, margin {pair['margin']}: {state}"
        )
    return lines
