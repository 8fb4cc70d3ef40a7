"""Charts drawn on the server as SVG, each with the table of its numbers beside it.

No JavaScript and no inline `style` (the Content-Security-Policy forbids both): colours,
sizes and positions are SVG presentation attributes, every text is escaped here. Colour is
never the only cue: each kind of mark has its own shape or pattern, and the numbers are
written on the chart and in the table (`ChartTable`), which says the same as the picture to
anyone who cannot see it. Charts take counts and dates, never anyone's name.

Each builder is a pure function: plain data in, a `Chart` out (templates/core/charts/
chart.html renders it). The numbers are written in the reader's language (`number_text`,
`percent_text`: "86,7 %" in Spanish).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

WIDTH = 360  # the viewBox's width: a phone's width, so the text stays legible there
INK = "#1b1f24"
MUTED = "#4a5360"
LINE = "#c9d0d9"


# Numbers in the reader's language ----------------------------------------------------


def number_text(value: float | int | Decimal, decimals: int | None = None) -> str:
    """A number as the reader's language writes it ("1.234,5" in Spanish)."""
    if decimals is not None:
        value = round(float(value), decimals)
    return str(number_format(value, decimals, use_l10n=True, force_grouping=True))


def percent_text(part: float, whole: float, decimals: int = 0) -> str:
    """`part` of `whole` as a percentage in the reader's language ("86,7 %")."""
    share = 100 * part / whole if whole else 0.0
    return f"{number_text(share, decimals)} %"


def date_text(day: datetime.date, format_name: str = "DATE_FORMAT") -> str:
    return str(date_format(day, format_name))


# The drawing -------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartTable:
    caption: str
    columns: list[str]  # the first column heads the rows
    rows: list[list[str]]  # the first cell of each row is its header


@dataclass(frozen=True)
class Chart:
    key: str  # unique on its page: the prefix of the SVG's ids
    title: str
    description: str
    svg: SafeString
    table: ChartTable


def _attrs(attributes: dict[str, object]) -> str:
    return "".join(
        f' {name.rstrip("_").replace("_", "-")}="{escape(str(value))}"'
        for name, value in attributes.items()
        if value is not None
    )


def _tag(name: str, content: str = "", /, **attributes: object) -> str:
    """One element; `content` is markup already escaped (use `_text` for words)."""
    if not content:
        return f"<{name}{_attrs(attributes)}/>"
    return f"<{name}{_attrs(attributes)}>{content}</{name}>"


def _text(x: float, y: float, words: str, **attributes: object) -> str:
    attributes.setdefault("font_size", 12)
    attributes.setdefault("fill", INK)
    return _tag("text", str(escape(words)), x=_n(x), y=_n(y), **attributes)


