"""The map's pictures as data for the templates: points with a colour AND a shape per group
(readable without colour), group labels, and agree / disagree / pass bars per group for
each statement. Everything is drawn with SVG attributes (the Content-Security-Policy
forbids inline style attributes)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from assemblea.conversations.maps import GROUP_LABELS
from assemblea.conversations.models import MapSnapshot, Statement

# Okabe-Ito colours (distinguishable with the common colour-vision deficiencies), each with
# its own shape; every marker has a dark outline, so it keeps 3:1 against the white map.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00")
SHAPES = ("circle", "square", "triangle", "diamond", "cross")
UNGROUPED = "#767676"
SIZE = 320
PAD = 24
R = 4.0
BAR_WIDTH = 200
BAR_COLOURS = ("#1b7837", "#b2182b", "#9e9e9e")  # agree, disagree, pass


@dataclass
class Point:
    shape: str
    x: float
    y: float
    fill: str
    hollow: bool
    path: str = ""


@dataclass
class GroupKey:
    index: int
    label: str
    size: int
    colour: str
    shape: str
    x: float
    y: float
    marker: str  # the shape's SVG path at the key's position
    representative: list[dict[str, Any]] = field(default_factory=list)
    withheld: bool = False  # too few people to show what they said (maps.snapshot_data)


@dataclass
class Bar:
    label: str
    agree: int
    disagree: int
    passed: int
    votes: int
    segments: list[tuple[float, float, str]]  # x, width, colour: agree, disagree, pass


@dataclass
class StatementBars:
    statement: Statement
    rows: list[Bar]
    split: str  # JSON list of one sentence per group, for the hover/focus script


def _marker(shape: str, x: float, y: float, r: float = R) -> str:
    if shape == "square":
        return f"M{x - r:.1f} {y - r:.1f}h{2 * r:.1f}v{2 * r:.1f}h{-2 * r:.1f}z"
    if shape == "triangle":
        top, side = y - r * 1.2, r * 1.1
        return f"M{x:.1f} {top:.1f}L{x + side:.1f} {y + r:.1f}L{x - side:.1f} {y + r:.1f}z"
    if shape == "diamond":
        tall = r * 1.3
        return (
            f"M{x:.1f} {y - tall:.1f}L{x + r:.1f} {y:.1f}L{x:.1f} {y + tall:.1f}"
            f"L{x - r:.1f} {y:.1f}z"
        )
    if shape == "cross":
        a, b = r * 0.4, r * 1.1
        return (
            f"M{x - a:.1f} {y - b:.1f}h{2 * a:.1f}v{b - a:.1f}h{b - a:.1f}v{2 * a:.1f}"
            f"h{a - b:.1f}v{b - a:.1f}h{-2 * a:.1f}v{a - b:.1f}h{a - b:.1f}v{-2 * a:.1f}"
            f"h{b - a:.1f}z"
        )
    return (
        f"M{x - r:.1f} {y:.1f}a{r:.1f} {r:.1f} 0 1 0 {2 * r:.1f} 0"
        f"a{r:.1f} {r:.1f} 0 1 0 {-2 * r:.1f} 0z"
    )


def _xy(x: float, y: float) -> tuple[float, float]:
    half = (SIZE - 2 * PAD) / 2
    return round(SIZE / 2 + half * x, 1), round(SIZE / 2 - half * y, 1)


def map_points(snapshot: MapSnapshot) -> list[Point]:
    out = []
    for _number, x, y, group, clustered in snapshot.data.get("points", []):
        cx, cy = _xy(x, y)
        shape = SHAPES[group] if group >= 0 else "circle"
        out.append(
            Point(
                shape=shape,
                x=cx,
                y=cy,
                fill=COLOURS[group] if group >= 0 else UNGROUPED,
                hollow=not clustered,
                path=_marker(shape, cx, cy),
            )
        )
    return out


def group_keys(snapshot: MapSnapshot) -> list[GroupKey]:
    """One key per group, its label placed at the centre of its points on the map."""
    points = snapshot.data.get("points", [])
    keys = []
    for g, group in enumerate(snapshot.data.get("groups", [])):
        mine = [(x, y) for _n, x, y, gg, _c in points if gg == g]
        cx, cy = _xy(
            sum(p[0] for p in mine) / max(1, len(mine)), sum(p[1] for p in mine) / max(1, len(mine))
        )
        keys.append(
            GroupKey(
                index=g,
                label=group["label"],
                size=group["size"],
                colour=COLOURS[g],
                shape=SHAPES[g],
                x=min(max(cx, PAD + 30), SIZE - PAD - 30),
                y=min(max(cy - 10, PAD), SIZE - PAD),
                marker=_marker(SHAPES[g], 10, 10, 6),
                representative=group["representative"],
                withheld=bool(group.get("withheld")),
            )
        )
    return keys


def _bar(label: str, agree: int, disagree: int, passed: int) -> Bar:
    votes = agree + disagree + passed
    share = [round(100 * n / votes) if votes else 0 for n in (agree, disagree, passed)]
    segments, x = [], 0.0
    for n, colour in zip((agree, disagree, passed), BAR_COLOURS, strict=True):
        width = round(BAR_WIDTH * n / votes, 1) if votes else 0.0
        segments.append((x, width, colour))
        x = round(x + width, 1)
    return Bar(label, share[0], share[1], share[2], votes, segments)


def statement_bars(
    snapshot: MapSnapshot | None, statements: list[Statement]
) -> list[StatementBars]:
    data = snapshot.data if snapshot is not None else {}
    counts = data.get("counts", {})
    totals = data.get("totals", {})
    out = []
    for statement in statements:
        key = str(statement.number)
        rows = [_bar(_("Everyone"), *totals.get(key, [0, 0, 0]))]
        for g, cell in enumerate(counts.get(key, [])):
            if cell is not None:  # None: a group too small to show (maps.snapshot_data)
                rows.append(_bar(_("Group %(group)s") % {"group": GROUP_LABELS[g]}, *cell))
        split = [
            _("%(group)s: %(agree)s%% agree, %(disagree)s%% disagree, %(passed)s%% pass")
            % {
                "group": row.label,
                "agree": row.agree,
                "disagree": row.disagree,
                "passed": row.passed,
            }
            for row in rows
        ]
        out.append(StatementBars(statement, rows, json.dumps(split, ensure_ascii=False)))
    return out
