"""How a change reaches the broadcaster of every app process.

* PostgreSQL: the service's transaction runs `SELECT pg_notify('assemblea_live', topic)`.
  PostgreSQL delivers it when (and only if) the transaction commits, to every connection that
  listens: one per app process (`pg_listen`, psycopg 3's async `notifies()`), opened the
  first time a stream opens in that process. A task worker's change reaches the app processes
  the same way.
* Any other database (SQLite, the embedded default: one process): the change is signalled to
  this process's broadcaster after the commit (`transaction.on_commit`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import connections, transaction

if TYPE_CHECKING:
    from assemblea.core.live.broadcaster import Broadcaster

logger = logging.getLogger("assemblea.live")

CHANNEL = "assemblea_live"
# PostgreSQL's limit for a payload is 8,000 bytes; topics are a few dozen.
TOPIC_MAX = 200


def live_changed(*topics: str, using: str = "default") -> None:
    """A service changed what these topics show: every stream that shows them updates after
    the commit, in every app process (nothing is sent if the transaction rolls back)."""
    names = [topic for topic in dict.fromkeys(topics) if topic and len(topic) <= TOPIC_MAX]
    if not names:
        return
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for name in names:
                cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, name])
        return
    transaction.on_commit(lambda: _signal(names), using=using)


def _signal(names: Iterable[str]) -> None:
    from assemblea.core.live.broadcaster import broadcaster

    for name in names:
        broadcaster.publish_threadsafe(name)


def _conninfo(using: str = "default") -> str | None:
    """The listening connection's parameters: Django's own for this database."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return None
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    params.pop("server_side_binding", None)
    from psycopg.conninfo import make_conninfo

    kept = {key: value for key, value in params.items() if isinstance(value, str | int)}
    return make_conninfo("", **kept)


# Back-off between attempts to (re)open the listening connection, seconds.
RETRY_DELAYS = (0.5, 1, 2, 5, 10)


async def pg_listen(target: Broadcaster) -> None:
    """The process's one listening connection: forwards every notification to the
    broadcaster; reopens itself with back-off, and then refreshes every topic (a change may
    have happened while it was away)."""
    from asgiref.sync import sync_to_async

    conninfo = await sync_to_async(_conninfo, thread_sensitive=False)()
    if conninfo is None:
        target.ready.set()  # SQLite: changes are signalled in this process (on_commit)
        return
    import psycopg

    attempt = 0
    while True:
        try:
            async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as conn:
                await conn.execute(f"LISTEN {CHANNEL}")
                target.ready.set()
                if attempt:
                    target.publish_all()
                attempt = 0
                async for notify in conn.notifies():
                    target.publish(notify.payload)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # the database restarted, the network dropped...
            logger.warning("live: listening connection lost (%s); retrying", error)
        await asyncio.sleep(RETRY_DELAYS[min(attempt, len(RETRY_DELAYS) - 1)])
        attempt += 1
