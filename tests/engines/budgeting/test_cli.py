from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from assemblea.engines.budgeting.cli import EXIT_BAD_INPUT, register

PB = """META
key;value
budget;100
vote_type;approval
PROJECTS
project_id;cost
X;60
Y;40
Z;25
VOTES
voter_id;vote
a;X,Y
b;X,Y
c;X,Y
d;Z
"""


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["budget", "count", *argv])
    code: int = args.handler(args)
    return code


def test_mes_prints_funded_and_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "small.pb"
    path.write_text(PB)
    assert run(str(path), "--rule", "mes", "--completion", "add-one") == 0
    out = capsys.readouterr().out
    assert "2 funded, 85 of 100 spent" in out
    assert "  + Z (25): funded: 1 supporters paid 25" in out
    assert "  - Y: not funded" in out


def test_bad_file_exits_2_with_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.pb"
    path.write_text(PB.replace("d;Z", "d;W"))
    assert run(str(path), "--rule", "greedy") == EXIT_BAD_INPUT
    assert "line 15: ballot of voter 'd' names unknown project(s) ['W']" in capsys.readouterr().err
