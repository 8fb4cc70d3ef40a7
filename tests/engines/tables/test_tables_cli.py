"""`assemblea tables ...`: allocate, quality, exit code 2 on bad input."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from assemblea.cli import main
from assemblea.engines.tables.synthetic import PROFILE, synthetic_assembly


@pytest.fixture
def members_csv(tmp_path: Path) -> Path:
    path = tmp_path / "members.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "id", *PROFILE])
        for member in synthetic_assembly(30, seed=1):
            writer.writerow([f"Person {member.id}", member.id, *member.values.values()])
    return path


def test_allocate_then_quality(
    members_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "plan.csv"
    common = ["--members", str(members_csv), "--id-column", "id", "--categories"]
    common += ["gender", "age", "area"]
    code = main(
        [
            "tables",
            "allocate",
            *common,
            "--sessions",
            "3",
            "--tables",
            "4",
            "--seed",
            "7",
            "--pin",
            "m001=2",
            "--absent",
            "2:m002,m003",
            "--compare",
            "--out",
            str(out),
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0
    assert "random (" in printed and "greedy (" in printed and "optimise (" in printed
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 30 * 3 - 2
    assert {r["table"] for r in rows if r["member"] == "m001"} == {"2"}
    assert not [r for r in rows if r["session"] == "2" and r["member"] in {"m002", "m003"}]
    code = main(["tables", "quality", *common, "--plan", str(out)])
    assert code == 0
    assert "worst table deviation" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--categories", "colour", "--tables", "4"], "no column 'colour'"),
        (["--categories", "gender", "--tables", "40"], "only 30 members present"),
        (["--categories", "gender", "--tables", "4", "--pin", "m001"], "ID=TABLE"),
        (["--categories", "gender", "--table-size", "7", "7"], "cannot sit"),
    ],
)
def test_bad_input_exits_2(
    members_csv: Path, extra: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    arguments = ["tables", "allocate", "--members", str(members_csv), "--id-column", "id"]
    code = main([*arguments, "--sessions", "2", *extra])
    assert code == 2
    assert message in capsys.readouterr().err


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    arguments = ["tables", "allocate", "--members", str(tmp_path / "none.csv")]
    code = main([*arguments, "--categories", "g", "--sessions", "1", "--tables", "1"])
    assert code == 2
    assert "error:" in capsys.readouterr().err
