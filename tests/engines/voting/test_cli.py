from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assemblea.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["count", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_stv_text(capsys: pytest.CaptureFixture[str], fixtures: Path) -> None:
    code, out, err = run(capsys, "--method", "stv", str(fixtures / "small.blt"))
    assert code == 0, err
    assert "quota 4" in out
    assert "Elected (in order of election):" in out
    assert out.rstrip().endswith("2. 2 Ben (Blue)")


def test_stv_json_on_real_ward(
    capsys: pytest.CaptureFixture[str], ward: Path, baseline_stv: dict[str, list[int]]
) -> None:
    code, out, _ = run(capsys, "--method", "stv", "--json", str(ward))
    assert code == 0
    data = json.loads(out)
    assert sorted(c["number"] for c in data["elected"]) == baseline_stv[ward.stem]
    assert data["stages"][0]["action"] == "first preferences"


@pytest.mark.parametrize("method", ["irv", "schulze", "ranked-pairs", "approval", "score"])
def test_every_method_runs(capsys: pytest.CaptureFixture[str], fixtures: Path, method: str) -> None:
    code, out, err = run(capsys, "--method", method, "--json", str(fixtures / "small.blt"))
    assert code == 0, err
    assert len(json.loads(out)["elected"]) == 1


def test_approval_seats(capsys: pytest.CaptureFixture[str], fixtures: Path) -> None:
    code, out, _ = run(
        capsys, "--method", "approval", "--seats", "2", "--json", str(fixtures / "small.blt")
    )
    assert code == 0
    data = json.loads(out)
    assert data["totals"] == {"1": 9, "2": 7, "3": 2}
    assert [c["number"] for c in data["elected"]] == [1, 2]


@pytest.mark.parametrize(
    ("name", "words"),
    [
        (
            "bad_candidate.blt",
            "bad_candidate.blt, line 4: a vote for candidate 4, who is not on the ballot",
        ),
        ("missing_zero.blt", "missing_zero.blt, line 3"),
        ("bad_token.soi", "bad_token.soi, line 6"),
        ("does_not_exist.blt", "no such file"),
    ],
)
def test_bad_input_exit_2(
    capsys: pytest.CaptureFixture[str], fixtures: Path, name: str, words: str
) -> None:
    code, out, err = run(capsys, "--method", "stv", str(fixtures / name))
    assert code == 2
    assert words in err
    assert "Traceback" not in err
    assert out == ""


def test_irv_refuses_seats(capsys: pytest.CaptureFixture[str], fixtures: Path) -> None:
    code, _, err = run(capsys, "--method", "irv", "--seats", "2", str(fixtures / "small.blt"))
    assert code == 2
    assert "elects one candidate" in err


def test_python_dash_m(fixtures: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "assemblea",
            "count",
            "--method",
            "irv",
            str(fixtures / "small.blt"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Elected:" in done.stdout
