"""`assemblea opinion map`, through argparse and `register` directly."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from assemblea.engines.opinion.cli import EXIT_BAD_INPUT, EXIT_OK, register


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="assemblea")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    result: int = args.handler(args)
    return result


def _export(folder: Path, extra: str = "") -> Path:
    folder.mkdir()
    comments = ["timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body"]
    comments += [f"{i},,{i},0,0,0,1,Statement {i}" for i in range(6)]
    (folder / "comments.csv").write_text("\n".join(comments) + "\n")
    votes = ["timestamp,datetime,comment-id,voter-id,vote"]
    t = 0
    for p in range(30):
        camp = 1 if p < 15 else -1
        for s in range(6):
            t += 1
            v = 1 if s == 5 else (camp if s % 2 else -camp)
            votes.append(f"{t},,{s},{p},{v}")
    (folder / "votes.csv").write_text("\n".join(votes) + "\n" + extra)
    return folder


def test_map_prints_groups_and_consensus(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _export(tmp_path / "c")
    assert _run(["opinion", "map", str(folder), "--json"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert [g["clustered"] for g in data["groups"]] == [15, 15]
    assert data["consensus"][0]["statement"] == "5"


def test_text_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["opinion", "map", str(_export(tmp_path / "c"))]) == EXIT_OK
    out = capsys.readouterr().out
    assert "group 0 (15 participants)" in out and "consensus across groups" in out


def test_bad_input_exit_2_unless_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _export(tmp_path / "c", extra="999,,77,1,1\n")
    assert _run(["opinion", "map", str(folder)]) == EXIT_BAD_INPUT
    assert "unknown_statement: 1" in capsys.readouterr().err
    assert _run(["opinion", "map", str(folder), "--accept"]) == EXIT_OK


def test_too_small_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "comments.csv").write_text(
        "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
        "1,,0,1,0,0,1,One\n"
    )
    (folder / "votes.csv").write_text("timestamp,datetime,comment-id,voter-id,vote\n1,,0,1,1\n")
    assert _run(["opinion", "map", str(folder)]) == EXIT_OK
    assert "too small to map" in capsys.readouterr().out