def _n(value: float) -> str:
    """A coordinate: at most two decimals, never a locale's comma."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _svg(key: str, title: str, description: str, height: float, body: Iterable[str]) -> SafeString:
    head = _tag("title", str(escape(title)), id=f"{key}-title") + _tag(
        "desc", str(escape(description)), id=f"{key}-desc"
    )
    # Safe: every text and attribute above went through escape().
    return mark_safe(
        _tag(
            "svg",
            head + "".join(body),
            xmlns="http://www.w3.org/2000/svg",
            viewBox=f"0 0 {WIDTH} {_n(height)}",
            role="img",
            aria_labelledby=f"{key}-title {key}-desc",
            class_="svg-chart",
            font_family="system-ui, sans-serif",
        )
    )


def _short(words: str, length: int) -> str:
    return words if len(words) <= length else words[: length - 1].rstrip() + "…"


# (a) The funnel ------------------------------------------------------------------------


def funnel_chart(stages: Sequence[tuple[str, int]], *, key: str = "funnel") -> Chart:
    """From invitations to seats: one bar per step, as wide as its count, with the count
    and the share of the step before written beside it."""
    title = _("From invitations to seats")
    top = max((count for _label, count in stages), default=0) or 1
    body: list[str] = []
    rows: list[list[str]] = []
    previous: int | None = None
    for index, (label, count) in enumerate(stages):
        y = 8 + index * 46
        share = percent_text(count, previous, 1) if previous else "—"
        width = max(4.0, (WIDTH - 20) * count / top)
        caption = f"{label}: {number_text(count)}"
        if previous:
            caption += " · " + _("%(share)s of the step before") % {"share": share}
        body.append(_text(10, y + 12, caption, font_weight="600" if index == 0 else None))
        body.append(
            _tag(
                "rect",
                x=_n((WIDTH - width) / 2),
                y=y + 18,
                width=_n(width),
                height=20,
                fill="#0b5cad" if index % 2 == 0 else "#083f78",
            )
        )
        rows.append([label, number_text(count), share])
        previous = count
    description = "; ".join(f"{row[0]}: {row[1]}" for row in rows)
    table = ChartTable(title, [_("Step"), _("People"), _("Share of the step before")], rows)
    return Chart(
        key, title, description, _svg(key, title, description, 8 + len(stages) * 46, body), table
    )


# (b) Registrations over time -----------------------------------------------------------


def daily_chart(
    per_day: Sequence[tuple[datetime.date, int]], *, key: str = "per-day"
) -> Chart | None:
    """Registrations per day, every day from the first to the last one shown (days with
    none as gaps); the table lists the days with registrations."""
    if not per_day:
        return None
    title = _("Registrations per day")
    first, last = per_day[0][0], per_day[-1][0]
    counts = dict(per_day)
    days = [first + datetime.timedelta(days=i) for i in range((last - first).days + 1)]
    top = max(counts.values()) or 1
    left, right, plot_top, plot_bottom = 34, WIDTH - 8, 10, 150
    step = (right - left) / len(days)
    body = [
        _tag("line", x1=left, y1=plot_bottom, x2=right, y2=plot_bottom, stroke=MUTED),
        _tag("line", x1=left, y1=plot_top, x2=left, y2=plot_bottom, stroke=MUTED),
        _text(left - 4, plot_top + 10, number_text(top), text_anchor="end"),
        _text(left - 4, plot_bottom, "0", text_anchor="end"),
        _text(left, plot_bottom + 16, date_text(first, "MONTH_DAY_FORMAT")),
    ]
    if last != first:
        body.append(
            _text(right, plot_bottom + 16, date_text(last, "MONTH_DAY_FORMAT"), text_anchor="end")
        )
    for index, day in enumerate(days):
        count = counts.get(day, 0)
        if count:
            height = (plot_bottom - plot_top) * count / top
            body.append(
                _tag(
                    "rect",
                    x=_n(left + index * step + step * 0.1),
                    y=_n(plot_bottom - height),
                    width=_n(max(step * 0.8, 1)),
                    height=_n(height),
                    fill="#0b5cad",
                )
            )
    total = sum(counts.values())
    description = ngettext(
        "%(total)s registration over %(days)s days, at most %(top)s in one day.",
        "%(total)s registrations over %(days)s days, at most %(top)s in one day.",
        total,
    ) % {"total": number_text(total), "days": number_text(len(days)), "top": number_text(top)}
    rows = [[date_text(day), number_text(count)] for day, count in per_day]
    table = ChartTable(title, [_("Day"), _("Registrations")], rows)
    return Chart(key, title, description, _svg(key, title, description, 172, body), table)


# (c) The seats of a mixed composition -------------------------------------------------


@dataclass(frozen=True)
class SeatGroup:
    label: str  # the category's name
    kind: str  # lottery, delegate, official, reserved
    kind_label: str
    seats: int
    filled: int


# kind → (colour, shape): the shape tells the kind apart without the colour.
SEAT_MARKS = {
    "lottery": ("#0b5cad", "circle"),
    "delegate": ("#17663a", "square"),
    "official": ("#8a4b00", "diamond"),
    "reserved": ("#6b2f8f", "triangle"),
}


def _mark(
    shape: str, x: float, y: float, size: float, colour: str, filled: bool, dashed: bool = True
) -> str:
    """A seat or a date: solid when filled, else an outline (dashed: a vacant seat)."""
    paint = {
        "fill": colour if filled else "#ffffff",
        "stroke": colour,
        "stroke_width": 2,
        "stroke_dasharray": None if filled or not dashed else "3 2",
    }
    half = size / 2
    if shape == "circle":
        return _tag("circle", cx=_n(x), cy=_n(y), r=_n(half), **paint)
    if shape == "square":
        return _tag(
            "rect", x=_n(x - half), y=_n(y - half), width=_n(size), height=_n(size), **paint
        )
    if shape == "diamond":
        corners = [(x, y - half), (x + half, y), (x, y + half), (x - half, y)]
        points = " ".join(f"{_n(a)},{_n(b)}" for a, b in corners)
    else:
        points = (
            f"{_n(x)},{_n(y - half)} {_n(x + half)},{_n(y + half)} {_n(x - half)},{_n(y + half)}"
        )
    return _tag("polygon", points=points, **paint)


def seat_diagram(groups: Sequence[SeatGroup], *, key: str = "seats") -> Chart | None:
    """Every seat as a mark, grouped by category: its kind's shape and colour, solid when
    someone holds it, an outline when it is vacant."""
    if not groups or not sum(group.seats for group in groups):
        return None
    title = _("The seats")
    total = sum(group.seats for group in groups)
    cell = 26 if total <= 240 else 13
    columns = int((WIDTH - 16) // cell)
    body: list[str] = []
    y = 4.0
    for group in groups:
        colour, shape = SEAT_MARKS.get(group.kind, ("#4a5360", "circle"))
        words = _("%(name)s (%(kind)s): %(filled)s of %(seats)s filled") % {
            "name": group.label,
            "kind": group.kind_label,
            "filled": number_text(group.filled),
            "seats": number_text(group.seats),
        }
        body.append(_text(8, y + 14, _short(words, 56)))
        y += 22
        for seat in range(group.seats):
            row, column = divmod(seat, columns)
            body.append(
                _mark(
                    shape,
                    8 + cell / 2 + column * cell,
                    y + cell / 2 + row * cell,
                    cell * 0.62,
                    colour,
                    seat < group.filled,
                )
            )
        y += cell * -(-group.seats // columns) + 6
    filled = sum(group.filled for group in groups)
    description = _(
        "%(total)s seats, %(filled)s filled. Solid marks are filled seats, outlines vacant "
        "ones; each kind of seat has its own shape."
    ) % {"total": number_text(total), "filled": number_text(filled)}
    rows = [
        [group.label, group.kind_label, number_text(group.seats), number_text(group.filled)]
        for group in groups
    ]
    table = ChartTable(title, [_("Category"), _("Type"), _("Seats"), _("Filled")], rows)
    return Chart(key, title, description, _svg(key, title, description, y + 4, body), table)


# (d) Answers and commitments against their due dates -----------------------------------


@dataclass(frozen=True)
class DueItem:
    label: str  # "3. Safer crossings: answer"
    due_on: datetime.date
    done_on: datetime.date | None


def _status(item: DueItem, today: datetime.date) -> tuple[str, str]:
    """The words and colour of an item's state: late is said, not only coloured."""
    if item.done_on is not None:
        late = (item.done_on - item.due_on).days
        if late > 0:
            return ngettext("done %(days)s day late", "done %(days)s days late", late) % {
                "days": number_text(late)
            }, "#8a4b00"
        return _("done on time"), "#17663a"
    overdue = (today - item.due_on).days
    if overdue > 0:
        return ngettext("overdue by %(days)s day", "overdue by %(days)s days", overdue) % {
            "days": number_text(overdue)
        }, "#a4161a"
    return _("not due yet"), MUTED


