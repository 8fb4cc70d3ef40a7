"""The event log's hash chain: canonical JSON, each event's hash, and checking a stream.

Each event's hash is SHA-256 over the canonical JSON (sorted keys, no spaces, UTF-8) of its
stream, verb, actor, data, visibility, time and the hash of the previous event in the same
stream. Changing, inserting or removing an event in the middle of a stream breaks every link
after it; publishing a stream's head (its latest hash) also pins its end.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder


def canonical_json(value: Any) -> str:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, cls=DjangoJSONEncoder
    )


def json_normalized(data: Mapping[str, Any]) -> dict[str, Any]:
    """The data as it will read back from the database (dates as text, tuples as lists)."""
    normalized: dict[str, Any] = json.loads(canonical_json(dict(data)))
    return normalized


def _utc(moment: datetime.datetime) -> str:
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(
    *,
    stream: str,
    verb: str,
    actor_id: int | None,
    data: Mapping[str, Any],
    public: bool,
    occurred_at: datetime.datetime,
    previous_hash: str,
) -> str:
    payload = {
        "stream": stream,
        "verb": verb,
        "actor": actor_id,
        "data": data,
        "public": public,
        "occurred_at": _utc(occurred_at),
        "previous": previous_hash,
    }
    return hashlib.sha256(canonical_json(payload).encode()).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    stream: str
    events: int
    head: str
    broken_at: int | None = None  # id of the first event whose link or hash does not hold
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def event_hash_of(event: Any) -> str:
    """The hash an event (or a copy of one) should carry, from its own fields."""
    return event_hash(
        stream=event.stream,
        verb=event.verb,
        actor_id=event.actor_id,
        data=event.data,
        public=event.public,
        occurred_at=event.occurred_at,
        previous_hash=event.previous_hash,
    )


def chain_check(stream: str, events: Iterable[Any]) -> ChainReport:
    """Walk a stream's events in the order recorded and check every link and hash."""
    previous = ""
    count = 0
    for event in events:
        count += 1
        if event.previous_hash != previous:
            return ChainReport(
                stream, count, previous, event.id, "it does not point to the event before it"
            )
        if event.hash != event_hash_of(event):
            return ChainReport(stream, count, previous, event.id, "its content was changed")
        previous = event.hash
    return ChainReport(stream, count, previous)


# Checks beyond the chains ---------------------------------------------------------------

Check = Callable[[], list[str]]
_CHECKS: dict[str, Check] = {}


def register_check(name: str, check: Check) -> None:
    """An app's check of its records against the log (e.g. decisions: every closed poll's
    digest, counts and anchors); it returns one line per problem found, none when all hold.
    `verify_events` runs them after the chains."""
    _CHECKS[name] = check


def registered_checks() -> dict[str, Check]:
    return dict(_CHECKS)
