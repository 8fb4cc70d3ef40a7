"""The engine reads quota and people files from text or rows as well as from paths (so a
program need not write temporary files), and its input errors carry a code and params."""

from __future__ import annotations

from pathlib import Path

import pytest

from assemblea.engines.sortition import InputError, load_people, load_quotas
from assemblea.engines.sortition.errors import (
    InfeasibleQuotasError,
    QuotaChange,
    SelectionCancelled,
    SolverError,
)

FEATURES = "feature,value,min,max\ngender,woman,1,2\ngender,man,1,2\n"
PEOPLE = "id,gender\np1,woman\np2,man\np3,Woman\n"


def test_text_rows_and_path_read_the_same(tmp_path: Path) -> None:
    (tmp_path / "features.csv").write_text(FEATURES, encoding="utf-8")
    (tmp_path / "people.csv").write_text(PEOPLE, encoding="utf-8")
    by_path, path_file = load_quotas(str(tmp_path / "features.csv"))
    by_text, text_file = load_quotas(text=FEATURES)
    by_rows, _ = load_quotas(rows=[line.split(",") for line in FEATURES.splitlines()])
    assert by_path.quotas == by_text.quotas == by_rows.quotas
    assert path_file.sha256 == text_file.sha256 and text_file.name == "features.csv"
    pool, people_file = load_people(str(tmp_path / "people.csv"), by_path, "id")
    from_text, text_people = load_people(None, by_text, "id", text=PEOPLE)
    from_rows, _ = load_people(
        None,
        by_text,
        "id",
        rows=[["id", "gender"], ["p1", "woman"], ["p2", "man"], ["p3", "Woman"]],
    )
    assert pool.ids == from_text.ids == from_rows.ids == ["p1", "p2", "p3"]
    assert pool.profiles == from_text.profiles == from_rows.profiles
    assert from_text.profiles[2] == ("woman",)  # matched case-insensitively, as from a file
    assert people_file.sha256 == text_people.sha256
    assert text_people.name == "people.csv"


def test_exactly_one_source_is_given() -> None:
    with pytest.raises(ValueError):
        load_quotas()
    with pytest.raises(ValueError):
        load_quotas("features.csv", text=FEATURES)


def test_a_pool_without_an_id_column_gets_row_numbers() -> None:
    quotas, _ = load_quotas(text=FEATURES)
    pool, _ = load_people(None, quotas, text="gender,town\nwoman,A\nman,B\n")
    assert pool.synthetic_ids and pool.ids == ["1", "2"]
    assert pool.columns == ["id", "gender", "town"] and pool.rows[1] == ["2", "man", "B"]


@pytest.mark.parametrize(
    ("people", "code", "params"),
    [
        ("id,gender\np1,other\n", "value_without_quota", {"value": "other"}),
        ("id,gender\np1,woman\np1,man\n", "duplicate_id", {"id": "p1", "first_line": 2}),
        ("id,gender\n,woman\n", "empty_id", {}),
        ("id,town\np1,A\n", "missing_column", {"name": "gender"}),
        ("id,gender\n", "empty_pool", {}),
        ("id,gender\np1,woman,x\n", "row_too_long", {"cells": 3, "columns": 2}),
    ],
)
def test_people_errors_carry_a_code_and_params(
    people: str, code: str, params: dict[str, object]
) -> None:
    quotas, _ = load_quotas(text=FEATURES)
    with pytest.raises(InputError) as raised:
        load_people(None, quotas, "id", text=people)
    assert raised.value.code == code
    assert params.items() <= raised.value.params.items()
    assert raised.value.file == "people.csv"
    assert str(raised.value).startswith("people.csv")  # the English sentence stays


@pytest.mark.parametrize(
    ("features", "code"),
    [
        ("feature,value,min,max\ngender,woman,3,1\n", "min_above_max"),
        ("feature,value,min,max\ngender,woman,x,1\n", "not_a_whole_number"),
        ("feature,value,min,max\n", "no_quotas"),
        ("a,b\n1,2\n", "unknown_quota_format"),
        ("feature,value,min,max\ngender,woman,1,2\ngender,woman,1,2\n", "duplicate_quota"),
        ("", "empty_file"),
    ],
)
def test_quota_errors_carry_a_code(features: str, code: str) -> None:
    with pytest.raises(InputError) as raised:
        load_quotas(text=features)
    assert raised.value.code == code


def test_every_error_class_has_a_code_by_default() -> None:
    assert InputError("x").code == "input" and InputError("x").params == {}
    assert SolverError("status 7").code == "solver_error"
    assert SolverError("status 7").params == {"detail": "status 7"}
    assert SelectionCancelled().code == "cancelled"
    infeasible = InfeasibleQuotasError(["r"], [QuotaChange("g", "w", 2, 3, 1, 3)])
    assert infeasible.code == "infeasible_quotas"
    assert infeasible.params["relaxation"] == [
        {"category": "g", "value": "w", "old_min": 2, "old_max": 3, "new_min": 1, "new_max": 3}
    ]
    assert str(infeasible).startswith("No panel can meet these quotas.")


def test_a_missing_file_is_still_an_input_error_with_a_code(tmp_path: Path) -> None:
    with pytest.raises(InputError) as raised:
        load_quotas(str(tmp_path / "nope.csv"))
    assert raised.value.code == "file_not_found"