def due_timeline(
    items: Sequence[DueItem], today: datetime.date, *, key: str = "due"
) -> Chart | None:
    """One line per answer or commitment: a diamond at its due date, a dot when it was done,
    a bar for the time it ran late (or is running late, up to today's dashed line)."""
    if not items:
        return None
    title = _("Answers and commitments against their due dates")
    dates = [today, *(i.due_on for i in items), *(i.done_on for i in items if i.done_on)]
    start, end = min(dates), max(dates)
    span = max((end - start).days, 1)
    left, right = 12, WIDTH - 12

    def x(day: datetime.date) -> float:
        return left + (right - left) * (day - start).days / span

    body: list[str] = []
    rows: list[list[str]] = []
    y = 30.0
    for item in items:
        words, colour = _status(item, today)
        body.append(_text(left, y, _short(f"{item.label} · {words}", 58)))
        line_y = y + 10
        body.append(_tag("line", x1=left, y1=line_y, x2=right, y2=line_y, stroke=LINE))
        finish = item.done_on or today
        if finish > item.due_on:
            body.append(
                _tag(
                    "rect",
                    x=_n(x(item.due_on)),
                    y=_n(line_y - 4),
                    width=_n(max(x(finish) - x(item.due_on), 2)),
                    height=8,
                    fill=colour,
                )
            )
        body.append(_mark("diamond", x(item.due_on), line_y, 11, INK, False, dashed=False))
        if item.done_on:
            body.append(_mark("circle", x(item.done_on), line_y, 10, colour, True))
        rows.append(
            [
                item.label,
                date_text(item.due_on),
                date_text(item.done_on) if item.done_on else "—",
                words,
            ]
        )
        y += 36
    body.insert(
        0,
        _tag(
            "line",
            x1=_n(x(today)),
            y1=16,
            x2=_n(x(today)),
            y2=_n(y - 16),
            stroke=INK,
            stroke_dasharray="4 3",
        ),
    )
    body.insert(1, _text(min(max(x(today), 40), right - 40), 12, _("today"), text_anchor="middle"))
    body.append(_text(left, y, date_text(start, "SHORT_DATE_FORMAT"), fill=MUTED))
    body.append(_text(right, y, date_text(end, "SHORT_DATE_FORMAT"), fill=MUTED, text_anchor="end"))
    overdue = sum(1 for item in items if item.done_on is None and item.due_on < today)
    description = ngettext(
        "%(count)s item with a due date; overdue: %(overdue)s.",
        "%(count)s items with a due date; overdue: %(overdue)s.",
        len(items),
    ) % {"count": number_text(len(items)), "overdue": number_text(overdue)}
    table = ChartTable(title, [_("Item"), _("Due on"), _("Done on"), _("State")], rows)
    return Chart(key, title, description, _svg(key, title, description, y + 8, body), table)


