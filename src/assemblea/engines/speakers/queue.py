"""The speakers' list of an agenda item, ordered by the assembly's rule."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TypeVar

E = TypeVar("E", bound=StrEnum)

#: The value used when a member has no value for a category.
NOT_GIVEN = "(not given)"


class SpeakersError(ValueError):
    """Bad input to the speakers engine, with a message the chair's team can act on."""


class Kind(StrEnum):
    """Why a member joins the queue."""

    SPEAK = "speak"
    POINT_OF_ORDER = "point_of_order"
    DIRECT_RESPONSE = "direct_response"
    CLARIFYING_QUESTION = "clarifying_question"


class Order(StrEnum):
    """How the ordinary speakers (kind `speak`) are ordered."""

    FIFO = "fifo"
    ALTERNATE = "alternate"
    PROGRESSIVE = "progressive"


#: Kinds that jump the queue, in this order, each first come first served.
DEFAULT_JUMP = (Kind.POINT_OF_ORDER, Kind.DIRECT_RESPONSE, Kind.CLARIFYING_QUESTION)


@dataclass(frozen=True)
class QueueEntry:
    """A request to speak. `requested_at` is a datetime or seconds (any common origin);
    `values` are the member's category values, e.g. {"gender": "woman", "housing": "renter"}."""

    member: str
    requested_at: float | datetime
    kind: Kind = Kind.SPEAK
    values: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", _enum(Kind, self.kind, "kind of request"))


@dataclass(frozen=True)
class Spoken:
    """What a member has said so far in the session or item: seconds and number of turns."""

    seconds: float = 0.0
    turns: int = 0


@dataclass(frozen=True)
class Rule:
    """The assembly's rule for the ordinary speakers.

    * `order`: fifo (first come first served), alternate (by the values of `category`: the next
      speaker's value differs from the previous speaker's when anyone waiting has another
      value; among those, the one waiting longest) or progressive (fewest turns first, then
      fewest seconds, then earliest request).
    * `boost` (progressive): category -> values whose members count as having spoken one turn
      fewer, e.g. {"gender": {"woman", "non-binary"}}.
    * `boost_under_represented` (progressive): a category; values whose share of the speaking
      time so far is below their share of the room are boosted in the same way (needs `room`).
    * `jump`: kinds that come before the ordinary list, in this order.
    """

    order: Order = Order.FIFO
    category: str | None = None
    boost: Mapping[str, Collection[str]] = field(default_factory=dict)
    boost_under_represented: str | None = None
    jump: tuple[Kind, ...] = DEFAULT_JUMP

    def __post_init__(self) -> None:
        object.__setattr__(self, "order", _enum(Order, self.order, "rule"))
        jump = tuple(_enum(Kind, kind, "kind of request") for kind in self.jump)
        object.__setattr__(self, "jump", jump)
        if self.order == Order.ALTERNATE and not self.category:
            raise SpeakersError("the alternate rule needs a category to alternate on, e.g. gender")
        if Kind.SPEAK in jump:
            raise SpeakersError("ordinary speakers cannot jump the queue; list only other kinds")
        if len(set(jump)) != len(jump):
            raise SpeakersError("a kind is listed twice in the rule's jump list")


def _enum(enum: type[E], value: object, what: str) -> E:
    """`value` as a member of `enum` (strings from a form or database are accepted)."""
    try:
        return enum(str(value))
    except ValueError:
        names = ", ".join(member.value for member in enum)
        raise SpeakersError(f"unknown {what} {value!r}; choose one of {names}") from None


def order_queue(
    entries: Sequence[QueueEntry],
    rule: Rule | Order | str = Order.FIFO,
    history: Mapping[str, Spoken] | None = None,
    room: Mapping[str, Mapping[str, str]] | None = None,
    previous: str | None = None,
) -> list[QueueEntry]:
    """The queue in speaking order: the jumping kinds first (`rule.jump`, each by request
    time), then the ordinary speakers by `rule`.

    `history` maps member id to what they have said so far (absent: nothing); `room` maps the
    ids of the members present to their category values (for `boost_under_represented`);
    `previous` is the member who spoke last (for `alternate`). Ties are broken by request time,
    then member id, then position in `entries`, so the order is deterministic.
    """
    rule = _rule(rule)
    history = history or {}
    kinds = {entry.kind for entry in entries}
    for kind in kinds - {Kind.SPEAK, *rule.jump}:
        raise SpeakersError(
            f"entries of kind {kind.value!r} neither jump the queue nor are ordinary speakers; "
            f"add it to the rule's jump list"
        )
    ordered: list[QueueEntry] = []
    for kind in rule.jump:
        ordered += _fifo(e for e in entries if e.kind == kind)
    speakers = [e for e in entries if e.kind == Kind.SPEAK]
    if rule.order == Order.FIFO:
        ordered += _fifo(speakers)
    elif rule.order == Order.ALTERNATE:
        ordered += _alternate(speakers, rule, room, previous, entries)
    else:
        ordered += _progressive(speakers, rule, history, room)
    return ordered


