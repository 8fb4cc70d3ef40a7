"""Speaking time by category against each group's share of the room."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .queue import Kind, SpeakersError, Spoken, value_of

#: The value under which speakers who are not in the room are counted.
NOT_IN_ROOM = "(not in room)"


@dataclass(frozen=True)
class Turn:
    """One measured turn: who spoke, for how many seconds, and in what capacity."""

    member: str
    seconds: float
    kind: Kind = Kind.SPEAK


@dataclass(frozen=True)
class CategoryShare:
    """One line of the speaking-time table: a value of a category (e.g. gender = woman).

    `time_share` = seconds / all seconds spoken; `room_share` = members present with the value
    / members present; `ratio` = time_share / room_share (1 = as much as their share of the
    room; None when nobody in the room has the value).
    """

    category: str
    value: str
    seconds: float
    turns: int
    speakers: int
    time_share: float
    room_members: int
    room_share: float
    ratio: float | None


def history_from_turns(turns: Sequence[Turn]) -> dict[str, Spoken]:
    """Seconds and turns per member, as `order_queue` takes them."""
    history: dict[str, Spoken] = {}
    for turn in turns:
        _check(turn)
        before = history.get(turn.member, Spoken())
        history[turn.member] = Spoken(before.seconds + turn.seconds, before.turns + 1)
    return history


def speaking_summary(
    turns: Sequence[Turn],
    room: Mapping[str, Mapping[str, str]],
    categories: Sequence[str] | None = None,
) -> list[CategoryShare]:
    """Per category and value: seconds spoken, share of speaking time, share of the room.

    `room` maps the members present to their category values; `categories` defaults to every
    category any of them has, in order of appearance. Speakers not in the room (a guest, say)
    count in the total and appear under the value "(not in room)". Values come in the order of
    their room share, largest first, then by name.
    """
    if categories is None:
        categories = list(dict.fromkeys(c for values in room.values() for c in values))
    for turn in turns:
        _check(turn)
    total = sum(turn.seconds for turn in turns)
    shares: list[CategoryShare] = []
    for category in categories:
        members: dict[str, int] = {}
        for values in room.values():
            value = value_of(values, category)
            members[value] = members.get(value, 0) + 1
        seconds: dict[str, float] = dict.fromkeys(members, 0.0)
        count: dict[str, int] = dict.fromkeys(members, 0)
        speakers: dict[str, set[str]] = {value: set() for value in members}
        for turn in turns:
            value = value_of(room[turn.member], category) if turn.member in room else NOT_IN_ROOM
            seconds[value] = seconds.get(value, 0.0) + turn.seconds
            count[value] = count.get(value, 0) + 1
            speakers.setdefault(value, set()).add(turn.member)
        for value in sorted(seconds, key=lambda v: (-members.get(v, 0), v)):
            time_share = seconds[value] / total if total > 0 else 0.0
            room_share = members.get(value, 0) / len(room) if room else 0.0
            shares.append(
                CategoryShare(
                    category=category,
                    value=value,
                    seconds=seconds[value],
                    turns=count[value],
                    speakers=len(speakers[value]),
                    time_share=time_share,
                    room_members=members.get(value, 0),
                    room_share=room_share,
                    ratio=time_share / room_share if room_share > 0 else None,
                )
            )
    return shares


def _check(turn: Turn) -> None:
    if not turn.seconds >= 0:
        raise SpeakersError(f"a turn of {turn.member!r} lasts {turn.seconds} seconds")


SUMMARY_HEADER = ("category", "value", "time", "turns", "time share", "room share", "ratio")


def summary_rows(shares: Sequence[CategoryShare]) -> list[tuple[str, ...]]:
    """The speaking-time table as text cells (header `SUMMARY_HEADER`), for a page or a CSV:
    time as m:ss, shares as percentages, ratio with two decimals ("–" when undefined)."""
    return [
        (
            share.category,
            share.value,
            _clock(share.seconds),
            str(share.turns),
            f"{100 * share.time_share:.0f}%",
            f"{100 * share.room_share:.0f}%",
            "–" if share.ratio is None else f"{share.ratio:.2f}",
        )
        for share in shares
    ]


def format_summary(shares: Sequence[CategoryShare]) -> str:
    """The speaking-time table as aligned plain text."""
    rows = [SUMMARY_HEADER, *summary_rows(shares)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(SUMMARY_HEADER))]
    lines = []
    for row in rows:
        cells = [
            cell.ljust(width) if i < 2 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _clock(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"
