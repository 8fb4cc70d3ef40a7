"""A draw's public report read again (a run imported from open data) keeps what was withheld."""

from __future__ import annotations

from assemblea.recruitment.publication import public_quota_rows


def _row(value: str, in_pool: int, on_panel: int) -> dict[str, object]:
    return {
        "category": "age",
        "value": value,
        "min": 0,
        "max": 10,
        "in_pool": in_pool,
        "expected_on_panel": 1.5,
        "on_panel": on_panel,
    }


def test_a_public_quota_table_reads_the_same_when_made_public_again() -> None:
    rows = [_row("16-29", 40, 2), _row("30-64", 90, 8), _row("65+", 50, 5)]
    public = public_quota_rows(rows)
    # The small panel cell and its complement are withheld, not shown as "none on the panel".
    assert [row["withheld"] for row in public] == [True, False, True]
    assert [row["on_panel"] for row in public] == [None, 8, None]
    assert public_quota_rows(public) == public
