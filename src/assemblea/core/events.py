"""Recording and describing events. Each domain app registers how its verbs read."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.functional import Promise

from assemblea.core.chain import ChainReport, chain_check, event_hash_of, json_normalized
from assemblea.core.models import Event

Describer = Callable[[Mapping[str, Any]], str]
_DESCRIPTIONS: dict[str, Promise | Describer] = {}


def register_verbs(descriptions: Mapping[str, Promise | Describer]) -> None:
    """Declare how verbs read on public timelines (a lazy string with %(name)s fields)."""
    _DESCRIPTIONS.update(descriptions)


def event_record(
    *,
    stream: str,
    verb: str,
    actor: Any = None,
    data: Mapping[str, Any] | None = None,
    public: bool = True,
) -> Event:
    if verb not in _DESCRIPTIONS:
        raise ValueError(f"unregistered event verb {verb!r}")
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


def event_describe(event: Event) -> str:
    """The event in the reader's language. Old events whose data no longer fits the current
    description fall back to the verb: the log is permanent, descriptions evolve."""
    description = _DESCRIPTIONS.get(event.verb)
    if description is None:
        return event.verb
    try:
        if callable(description):
            return str(description(event.data))
        return str(str(description) % event.data)
    except (KeyError, TypeError, ValueError):
        return event.verb
