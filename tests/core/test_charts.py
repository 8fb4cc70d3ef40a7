"""Issue 16: the SVG charts' builders (core/charts.py): a title and a description, the same
numbers in the picture's table as in the data, escaping, no inline style, the reader's
language for numbers."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ElementTree

import pytest
from django.utils import translation

from assemblea.core import charts

SVG = "{http://www.w3.org/2000/svg}"


def _parsed(chart: charts.Chart) -> ElementTree.Element:
    root = ElementTree.fromstring(str(chart.svg))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text == chart.title
    assert desc is not None and desc.text == chart.description
    assert root.get("aria-labelledby") == f"{chart.key}-title {chart.key}-desc"
    assert "style=" not in str(chart.svg)  # the CSP allows no inline style
    return root


def _texts(root: ElementTree.Element) -> list[str]:
    return [element.text or "" for element in root.iter(f"{SVG}text")]


def test_the_funnel_has_one_bar_per_step_and_its_table_the_same_numbers() -> None:
    stages = [("Invitations sent", 1200), ("Registrations", 81), ("In the pool", 78)]
    chart = charts.funnel_chart(stages)
    root = _parsed(chart)
    assert len(root.findall(f"{SVG}rect")) == 3
    widths = [float(rect.get("width", 0)) for rect in root.iter(f"{SVG}rect")]
    assert widths[0] > widths[1] > widths[2]
    assert [row[:2] for row in chart.table.rows] == [
        ["Invitations sent", "1,200"],
        ["Registrations", "81"],
        ["In the pool", "78"],
    ]
    assert chart.table.rows[1][2] == "6.8 %"
    assert any("6.8 % of the step before" in text for text in _texts(root))


def test_words_are_escaped_in_the_svg_and_it_still_parses() -> None:
    chart = charts.funnel_chart([('<script>alert("x")</script>', 3)], key="x")
    assert "<script>" not in str(chart.svg)
    root = _parsed(chart)
    assert any('<script>alert("x")</script>' in text for text in _texts(root))


def test_registrations_per_day_draw_every_day_and_list_the_days_with_registrations() -> None:
    first = datetime.date(2026, 3, 1)
    per_day = [(first, 4), (first + datetime.timedelta(days=3), 10)]
    chart = charts.daily_chart(per_day)
    assert chart is not None
    root = _parsed(chart)
    assert len(root.findall(f"{SVG}rect")) == 2
    heights = sorted(float(rect.get("height", 0)) for rect in root.iter(f"{SVG}rect"))
    assert heights[1] == 140 and heights[0] == 56
    assert chart.table.rows == [["March 1, 2026", "4"], ["March 4, 2026", "10"]]
    assert "14 registrations over 4 days" in chart.description
    assert charts.daily_chart([]) is None


def test_the_seat_diagram_draws_every_seat_with_its_kind_shape_solid_when_filled() -> None:
    groups = [
        charts.SeatGroup("Citizens", "lottery", "Lottery seats", 5, 3),
        charts.SeatGroup("Unions", "delegate", "Delegate seats", 2, 2),
        charts.SeatGroup("Mayor", "official", "Official seats", 1, 0),
        charts.SeatGroup("Youth", "reserved", "Reserved seats", 2, 1),
    ]
    chart = charts.seat_diagram(groups)
    assert chart is not None
    root = _parsed(chart)
    circles = root.findall(f"{SVG}circle")
    squares = root.findall(f"{SVG}rect")
    polygons = root.findall(f"{SVG}polygon")
    assert len(circles) == 5 and len(squares) == 2 and len(polygons) == 3
    assert sum(1 for c in circles if c.get("fill") != "#ffffff") == 3
    assert sum(1 for c in circles if c.get("stroke-dasharray")) == 2  # vacant: dashed outline
    assert chart.table.rows[0] == ["Citizens", "Lottery seats", "5", "3"]
    assert "10 seats, 6 filled" in chart.description
    assert charts.seat_diagram([]) is None


def test_the_due_date_timeline_says_what_is_overdue_in_words() -> None:
    today = datetime.date(2027, 5, 10)
    items = [
        charts.DueItem("1. Crossings: answer", datetime.date(2027, 3, 31), None),
        charts.DueItem("2. Buses: answer", datetime.date(2027, 3, 31), datetime.date(2027, 3, 20)),
        charts.DueItem(
            "2. Buses: commitment", datetime.date(2027, 4, 1), datetime.date(2027, 4, 3)
        ),
        charts.DueItem("3. Parks: answer", datetime.date(2027, 6, 30), None),
    ]
    chart = charts.due_timeline(items, today)
    assert chart is not None
    root = _parsed(chart)
    states = [row[3] for row in chart.table.rows]
    assert states == ["overdue by 40 days", "done on time", "done 2 days late", "not due yet"]
    assert any("overdue by 40 days" in text for text in _texts(root))
    assert chart.table.rows[0][1] == "March 31, 2027" and chart.table.rows[0][2] == "—"
    assert chart.description == "4 items with a due date; overdue: 1."
    assert "today" in _texts(root)


def test_likert_bars_diverge_from_the_middle_and_the_table_holds_the_counts() -> None:
    counts = {1: 1, 2: 1, 3: 2, 4: 4, 5: 2}
    segments = charts.likert_segments(counts)
    assert [s.score for s in segments] == [1, 2, 3, 4, 5]
    assert abs(sum(s.width for s in segments) - 1) < 1e-9
    assert segments[0].start == pytest.approx(
        -0.3
    )  # disagree (2 of 10) and half the neutral (1 of 10)
    assert segments[2].start + segments[2].width / 2 == pytest.approx(
        0
    )  # neutral straddles the middle
    assert segments[3].start == pytest.approx(0.1)
    labels = ["SD", "D", "N", "A", "SA"]
    chart = charts.likert_chart(
        [charts.LikertItem("I could speak", counts), charts.LikertItem("Empty", {})], labels
    )
    assert chart is not None
    root = _parsed(chart)
    assert chart.table.columns == ["Statement", *labels, "Disagree", "Agree"]
    assert chart.table.rows == [["I could speak", "1", "1", "2", "4", "2", "20 %", "60 %"]]
    assert "20 %" in _texts(root) and "60 %" in _texts(root)
    # the two "strongly" ends are hatched as well as coloured
    hatched = [r for r in root.iter(f"{SVG}rect") if (r.get("fill") or "").startswith("url(")]
    assert len(hatched) == 2 + 2  # legend swatches and the bar's two ends


def test_numbers_are_written_in_the_readers_language() -> None:
    with translation.override("es"):
        assert charts.percent_text(13, 15, 1) == "86,7 %"
        assert charts.number_text(1.3333, 2) == "1,33"
        assert charts.number_text(1200) == "1\xa0200"  # Django's Spanish grouping
        chart = charts.funnel_chart([("Cartas", 1200), ("Inscripciones", 81)])
        assert chart.table.rows[1][2] == "6,8 %"
        late = charts.DueItem("1", datetime.date(2027, 1, 1), None)
        one = charts.due_timeline([late], datetime.date(2027, 1, 2))
        assert one is not None and one.table.rows[0][1] == "1 de enero de 2027"
    assert charts.percent_text(13, 15, 1) == "86.7 %"
