"""Tables engine: valid plans, pins, absences, errors, quality figures, swaps."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assemblea.engines.tables import (
    CategoryError,
    DuplicateIdError,
    Member,
    PinError,
    Plan,
    PlanError,
    TableCountError,
    TablesError,
    allocate,
    choose_table_count,
    move,
    quality,
    swap,
)
from assemblea.engines.tables.synthetic import PROFILE, synthetic_assembly

CATEGORIES = list(PROFILE)


def assert_valid(plan: Plan, members: list[Member], absent: dict[int, set[str]]) -> None:
    everyone = {m.id for m in members}
    for s, session in enumerate(plan.sessions):
        seated = [member for table in session for member in table]
        assert Counter(seated) == Counter(everyone - absent.get(s, set()))
        sizes = [len(table) for table in session]
        assert max(sizes) - min(sizes) <= 1


def test_plan_is_valid_and_deterministic() -> None:
    members = synthetic_assembly(40, seed=2)
    plan = allocate(members, CATEGORIES, sessions=4, tables=5, seed="public seed", effort=0.3)
    assert len(plan.sessions) == 4
    assert all(len(session) == 5 for session in plan.sessions)
    assert_valid(plan, members, {})
    again = allocate(members, CATEGORIES, sessions=4, tables=5, seed="public seed", effort=0.3)
    assert again == plan
    other = allocate(members, CATEGORIES, sessions=4, tables=5, seed="other", effort=0.3)
    assert other.sessions != plan.sessions


def test_optimise_beats_baselines_on_the_benchmark_instance() -> None:
    members = synthetic_assembly(100, seed=1)
    figures = {}
    for method in ("random", "greedy", "optimise"):
        plan = allocate(members, CATEGORIES, sessions=8, tables=12, seed=3, method=method)
        assert_valid(plan, members, {})
        figures[method] = quality(plan, members)
    ours, greedy, random = figures["optimise"], figures["greedy"], figures["random"]
    assert ours.repeated_pairs < greedy.repeated_pairs < random.repeated_pairs
    assert ours.worst_deviation < greedy.worst_deviation < random.worst_deviation
    assert ours.mean_deviation < random.mean_deviation
    assert ours.deviation_floor <= ours.worst_deviation


def test_unequal_tables_absences_and_pins() -> None:
    members = synthetic_assembly(23, seed=4)
    absent = {1: {"m003", "m004"}, 2: {"m001"}}
    plan = allocate(
        members,
        CATEGORIES,
        sessions=3,
        tables=4,
        pinned={"m001": 2, "m010": 0},
        pinned_by_session={1: {"m010": 3}},
        absent=absent,
        seed=1,
        effort=0.3,
    )
    assert_valid(plan, members, absent)
    assert [len(t) for t in plan.sessions[1]].count(6) == 1  # 21 present: 6, 5, 5, 5
    assert plan.table_of(0, "m001") == 2
    assert plan.table_of(1, "m001") == 2
    assert plan.table_of(2, "m001") is None
    assert [plan.table_of(s, "m010") for s in range(3)] == [0, 3, 0]


def test_pinned_tables_get_the_extra_seat() -> None:
    members = synthetic_assembly(10, seed=4)
    pins = {"m001": 1, "m002": 1, "m003": 1, "m004": 1}
    plan = allocate(members, CATEGORIES, sessions=2, tables=3, pinned=pins, effort=0.2)
    for session in plan.sessions:
        assert {"m001", "m002", "m003", "m004"} == set(session[1])


def test_kept_sessions_stay_and_count() -> None:
    members = synthetic_assembly(30, seed=5)
    first = allocate(members, CATEGORIES, sessions=2, tables=4, seed=1, effort=0.2)
    plan = allocate(members, CATEGORIES, sessions=4, tables=4, keep=first.sessions, effort=0.2)
    assert plan.sessions[:2] == first.sessions
    assert_valid(plan, members, {})


def test_table_size_range_chooses_the_count() -> None:
    assert choose_table_count(100, (6, 9)) == 13  # 7.7 per table, nearest the middle 7.5
    assert choose_table_count(12, (6, 6)) == 2
    with pytest.raises(TableCountError, match="cannot sit"):
        choose_table_count(13, (7, 7))
    members = synthetic_assembly(30, seed=6)
    plan = allocate(members, CATEGORIES, sessions=2, table_size=(5, 8), effort=0.2)
    assert all(5 <= len(t) <= 8 for session in plan.sessions for t in session)


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        ({"members": "duplicate"}, DuplicateIdError, "more than once"),
        ({"tables": 50}, TableCountError, "only 20 members present"),
        ({"tables": None}, TableCountError, "either a number of tables"),
        ({"categories": ["gender", "colour"]}, CategoryError, "no value for category 'colour'"),
        ({"categories": {"gender": ["woman", "man"]}}, CategoryError, "unknown value"),
        ({"pinned": {"m001": 7}}, PinError, "tables are 1 to 4"),
        ({"pinned": {"nobody": 0}}, PinError, "not a member"),
        ({"pinned": {f"m{i:03d}": 0 for i in range(1, 8)}}, PinError, "which seats 5"),
        ({"absent": {9: ["m001"]}}, PinError, "session 10 does not exist"),
        ({"method": "magic"}, TablesError, "unknown method"),
        ({"sessions": 0}, TableCountError, "at least 1"),
    ],
)
def test_bad_input_is_a_value_error_with_a_message(
    change: dict[str, object], error: type[Exception], message: str
) -> None:
    members = synthetic_assembly(20, seed=7)
    arguments: dict[str, object] = {
        "categories": CATEGORIES,
        "sessions": 2,
        "tables": 4,
        "effort": 0.1,
    }
    arguments.update(change)
    if arguments.get("members") == "duplicate":
        members = [*members, members[0]]
    arguments["members"] = members
    with pytest.raises(error, match=message) as raised:
        allocate(**arguments)  # type: ignore[arg-type]
    assert isinstance(raised.value, ValueError)


def test_quality_figures_on_a_small_plan() -> None:
    members = [
        Member("a", {"g": "w"}),
        Member("b", {"g": "w"}),
        Member("c", {"g": "m"}),
        Member("d", {"g": "m"}),
    ]
    plan = Plan(((("a", "b"), ("c", "d")), (("a", "b"), ("c", "d"))), ("g",))
    q = quality(plan, members)
    assert q.worst_deviation == pytest.approx(0.5)
    assert q.mean_deviation == pytest.approx(0.5)
    assert q.repeated_pairs == 2
    assert q.pairs_met_again == 2
    assert q.most_meetings == 2
    assert (q.met_min, q.met_mean) == (1, 1.0)
    assert q.deviation_floor == pytest.approx(0.0)
    mixed = swap(plan, 1, "b", "c")
    assert mixed.sessions[1] == (("a", "c"), ("b", "d"))
    after = quality(mixed, members)
    assert after.worst_deviation == pytest.approx(0.5)  # session 1 is still split
    assert after.table_deviation[1] == (0.0, 0.0)
    assert after.repeated_pairs == 0
    assert (after.met_min, after.met_mean) == (2, 2.0)
    moved = move(mixed, 0, "a", 1)
    assert moved.sessions[0] == (("b",), ("c", "d", "a"))


def test_swap_and_move_errors() -> None:
    members = synthetic_assembly(12, seed=8)
    plan = allocate(members, CATEGORIES, sessions=1, tables=3, effort=0.1)
    with pytest.raises(PlanError, match="not seated in session 1"):
        swap(plan, 0, "m001", "nobody")
    with pytest.raises(PlanError, match="sessions 1 to 1"):
        swap(plan, 3, "m001", "m002")
    with pytest.raises(PlanError, match="tables 1 to 3"):
        move(plan, 0, "m001", 3)
    foreign = Plan(((("m001", "zz"),),), tuple(CATEGORIES))
    with pytest.raises(PlanError, match="'zz' is not a member"):
        quality(foreign, members)


@settings(max_examples=25, deadline=None)
@given(
    size=st.integers(2, 30),
    tables=st.integers(1, 6),
    sessions=st.integers(1, 3),
    method=st.sampled_from(["optimise", "greedy", "round_robin", "random"]),
    seed=st.integers(0, 10_000),
    pins=st.dictionaries(st.integers(1, 30), st.integers(0, 5), max_size=3),
)
def test_any_feasible_input_gives_a_valid_plan(
    size: int, tables: int, sessions: int, method: str, seed: int, pins: dict[int, int]
) -> None:
    members = synthetic_assembly(size, seed=seed)
    pinned = {f"m{i:03d}": t for i, t in pins.items() if i <= size and t < tables}
    try:
        plan = allocate(
            members,
            CATEGORIES,
            sessions,
            tables,
            pinned=pinned,
            seed=seed,
            method=method,
            effort=0.1,
        )
    except (TableCountError, PinError):
        return  # more tables than members, or too many pins on one table
    assert_valid(plan, members, {})
    for member, table in pinned.items():
        assert all(plan.table_of(s, member) == table for s in range(sessions))
    q = quality(plan, members)
    assert 0.0 <= q.deviation_floor <= q.worst_deviation + 1e-12 <= 1.0 + 1e-12
