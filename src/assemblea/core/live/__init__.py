"""Live pages: changes pushed to open pages over Server-Sent Events (docs/live.md).

Services call `live_changed("room:12")` inside their transaction; apps register how each
kind of topic renders (`live_topic_register`); their stream views return `live_stream(...)`
and their fragment views `live_conditional(...)` (the polling fallback, 304 when unchanged).
"""

from assemblea.core.live.bridge import live_changed, pg_listen
from assemblea.core.live.broadcaster import (
    Broadcaster,
    Fragment,
    broadcaster,
    live_topic_register,
    topic_in,
    topic_render,
    version_of,
)
from assemblea.core.live.conditional import POLL_SECONDS, live_conditional, live_etag
from assemblea.core.live.stream import (
    HEARTBEAT_SECONDS,
    PersonalPart,
    SharedPart,
    closing_connections,
    live_stream,
    live_sync,
    sse_event,
)

broadcaster.bridges.append(pg_listen)

__all__ = [
    "HEARTBEAT_SECONDS",
    "POLL_SECONDS",
    "Broadcaster",
    "Fragment",
    "PersonalPart",
    "SharedPart",
    "broadcaster",
    "closing_connections",
    "live_changed",
    "live_conditional",
    "live_etag",
    "live_stream",
    "live_sync",
    "live_topic_register",
    "pg_listen",
    "sse_event",
    "topic_in",
    "topic_render",
    "version_of",
]
