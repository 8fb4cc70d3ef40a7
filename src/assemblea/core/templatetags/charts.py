"""Chart bar sizes as whole-percent steps for the `pct-w-N` / `pct-l-N` CSS classes.

The Content-Security-Policy allows no inline `style` attributes, so a bar's width is one of
101 classes in assemblea.css rather than `style="width: 37.5%"`.
"""

from __future__ import annotations

import datetime
import math
from decimal import Decimal
from typing import Any

from django import template

from assemblea.core import charts

register = template.Library()


def _step(percent: float) -> int:
    if not math.isfinite(percent):
        return 0
    return max(0, min(100, round(percent)))


@register.filter
def pct(value: float | Decimal | int | str | None) -> int:
    """A percentage (0–100) as a whole step; out of range is clamped, nonsense is 0."""
    try:
        return _step(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0


@register.filter
def share_pct(value: float | Decimal | int | str | None) -> int:
    """A share (0–1) as a whole percent step."""
    try:
        return _step(float(value) * 100)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0


# The SVG charts of core/charts.py, from what a page already has (templates/core/charts/).


@register.simple_tag
def seat_chart(composition: Any, key: str = "seats") -> charts.Chart | None:
    """The seat diagram of an assembly's composition lines (category, filled)."""
    groups = [
        charts.SeatGroup(
            label=line.category.name,
            kind=line.category.seat_type,
            kind_label=str(line.category.get_seat_type_display()),
            seats=line.category.seats,
            filled=min(line.filled, line.category.seats),
        )
        for line in composition
    ]
    return charts.seat_diagram(groups, key=key)


@register.simple_tag
def daily_chart(per_day: Any, key: str = "per-day") -> charts.Chart | None:
    return charts.daily_chart(list(per_day), key=key)


@register.simple_tag
def funnel_chart(stages: Any, key: str = "funnel") -> charts.Chart | None:
    return charts.funnel_chart(list(stages), key=key) if stages else None


@register.simple_tag
def due_chart(items: Any, today: datetime.date, key: str = "due") -> charts.Chart | None:
    return charts.due_timeline(list(items), today, key=key)