# (e) Questionnaire items as diverging bars --------------------------------------------

# Strongly disagree … strongly agree: brown to blue, every one at least 3:1 on white; the
# two "strongly" ends also hatched.
LIKERT_COLOURS = {1: "#7a3500", 2: "#b8621b", 3: "#6b7785", 4: "#3b78b8", 5: "#0b3f78"}


@dataclass(frozen=True)
class LikertItem:
    label: str
    counts: dict[int, int]  # score 1..5 → answers


@dataclass(frozen=True)
class Segment:
    score: int
    start: float  # -1 (all disagree) .. 1 (all agree), from the middle
    width: float


def likert_segments(counts: dict[int, int]) -> list[Segment]:
    """The bar of one statement: disagreement to the left of the middle, agreement to the
    right, the neutral answers split across it. Used by the web chart and the PDF."""
    total = sum(counts.get(score, 0) for score in range(1, 6))
    if not total:
        return []
    share = {score: counts.get(score, 0) / total for score in range(1, 6)}
    segments = []
    position = -(share[1] + share[2] + share[3] / 2)
    for score in range(1, 6):
        if share[score]:
            segments.append(Segment(score, position, share[score]))
        position += share[score]
    return segments


def agreement(counts: dict[int, int]) -> tuple[int, int, int]:
    """(disagree, neutral, agree) answers."""
    return (
        counts.get(1, 0) + counts.get(2, 0),
        counts.get(3, 0),
        counts.get(4, 0) + counts.get(5, 0),
    )


def likert_chart(
    items: Sequence[LikertItem], labels: Sequence[str], *, key: str = "likert"
) -> Chart | None:
    """Each statement's answers as one bar across the middle line: disagree left, agree
    right, with the shares of each side written at its end. `labels`: the five answers."""
    items = [item for item in items if sum(item.counts.values())]
    if not items:
        return None
    title = _("Answers to each statement")
    middle, half = WIDTH / 2, WIDTH / 2 - 44
    pattern = f"{key}-hatch"
    body = [
        _tag(
            "defs",
            _tag(
                "pattern",
                _tag("path", d="M0,6 L6,0", stroke="#ffffff", stroke_width=1.5),
                id=pattern,
                width=6,
                height=6,
                patternUnits="userSpaceOnUse",
            ),
        )
    ]
    for index, label in enumerate(labels, start=1):
        y = 8 + (index - 1) * 18
        body.append(_tag("rect", x=8, y=y, width=14, height=12, fill=LIKERT_COLOURS[index]))
        if index in (1, 5):
            body.append(_tag("rect", x=8, y=y, width=14, height=12, fill=f"url(#{pattern})"))
        body.append(_text(28, y + 11, label))
    y = 8 + len(labels) * 18 + 10
    top_of_bars = y
    rows: list[list[str]] = []
    for item in items:
        disagree, neutral, agree = agreement(item.counts)
        total = disagree + neutral + agree
        body.append(_text(8, y + 12, _short(item.label, 58)))
        bar_y = y + 18
        for segment in likert_segments(item.counts):
            attributes = {
                "x": _n(middle + segment.start * half),
                "y": _n(bar_y),
                "width": _n(segment.width * half),
                "height": 16,
            }
            body.append(_tag("rect", fill=LIKERT_COLOURS[segment.score], **attributes))
            if segment.score in (1, 5):
                body.append(_tag("rect", fill=f"url(#{pattern})", **attributes))
        body.append(_text(4, bar_y + 12, percent_text(disagree, total), font_size=11))
        body.append(
            _text(
                WIDTH - 4, bar_y + 12, percent_text(agree, total), font_size=11, text_anchor="end"
            )
        )
        rows.append(
            [
                item.label,
                *(number_text(item.counts.get(score, 0)) for score in range(1, 6)),
                percent_text(disagree, total),
                percent_text(agree, total),
            ]
        )
        y += 44
    body.append(
        _tag("line", x1=_n(middle), y1=_n(top_of_bars), x2=_n(middle), y2=_n(y), stroke=INK)
    )
    description = _(
        "Disagreement to the left of the middle line, agreement to the right; neutral answers "
        "straddle the line. The share that disagrees is written on the left, the share that "
        "agrees on the right."
    )
    columns = [_("Statement"), *labels, _("Disagree"), _("Agree")]
    table = ChartTable(title, columns, rows)
    return Chart(key, title, description, _svg(key, title, description, y + 4, body), table)
