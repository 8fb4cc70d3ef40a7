"""pabulib `.pb` files: round trip, and bad input reported by line with the rest readable."""

from __future__ import annotations

import pytest

from assemblea.engines.budgeting.formats import PbError, parse_pb, write_pb

GOOD = """META
key;value
description;test
budget;100
vote_type;cumulative
max_sum_points;3
rule;greedy
PROJECTS
project_id;cost;name;selected;category
p1;60;Park;1;green
p2;50.0;Library;0;culture
VOTES
voter_id;vote;points;age
v1;p1,p2;2,1;30
v2;p2;3;41
"""


def test_reads_sections_costs_points_and_selected() -> None:
    election, problems = parse_pb(GOOD)
    assert problems == []
    assert election.budget == 100
    assert election.projects["p2"].cost == 50
    assert election.projects["p1"].selected is True
    assert election.ballots[0].points == (2, 1)
    assert dict(election.ballots[1].extra) == {"age": "41"}


def test_round_trip() -> None:
    election, _ = parse_pb(GOOD)
    again, _ = parse_pb(write_pb(election))
    assert again.meta == election.meta
    assert again.projects == election.projects
    assert again.ballots == election.ballots
    chosen, _ = parse_pb(write_pb(election, selected={"p2"}))
    assert [p.id for p in chosen.projects.values() if p.selected] == ["p2"]


BAD = GOOD.replace("p2;50.0;", "p3;cheap;").replace("v2;p2;3;41", "v2;p2;3;41\nv3;p1;4;20")


def test_every_problem_with_its_line() -> None:
    with pytest.raises(PbError) as excinfo:
        parse_pb(BAD, "city.pb")
    lines = [(p.line, p.message) for p in excinfo.value.problems]
    assert lines[0] == (11, "cost of project 'p3' is not a whole number: 'cheap'")
    assert lines[1][0] == 14 and "unknown project(s) ['p2']" in lines[1][1]
    assert lines[2][0] == 15 and "unknown project(s) ['p2']" in lines[2][1]
    assert lines[3] == (16, "ballot of voter 'v3' gives 4 points, more than the limit of 3")
    assert "city.pb, line 11:" in str(excinfo.value)


def test_the_rest_imports_when_the_organizer_accepts() -> None:
    election, problems = parse_pb(BAD, accept_problems=True)
    assert len(problems) == 4
    assert list(election.projects) == ["p1"]
    assert election.ballots == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD.replace("budget;100", "budget;0"), "budget must be a positive whole amount, got '0'"),
        (GOOD.replace("budget;100\n", ""), "META has no budget"),
    ],
)
def test_budget_zero_or_missing_is_fatal(text: str, message: str) -> None:
    with pytest.raises(PbError) as excinfo:
        parse_pb(text, accept_problems=True)
    assert excinfo.value.problems[0].message == message


def test_approval_ballot_over_its_length() -> None:
    text = GOOD.replace("vote_type;cumulative", "vote_type;approval\nmax_length;1")
    text = text.replace(";points;age", ";age").replace(";2,1;", ";").replace(";3;41", ";41")
    _, problems = parse_pb(text, accept_problems=True)
    assert [(p.line, p.message) for p in problems] == [
        (15, "ballot of voter 'v1' names 2 projects, more than the limit of 1")
    ]


def test_ballots_are_made_on_first_use_and_behave_as_a_list() -> None:
    import pickle

    from assemblea.engines.budgeting.model import LazyList

    election, _ = parse_pb(GOOD)
    assert isinstance(election.ballots, LazyList)
    assert election.groups().voters == 2  # counted without making the ballots
    assert election.ballots._make is not None
    assert len(election.ballots) == 2 and election.ballots[1].voter == "v2"
    assert election.ballots == list(election.ballots)
    assert [b.voter for b in election.ballots] == ["v1", "v2"]
    assert pickle.loads(pickle.dumps(election.ballots)) == election.ballots
    election.ballots.append(election.ballots[0])
    assert election.groups().voters == 3  # the table follows the ballots


def test_fast_and_row_by_row_readers_agree() -> None:
    """A file the fast path reads, and the same with one bad ballot (read row by row)."""
    good, _ = parse_pb(GOOD)
    bad, problems = parse_pb(GOOD + "v9;p1,p9;1,1;50\n", accept_problems=True)
    assert len(problems) == 1 and problems[0].line == 16
    assert bad.ballots == good.ballots
    assert bad.profile() == good.profile()
