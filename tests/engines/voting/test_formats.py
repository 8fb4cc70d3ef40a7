from __future__ import annotations

from pathlib import Path

import pytest

from assemblea.engines.voting.ballots import Election
from assemblea.engines.voting.errors import InputError
from assemblea.engines.voting.formats import parse_blt, parse_preflib, read_election


def test_reads_small_blt(fixtures: Path) -> None:
    election = read_election(fixtures / "small.blt")
    assert election.candidates == ("Ana (Red)", "Ben (Blue)", "Cai")
    assert election.seats == 2
    assert election.title == "Small test"
    assert election.total_votes == 9
    assert election.ballots[0].ranking == (0, 1)


def test_real_files_add_up(ranked_file: Path) -> None:
    election = read_election(ranked_file)
    assert election.total_votes > 0
    assert all(b.ranking for b in election.ballots)


@pytest.mark.parametrize(
    ("name", "line", "words"),
    [
        ("bad_candidate.blt", 4, "candidate 4, who is not on the ballot"),
        ("missing_zero.blt", 3, "must end with 0"),
        ("bad_token.soi", 6, "'x' is not an alternative number"),
    ],
)
def test_bad_files_name_the_line(fixtures: Path, name: str, line: int, words: str) -> None:
    with pytest.raises(InputError) as caught:
        read_election(fixtures / name)
    assert caught.value.line == line
    assert words in str(caught.value)
    assert name in str(caught.value)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", None, "empty file"),
        ("3\n", 1, "<candidates> <seats>"),
        ("3 4\n0\n", 1, "seats must be between 1 and 3"),
        ("3 1\n2 1 1 0\n0\nA\nB\nC\n", 2, "ranked twice"),
        ("3 1\n2 1=2 0\n0\nA\nB\nC\n", 2, "equal rankings"),
        ("3 1\n2 1 2 0\nA\nB\nC\n", 3, "the line '0' that ends the ballots"),
        ("3 1\n2 1 2 0\n", 2, "must end with a line '0'"),
        ("3 1\n2 1 2 0\n0\nA\nB\n", 5, "expected 3 candidate names"),
        ("3 1\n-4\n2 1 0\n0\nA\nB\nC\n", 2, "withdrawn candidate 4"),
        ("3 1\n2 1.5 0\n0\nA\nB\nC\n", 2, "'1.5' is not a whole number"),
    ],
)
def test_blt_errors(text: str, line: int | None, words: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_blt(text, "x.blt")
    assert caught.value.line == line
    assert words in str(caught.value)


def test_blt_withdrawn_and_ids() -> None:
    election = parse_blt("3 1\n-2\n(a) 2 2 1 0\n1 3 0\n0\nA\nB\nC\nT\n")
    assert election.withdrawn == frozenset({1})
    assert election.standing == [0, 2]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("# NUMBER ALTERNATIVES: 2\n3: 1,3\n", 2, "alternative 3, who is not on the ballot"),
        ("# NUMBER ALTERNATIVES: 2\n3: {1,2}\n", 2, "equal"),
        ("# NUMBER ALTERNATIVES: 2\n# NUMBER VOTERS: 4\n3: 1,2\n", 2, "NUMBER VOTERS 4"),
        ("# NUMBER ALTERNATIVES: 2\n3 1,2\n", 2, "expected '<count>: <alt>"),
        ("# NUMBER ALTERNATIVES: 2\n3: 1,1\n", 2, "ranked twice"),
        ("3: 1,2\n", None, "not a PrefLib file"),
    ],
)
def test_preflib_errors(text: str, line: int | None, words: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_preflib(text, "x.soi")
    assert caught.value.line == line
    assert words in str(caught.value)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_election(tmp_path / "nope.blt")


def test_vote_for_unknown_name_refused() -> None:
    with pytest.raises(InputError, match="'Zed', who is not on the ballot"):
        Election.from_rankings(["Ana", "Ben"], [(3, ["Ana", "Zed"])])


def test_from_rankings_mapping() -> None:
    election = Election.from_rankings(["Ana", "Ben"], {("Ben", "Ana"): 2, ("Ana",): 1})
    assert [b.ranking for b in election.ballots] == [(1, 0), (0,)]