def _rule(rule: Rule | Order | str) -> Rule:
    return rule if isinstance(rule, Rule) else Rule(order=_enum(Order, rule, "rule"))


def _time(entry: QueueEntry) -> float:
    at = entry.requested_at
    return at.timestamp() if isinstance(at, datetime) else float(at)


def _fifo(entries: Iterable[QueueEntry]) -> list[QueueEntry]:
    return sorted(entries, key=lambda e: (_time(e), e.member))


def value_of(values: Mapping[str, str], category: str) -> str:
    value = values.get(category, "")
    return value.strip() or NOT_GIVEN


def _alternate(
    speakers: list[QueueEntry],
    rule: Rule,
    room: Mapping[str, Mapping[str, str]] | None,
    previous: str | None,
    entries: Sequence[QueueEntry],
) -> list[QueueEntry]:
    assert rule.category is not None
    category = rule.category
    waiting: dict[str, list[QueueEntry]] = {}
    for entry in _fifo(speakers):
        waiting.setdefault(value_of(entry.values, category), []).append(entry)
    last = _previous_value(previous, category, room, entries)
    ordered = []
    while waiting:
        others = [v for v in waiting if v != last] or list(waiting)
        value = min(others, key=lambda v: (_time(waiting[v][0]), waiting[v][0].member, v))
        ordered.append(waiting[value].pop(0))
        if not waiting[value]:
            del waiting[value]
        last = value
    return ordered


def _previous_value(
    previous: str | None,
    category: str,
    room: Mapping[str, Mapping[str, str]] | None,
    entries: Sequence[QueueEntry],
) -> str | None:
    if previous is None:
        return None
    if room is not None and previous in room:
        return value_of(room[previous], category)
    for entry in entries:
        if entry.member == previous:
            return value_of(entry.values, category)
    raise SpeakersError(
        f"the previous speaker {previous!r} is neither in the room nor in the queue, so their "
        f"{category} is unknown"
    )


def _progressive(
    speakers: list[QueueEntry],
    rule: Rule,
    history: Mapping[str, Spoken],
    room: Mapping[str, Mapping[str, str]] | None,
) -> list[QueueEntry]:
    boosted = {category: set(values) for category, values in rule.boost.items()}
    if rule.boost_under_represented:
        if room is None:
            raise SpeakersError("boosting under-represented groups needs the room's members")
        category = rule.boost_under_represented
        under = under_represented(history, room, category)
        boosted[category] = boosted.get(category, set()) | under

    def key(entry: QueueEntry) -> tuple[int, float, float, str]:
        spoken = history.get(entry.member, Spoken())
        boost = any(value_of(entry.values, c) in values for c, values in boosted.items())
        return (spoken.turns - int(boost), spoken.seconds, _time(entry), entry.member)

    return sorted(speakers, key=key)


def under_represented(
    history: Mapping[str, Spoken], room: Mapping[str, Mapping[str, str]], category: str
) -> set[str]:
    """Values of `category` whose share of the speaking time so far is below their share of
    the room (none before anyone has spoken)."""
    total = sum(history.get(member, Spoken()).seconds for member in room)
    if total <= 0 or not room:
        return set()
    seconds: dict[str, float] = {}
    members: dict[str, int] = {}
    for member, values in room.items():
        value = value_of(values, category)
        members[value] = members.get(value, 0) + 1
        seconds[value] = seconds.get(value, 0.0) + history.get(member, Spoken()).seconds
    return {v for v in members if seconds[v] / total < members[v] / len(room) - 1e-12}
