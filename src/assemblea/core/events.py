"""Recording and describing events. Each domain app registers how its verbs read."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.functional import Promise

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
    return Event.objects.create(
        stream=stream, verb=verb, actor_id=actor_id, data=dict(data or {}), public=public
    )


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
