"""Members, plans and the checked, numeric form of an allocation problem."""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from .errors import CategoryError, DuplicateIdError, PinError, PlanError, TableCountError

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: One session: the member ids seated at each table, table 0 first.
Session = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Member:
    """A member of the assembly: an id and a value for each category (e.g. gender: woman)."""

    id: str
    values: Mapping[str, str]


@dataclass(frozen=True)
class Plan:
    """Who sits where: `sessions[s][t]` are the member ids at table `t` in session `s`.

    Sessions and tables are numbered from 0 here; messages and the command line number them
    from 1, as people do.
    """

    sessions: tuple[Session, ...]
    categories: tuple[str, ...]
    method: str = "optimise"
    seed: int = 0

    def table_of(self, session: int, member: str) -> int | None:
        """The table of `member` in `session`, or None when they are absent."""
        for table, seated in enumerate(self.sessions[session]):
            if member in seated:
                return table
        return None

    def rows(self) -> list[tuple[int, int, str]]:
        """(session, table, member id) for every seat, 1-based as printed and written to CSV."""
        return [
            (s + 1, t + 1, member)
            for s, session in enumerate(self.sessions)
            for t, seated in enumerate(session)
            for member in seated
        ]


def seed_int(seed: int | str) -> int:
    """An integer seed from an int or any text (e.g. numbers read out at a public event)."""
    if isinstance(seed, int):
        return seed
    return int.from_bytes(hashlib.sha256(seed.strip().encode("utf-8")).digest()[:8], "big")


@dataclass
class Encoded:
    """Members as numbers: `onehot[i, v]` is 1 when member i has value v (values of all
    categories side by side; category c owns columns `offsets[c]:offsets[c + 1]`)."""

    ids: list[str]
    index: dict[str, int]
    categories: tuple[str, ...]
    values: list[list[str]]
    codes: IntArray
    onehot: FloatArray
    offsets: list[int]


def encode(
    members: Sequence[Member],
    categories: Sequence[str] | Mapping[str, Collection[str]],
) -> Encoded:
    """Check members against the categories and one-hot encode their values.

    `categories` is a list of category names (values are those the members have) or a mapping
    from name to the allowed values, when any other value is an error.
    """
    names = tuple(categories)
    if not names:
        raise CategoryError("give at least one category to balance the tables on")
    if len(set(names)) != len(names):
        raise CategoryError(f"a category is named twice: {', '.join(names)}")
    allowed = categories if isinstance(categories, Mapping) else None
    ids = [member.id for member in members]
    index: dict[str, int] = {}
    for i, member_id in enumerate(ids):
        if not isinstance(member_id, str) or not member_id.strip():
            raise DuplicateIdError(f"member number {i + 1} has an empty id")
        if member_id in index:
            raise DuplicateIdError(f"member id {member_id!r} appears more than once")
        index[member_id] = i
    values: list[list[str]] = []
    for name in names:
        seen = [_value(member, name) for member in members]
        if allowed is not None:
            permitted = [str(v) for v in allowed[name]]
            unknown = sorted({v for v in seen if v not in permitted})
            if unknown:
                who = next(m.id for m, v in zip(members, seen, strict=True) if v == unknown[0])
                raise CategoryError(
                    f"category {name!r}: unknown value {unknown[0]!r} (member {who!r}); "
                    f"allowed values are {', '.join(map(repr, permitted))}"
                )
            values.append(list(dict.fromkeys(permitted)))
        else:
            values.append(sorted(set(seen)))
    offsets = [0]
    for vals in values:
        offsets.append(offsets[-1] + len(vals))
    codes = np.zeros((len(members), len(names)), dtype=np.int64)
    onehot = np.zeros((len(members), offsets[-1]), dtype=np.float64)
    for c, name in enumerate(names):
        position = {v: k for k, v in enumerate(values[c])}
        for i, member in enumerate(members):
            code = position[_value(member, name)]
            codes[i, c] = code
            onehot[i, offsets[c] + code] = 1.0
    return Encoded(ids, index, names, values, codes, onehot, offsets)


def _value(member: Member, category: str) -> str:
    value = member.values.get(category)
    if value is None or not str(value).strip():
        raise CategoryError(
            f"member {member.id!r} has no value for category {category!r} "
            "(use an explicit value such as 'not given')"
        )
    return str(value).strip()


@dataclass
class SessionSpec:
    """One session to seat: who is present (indices into `Encoded.ids`), table sizes, pins."""

    present: IntArray
    sizes: IntArray
    pins: dict[int, int] = field(default_factory=dict)  # member index -> table


