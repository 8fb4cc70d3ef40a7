"""Speakers' list: rules, queue-jumping kinds, speaking-time summary; property tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assemblea.engines.speakers import (
    NOT_IN_ROOM,
    Kind,
    Order,
    QueueEntry,
    Rule,
    SpeakersError,
    Spoken,
    Turn,
    format_summary,
    history_from_turns,
    order_queue,
    speaking_summary,
    summary_rows,
    under_represented,
)

WOMAN, MAN = {"gender": "woman"}, {"gender": "man"}


def entry(member: str, at: float, kind: Kind = Kind.SPEAK, **values: str) -> QueueEntry:
    return QueueEntry(member, at, kind, values)


def members(queue: list[QueueEntry]) -> list[str]:
    return [e.member for e in queue]


def test_fifo_with_points_of_order_and_direct_responses_first() -> None:
    queue = [
        entry("a", 1),
        entry("b", 2, Kind.DIRECT_RESPONSE),
        entry("c", 3),
        entry("d", 4, Kind.POINT_OF_ORDER),
        entry("e", 5, Kind.CLARIFYING_QUESTION),
        entry("f", 0.5, Kind.DIRECT_RESPONSE),
    ]
    assert members(order_queue(queue)) == ["d", "f", "b", "e", "a", "c"]
    plain = Rule(jump=(Kind.POINT_OF_ORDER, Kind.DIRECT_RESPONSE, Kind.CLARIFYING_QUESTION))
    assert order_queue(queue, plain) == order_queue(queue, "fifo")


def test_alternate_by_gender_longest_waiting_within_each() -> None:
    queue = [
        entry("m1", 1, gender="man"),
        entry("m2", 2, gender="man"),
        entry("m3", 3, gender="man"),
        entry("w1", 4, gender="woman"),
        entry("w2", 5, gender="woman"),
        entry("x", 6),
    ]
    rule = Rule(order=Order.ALTERNATE, category="gender")
    assert members(order_queue(queue, rule)) == ["m1", "w1", "m2", "w2", "m3", "x"]
    # The last speaker was a man: a woman speaks next.
    after_man = order_queue(queue, rule, room={"z": MAN}, previous="z")
    assert members(after_man) == ["w1", "m1", "w2", "m2", "x", "m3"]


def test_progressive_fewest_turns_then_least_time_then_earliest() -> None:
    queue = [entry("a", 1), entry("b", 2), entry("c", 3), entry("d", 4), entry("e", 5)]
    history = {"a": Spoken(120, 2), "b": Spoken(30, 1), "c": Spoken(10, 1), "e": Spoken(0, 0)}
    assert members(order_queue(queue, "progressive", history)) == ["d", "e", "c", "b", "a"]


def test_progressive_boosts_named_values_by_one_turn() -> None:
    queue = [
        entry("m0", 1, gender="man"),
        entry("w1", 2, gender="woman"),
        entry("m1", 3, gender="man"),
        entry("w2", 4, gender="woman"),
    ]
    history = {"w1": Spoken(60, 1), "m1": Spoken(5, 1), "w2": Spoken(90, 2)}
    rule = Rule(order=Order.PROGRESSIVE, boost={"gender": {"woman"}})
    # w1 counts 0 turns (ties with m0 who has not spoken; m0 has less time); w2 counts 1.
    assert members(order_queue(queue, rule, history)) == ["m0", "w1", "m1", "w2"]


def test_progressive_boosts_groups_under_their_room_share() -> None:
    room = {"w1": WOMAN, "w2": WOMAN, "m1": MAN, "m2": MAN}
    history = history_from_turns([Turn("m1", 200), Turn("w1", 50)])
    assert under_represented(history, room, "gender") == {"woman"}
    assert under_represented({}, room, "gender") == set()
    queue = [entry("m2", 1, gender="man"), entry("w1", 2, gender="woman")]
    queue.append(entry("w2", 3, gender="woman"))
    rule = Rule(order=Order.PROGRESSIVE, boost_under_represented="gender")
    # w2 counts -1 turns, m2 0 turns and 0 s, w1 0 turns (boosted) but 50 s.
    assert members(order_queue(queue, rule, history, room)) == ["w2", "m2", "w1"]
    with pytest.raises(SpeakersError, match="room"):
        order_queue(queue, rule, history)


def test_datetimes_and_strings_are_accepted() -> None:
    start = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    queue = [
        QueueEntry("b", start + timedelta(seconds=5), "speak"),  # type: ignore[arg-type]
        QueueEntry("a", start, "point_of_order"),  # type: ignore[arg-type]
    ]
    assert members(order_queue(queue, "fifo")) == ["a", "b"]
    assert queue[1].kind is Kind.POINT_OF_ORDER


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: order_queue([], "loudest"), "unknown rule 'loudest'"),
        (lambda: order_queue([], Rule(order=Order.ALTERNATE)), "needs a category"),
        (lambda: QueueEntry("a", 1, "shout"), "unknown kind of request 'shout'"),  # type: ignore[arg-type]
        (lambda: Rule(jump=(Kind.SPEAK,)), "cannot jump"),
        (lambda: order_queue([entry("a", 1, Kind.DIRECT_RESPONSE)], Rule(jump=())), "jump list"),
        (
            lambda: order_queue(
                [], Rule(order=Order.ALTERNATE, category="gender"), previous="ghost"
            ),
            "previous speaker 'ghost'",
        ),
        (lambda: history_from_turns([Turn("a", -3)]), "-3 seconds"),
    ],
)
def test_bad_input_is_a_value_error(call: object, message: str) -> None:
    with pytest.raises(SpeakersError, match=message) as raised:
        call()  # type: ignore[operator]
    assert isinstance(raised.value, ValueError)


def test_speaking_summary_against_the_room() -> None:
    room = {
        "w1": {"gender": "woman", "housing": "renter"},
        "w2": {"gender": "woman", "housing": "owner"},
        "w3": {"gender": "woman", "housing": "owner"},
        "m1": {"gender": "man", "housing": "owner"},
    }
    turns = [Turn("m1", 300), Turn("w1", 60), Turn("m1", 120), Turn("guest", 120)]
    shares = {(s.category, s.value): s for s in speaking_summary(turns, room)}
    man, woman = shares["gender", "man"], shares["gender", "woman"]
    assert (man.seconds, man.turns, man.speakers) == (420, 2, 1)
    assert man.time_share == pytest.approx(0.7)
    assert man.room_share == pytest.approx(0.25)
    assert man.ratio == pytest.approx(2.8)
    assert woman.ratio == pytest.approx(0.1 / 0.75)
    guest = shares["gender", NOT_IN_ROOM]
    assert guest.ratio is None and guest.room_members == 0
    assert shares["housing", "owner"].seconds == 420
    assert [s.value for s in speaking_summary(turns, room, ["gender"])] == [
        "woman",
        "man",
        NOT_IN_ROOM,
    ]
    rows = summary_rows(speaking_summary(turns, room, ["gender"]))
    assert rows[1] == ("gender", "man", "7:00", "2", "70%", "25%", "2.80")
    text = format_summary(speaking_summary(turns, room, ["gender"]))
    assert text.splitlines()[0].startswith("category")
    assert "–" in text


def test_summary_of_a_silent_session() -> None:
    shares = speaking_summary([], {"a": WOMAN})
    assert [(s.value, s.time_share, s.ratio) for s in shares] == [("woman", 0.0, 0.0)]


# Property tests -------------------------------------------------------------------------------

KINDS = st.sampled_from(list(Kind))
ENTRIES = st.lists(
    st.builds(
        QueueEntry,
        member=st.sampled_from([f"p{i}" for i in range(8)]),
        requested_at=st.integers(0, 20).map(float),
        kind=KINDS,
        values=st.fixed_dictionaries({"gender": st.sampled_from(["woman", "man", "non-binary"])}),
    ),
    max_size=15,
)
HISTORY = st.dictionaries(
    st.sampled_from([f"p{i}" for i in range(8)]),
    st.builds(Spoken, st.integers(0, 600).map(float), st.integers(0, 4)),
)
RULES = st.sampled_from(
    [
        Rule(),
        Rule(order=Order.ALTERNATE, category="gender"),
        Rule(order=Order.PROGRESSIVE),
        Rule(order=Order.PROGRESSIVE, boost={"gender": {"woman"}}),
    ]
)


def same_entries(a: list[QueueEntry], b: list[QueueEntry]) -> bool:
    return sorted(map(id, a)) == sorted(map(id, b))


@given(ENTRIES, RULES, HISTORY)
def test_order_is_a_permutation_with_points_of_order_first(
    entries: list[QueueEntry], rule: Rule, history: dict[str, Spoken]
) -> None:
    ordered = order_queue(entries, rule, history)
    assert same_entries(ordered, entries)
    kinds = [e.kind for e in ordered]
    n_order = kinds.count(Kind.POINT_OF_ORDER)
    assert kinds[:n_order] == [Kind.POINT_OF_ORDER] * n_order
    rank = {kind: i for i, kind in enumerate(rule.jump)}
    jumping = [rank[k] for k in kinds if k in rank]
    assert jumping == sorted(jumping)
    assert kinds[: len(jumping)] == [k for k in kinds if k in rank]
    assert order_queue(list(reversed(entries)), rule, history) == ordered or any(
        a.member == b.member and a.requested_at == b.requested_at and a.kind == b.kind
        for i, a in enumerate(entries)
        for b in entries[i + 1 :]
    )


@given(ENTRIES, HISTORY)
def test_progressive_puts_those_who_have_not_spoken_first(
    entries: list[QueueEntry], history: dict[str, Spoken]
) -> None:
    speakers = [e for e in order_queue(entries, "progressive", history) if e.kind == Kind.SPEAK]
    spoken = [history.get(e.member, Spoken()).turns > 0 for e in speakers]
    assert spoken == sorted(spoken)


@given(ENTRIES)
def test_fifo_preserves_request_order(entries: list[QueueEntry]) -> None:
    speakers = [e for e in order_queue(entries, "fifo") if e.kind == Kind.SPEAK]
    times = [e.requested_at for e in speakers]
    assert times == sorted(times)


@given(ENTRIES)
def test_alternate_switches_value_while_others_wait(entries: list[QueueEntry]) -> None:
    rule = Rule(order=Order.ALTERNATE, category="gender")
    speakers = [e for e in order_queue(entries, rule) if e.kind == Kind.SPEAK]
    for i in range(1, len(speakers)):
        if speakers[i].values == speakers[i - 1].values:
            rest = {e.values["gender"] for e in speakers[i:]}
            assert rest == {speakers[i].values["gender"]}
