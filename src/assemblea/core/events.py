"""Recording and describing events: the contract every app's event log follows.

Each app registers its verbs in its `ready()` (through its `events` module): the code, how it
reads on timelines, and the data keys it carries. Recording checks the data against the
declaration, so a wrong key fails where it is written, not silently when read years later.
Data holds codes, not labels: the description translates when the event is shown. For events
stored before that rule, a verb can map old English labels back to codes (`legacy`), since the
chain cannot be edited.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.functional import Promise

from assemblea.core.chain import ChainReport, chain_check, event_hash_of, json_normalized
from assemblea.core.models import Event

logger = logging.getLogger(__name__)

Describer = Callable[[Mapping[str, Any]], str]
_FIELD = re.compile(r"%\((\w+)\)")


@dataclass(frozen=True)
class Verb:
    """One kind of event. `keys` must all be in the data; `optional` may be.

    For a lazy string description, the %(name)s fields it uses are required keys already.
    `legacy` maps, per key, old stored values (English labels) to the codes stored today.
    """

    description: Promise | Describer
    keys: frozenset[str] = frozenset()
    optional: frozenset[str] = frozenset()
    legacy: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # A bare description registered without declaring keys checks only its own fields.
    declared: bool = True

    def required(self) -> frozenset[str]:
        if callable(self.description):
            return self.keys
        return self.keys | set(_FIELD.findall(str(self.description)))


_VERBS: dict[str, Verb] = {}


def verb(
    description: Promise | Describer,
    *,
    keys: Iterable[str] = (),
    optional: Iterable[str] = (),
    legacy: Mapping[str, Mapping[str, str]] | None = None,
) -> Verb:
    """Shorthand for declaring a `Verb` in an app's events module."""
    return Verb(description, frozenset(keys), frozenset(optional), dict(legacy or {}))


def register_verbs(verbs: Mapping[str, Verb | Promise | Describer]) -> None:
    """Declare an app's verbs. A bare description is a verb whose keys are its fields."""
    for code, declared in verbs.items():
        _VERBS[code] = declared if isinstance(declared, Verb) else Verb(declared, declared=False)


def registered_verbs() -> Mapping[str, Verb]:
    return dict(_VERBS)


def _check_data(code: str, data: Mapping[str, Any]) -> None:
    declared = _VERBS[code]
    missing = declared.required() - set(data)
    unknown = set(data) - declared.required() - declared.optional if declared.declared else set()
    if missing or unknown:
        raise ValueError(
            f"event {code!r}: missing keys {sorted(missing)}, undeclared keys {sorted(unknown)}"
        )


def assembly_stream(assembly_id: int) -> str:
    """The stream of everything that happens in one assembly."""
    return f"assembly:{assembly_id}"


def assembly_event_record(
    *,
    assembly: Any,
    verb: str,
    actor: Any = None,
    data: Mapping[str, Any] | None = None,
    public: bool = True,
) -> Event:
    """Record an event in an assembly's stream: the one helper every app's services use."""
    return event_record(
        stream=assembly_stream(assembly.pk), verb=verb, actor=actor, data=data, public=public
    )


def event_record(
    *,
    stream: str,
    verb: str,
    actor: Any = None,
    data: Mapping[str, Any] | None = None,
    public: bool = True,
) -> Event:
    if verb not in _VERBS:
        raise ValueError(f"unregistered event verb {verb!r}")
    _check_data(verb, data or {})
    actor_id = getattr(actor, "pk", None) if actor is not None and actor.is_authenticated else None
    payload = json_normalized(data or {})
    # No savepoint of its own: a failure here fails the service that records the event.
    with transaction.atomic(savepoint=False):
        _lock_stream(stream)
        previous = (
            Event.objects.filter(stream=stream).order_by("-id").values_list("hash", flat=True)
        ).first() or ""
        event = Event(
            stream=stream,
            verb=verb,
            actor_id=actor_id,
            data=payload,
            public=public,
            occurred_at=timezone.now(),
            previous_hash=previous,
        )
        event.hash = event_hash_of(event)
        event.save()
        return event


def _lock_stream(stream: str) -> None:
    """Serialize writers of one stream until the transaction ends, so two concurrent events
    never chain to the same predecessor. PostgreSQL: a transaction-scoped advisory lock keyed
    by the stream. SQLite has a single writer at a time already."""
    if connection.vendor == "postgresql":
        key = int.from_bytes(hashlib.sha256(stream.encode()).digest()[:8], "big", signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def event_chain_verify(stream: str) -> ChainReport:
    """Recompute a stream's chain from the stored events."""
    return chain_check(stream, Event.objects.filter(stream=stream).order_by("id").iterator())


def event_streams() -> list[str]:
    return sorted(set(Event.objects.values_list("stream", flat=True).distinct()))


def event_describe(event: Event, *, strict: bool = False) -> str:
    """The event in the reader's language.

    The log is permanent and descriptions evolve: an old event whose data no longer fits is
    shown by its code and logged as a warning (`strict` raises instead, for the tests).
    """
    declared = _VERBS.get(event.verb)
    if declared is None:
        if strict:
            raise ValueError(f"unregistered event verb {event.verb!r}")
        logger.warning("event %s: unregistered verb %s", event.pk, event.verb)
        return event.verb
    data = dict(event.data)
    for key, labels in declared.legacy.items():
        if key in data and data[key] in labels:
            data[key] = labels[data[key]]
    try:
        if callable(declared.description):
            return str(declared.description(data))
        return str(str(declared.description) % data)
    except (KeyError, TypeError, ValueError):
        if strict:
            raise
        logger.warning("event %s: data does not fit the description of %s", event.pk, event.verb)
        return event.verb