def choose_table_count(present: int, size_range: tuple[int, int]) -> int:
    """The number of tables whose sizes (differing by at most one) fit `size_range`.

    Among the counts that fit, the one whose mean size is nearest the middle of the range; on a
    tie, fewer tables (fewer facilitators).
    """
    low, high = size_range
    if low < 1 or high < low:
        raise TableCountError(f"table size range {low} to {high} is not a valid range")
    fitting = [t for t in range(1, present + 1) if -(-present // t) <= high and present // t >= low]
    if not fitting:
        raise TableCountError(
            f"{present} members present cannot sit at tables of {low} to {high} people"
        )
    middle = (low + high) / 2
    return min(fitting, key=lambda t: (abs(present / t - middle), t))


def build_sessions(
    encoded: Encoded,
    sessions: int,
    tables: int | None,
    table_size: tuple[int, int] | None,
    pinned: Mapping[str, int],
    pinned_by_session: Mapping[int, Mapping[str, int]],
    absent: Mapping[int, Collection[str]],
) -> list[SessionSpec]:
    """Check the session settings and return each session's present members, sizes and pins."""
    if sessions < 1:
        raise TableCountError(f"the number of sessions must be at least 1, not {sessions}")
    if (tables is None) == (table_size is None):
        raise TableCountError("give either a number of tables or a table size range, not both")
    if tables is not None and tables < 1:
        raise TableCountError(f"the number of tables must be at least 1, not {tables}")
    for session in [*absent, *pinned_by_session]:
        if not 0 <= session < sessions:
            raise PinError(f"session {session + 1} does not exist (sessions are 1 to {sessions})")
    specs = []
    for s in range(sessions):
        away = set(absent.get(s, ()))
        for member_id in sorted(away):
            if member_id not in encoded.index:
                raise PinError(f"session {s + 1}: absent member {member_id!r} is not a member")
        present = np.array(
            [i for i, member_id in enumerate(encoded.ids) if member_id not in away],
            dtype=np.int64,
        )
        n = len(present)
        if tables is not None:
            count = tables
            if count > n:
                raise TableCountError(
                    f"session {s + 1}: {count} tables but only {n} members present; "
                    "use fewer tables"
                )
        else:
            assert table_size is not None
            count = choose_table_count(n, table_size)
        pins = _session_pins(encoded, s, away, count, {**pinned, **pinned_by_session.get(s, {})})
        specs.append(SessionSpec(present, _sizes(s, n, count, pins), pins))
    return specs


def _session_pins(
    encoded: Encoded, session: int, away: set[str], count: int, wanted: Mapping[str, int]
) -> dict[int, int]:
    pins: dict[int, int] = {}
    for member_id, table in wanted.items():
        if member_id not in encoded.index:
            raise PinError(f"pinned member {member_id!r} is not a member")
        if member_id in away:
            continue  # a pin holds whenever the member is there
        if not 0 <= table < count:
            raise PinError(
                f"session {session + 1}: member {member_id!r} is pinned to table {table + 1}, "
                f"but tables are 1 to {count}"
            )
        pins[encoded.index[member_id]] = table
    return pins


def _sizes(session: int, n: int, count: int, pins: Mapping[int, int]) -> IntArray:
    """Sizes differing by at most one; the larger ones go to the tables with the most pins."""
    base, extra = divmod(n, count)
    pinned = np.bincount(np.array(list(pins.values()), dtype=np.int64), minlength=count)
    order = sorted(range(count), key=lambda t: (-pinned[t], t))
    sizes = np.full(count, base, dtype=np.int64)
    sizes[order[:extra]] += 1
    for t in range(count):
        if pinned[t] > sizes[t]:
            raise PinError(
                f"session {session + 1}: {pinned[t]} members are pinned to table {t + 1}, "
                f"which seats {sizes[t]}"
            )
    return sizes


def session_assignment(encoded: Encoded, plan: Plan, session: int) -> tuple[IntArray, IntArray]:
    """(member indices present, their tables) for one session of a plan."""
    members: list[int] = []
    tables: list[int] = []
    for t, seated in enumerate(plan.sessions[session]):
        for member_id in seated:
            if member_id not in encoded.index:
                raise PlanError(f"session {session + 1}: {member_id!r} is not a member")
            members.append(encoded.index[member_id])
            tables.append(t)
    if len(set(members)) != len(members):
        raise PlanError(f"session {session + 1}: a member is seated twice")
    return np.array(members, dtype=np.int64), np.array(tables, dtype=np.int64)


def to_session(encoded: Encoded, present: Iterable[int], table: IntArray, count: int) -> Session:
    seated: list[list[str]] = [[] for _ in range(count)]
    for i, t in zip(present, table, strict=True):
        seated[int(t)].append(encoded.ids[int(i)])
    return tuple(tuple(group) for group in seated)
