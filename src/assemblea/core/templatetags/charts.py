"""Chart bar sizes as whole-percent steps for the `pct-w-N` / `pct-l-N` CSS classes.

The Content-Security-Policy allows no inline `style` attributes, so a bar's width is one of
101 classes in assemblea.css rather than `style="width: 37.5%"`.
"""

from __future__ import annotations

import math
from decimal import Decimal

from django import template

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
