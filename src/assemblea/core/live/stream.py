"""The Server-Sent Events response a live page opens (static/assemblea/live.js reads it).

Each event is named after the element it replaces (`event: room-live`, `data:` its new
HTML); `id:` is a digest of everything the stream has sent, so a phone that reconnects with
`Last-Event-ID` (or `?last=`) gets nothing if nothing changed, else the current state at once.
An idle stream sends a comment line every HEARTBEAT_SECONDS (proxies keep it open; a few
bytes). When the browser accepts gzip, the stream is compressed with its own small deflate
window, flushed after every event (Django's GZipMiddleware would hold the bytes back until
the stream ends, so it skips responses that already carry a Content-Encoding).
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import re
import threading
import weakref
import zlib
from collections.abc import AsyncGenerator, Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, StreamingHttpResponse

from assemblea.core.live.broadcaster import Broadcaster, broadcaster

P = ParamSpec("P")
T = TypeVar("T")

HEARTBEAT_SECONDS = 25.0
HEARTBEAT = b": \n\n"
# A small deflate window per stream (8 KiB, 48 KiB of memory with memLevel 5): a fragment
# and the one before it fit, so a change costs little more than what changed.
GZIP_WBITS = 16 + 13
GZIP_MEMLEVEL = 5
# What changes in a fragment without anything happening: the CSRF token (masked anew on
# every render) and the timers (live.js counts them on: `data-clock-from` holds the start,
# the text, the "over" class and the hidden "time is up" note follow from the clock).
_VOLATILE = (
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'), ""),
    (re.compile(r'(data-clock-from="[^"]*"[^>]*>)[^<]*'), r"\1"),
    (re.compile(r'(class="room-timer) over"'), r'\1"'),
    (re.compile(r"(data-clock-over) hidden"), r"\1"),
)


@dataclass(frozen=True)
class SharedPart:
    """An element rendered once per topic change for every stream (`event` is its id)."""

    event: str
    topic: str


@dataclass(frozen=True)
class PersonalPart:
    """The member's own element: rendered for this stream only, when the key the topic's
    fragment holds for them (`key`) changed; key None: after every render of the topic."""

    event: str
    topic: str
    render: Callable[[], str]
    key: Hashable | None = None


def sse_event(event: str, data: str, event_id: str = "") -> str:
    lines = "".join(f"data: {line}\n" for line in (data.splitlines() or [""]))
    return f"event: {event}\n{lines}" + (f"id: {event_id}\n" if event_id else "") + "\n"


def stable_html(html: str) -> str:
    """The fragment without what changes by itself: a digest of this changes only when
    something happened."""
    for pattern, replacement in _VOLATILE:
        html = pattern.sub(replacement, html)
    return html


class _Encoder:
    def __init__(self, gzip: bool) -> None:
        self.compressor = (
            zlib.compressobj(6, zlib.DEFLATED, GZIP_WBITS, GZIP_MEMLEVEL) if gzip else None
        )

    def __call__(self, text: str | bytes) -> bytes:
        data = text.encode() if isinstance(text, str) else text
        if self.compressor is None:
            return data
        return self.compressor.compress(data) + self.compressor.flush(zlib.Z_SYNC_FLUSH)


def closing_connections(function: Callable[P, T]) -> Callable[P, T]:
    """Sync code a stream runs in its request's thread (the permission checks before it
    opens, a personal render): the thread's database connection is closed after, so 2,000
    idle streams do not hold 2,000 connections (except inside a test's atomic block, where
    it must stay)."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        from django.db import connections

        try:
            return function(*args, **kwargs)
        finally:
            for connection in connections.all(initialized_only=True):
                if not connection.in_atomic_block:
                    connection.close()

    return run


class _Stream:
    def __init__(
        self,
        shared: Sequence[SharedPart],
        personal: Sequence[PersonalPart],
        last_id: str,
        hub: Broadcaster,
    ) -> None:
        self.shared = shared
        self.personal = personal
        self.last_id = last_id
        self.hub = hub
        self.sent: dict[str, str] = {}  # event -> digest of what was sent
        self.keys: dict[str, Hashable] = {}  # personal event -> key it was rendered for

    def _digest(self) -> str:
        fragments = [self.hub.state(part.topic)[0] for part in self.shared]
        items = [fragment.version if fragment else "-" for fragment in fragments]
        items += [repr(self._key(part)) for part in self.personal]
        return hashlib.sha256("|".join(items).encode()).hexdigest()[:16]

    def _key(self, part: PersonalPart) -> Hashable:
        fragment, generation = self.hub.state(part.topic)
        if part.key is None:
            return ("generation", generation)
        return fragment.keys.get(part.key) if fragment else None

    async def changes(self, first: bool) -> str:
        """The events to send now (empty: nothing changed for this stream)."""
        digest = self._digest()
        if first and digest == self.last_id:
            for part in self.shared:  # the phone already shows this state
                fragment = self.hub.state(part.topic)[0]
                self.sent[part.event] = fragment.version if fragment else "-"
            for personal in self.personal:
                self.keys[personal.event] = self._key(personal)
            return ""
        events: list[tuple[str, str]] = []
        reload = False
        for part in self.shared:
            fragment = self.hub.state(part.topic)[0]
            if fragment is None:
                continue
            reload = reload or fragment.reload
            if self.sent.get(part.event) != fragment.version:
                self.sent[part.event] = fragment.version
                events.append((part.event, fragment.html))
        for personal in self.personal:
            key = self._key(personal)
            if not first and self.keys.get(personal.event) == key:
                continue
            self.keys[personal.event] = key
            html = await live_sync(personal.render)
            version = hashlib.sha256(stable_html(html).encode()).hexdigest()[:12]
            if self.sent.get(personal.event) != version:
                self.sent[personal.event] = version
                events.append((personal.event, html))
        if reload:
            events.append(("reload", ""))
        if not events:
            return ""
        last = len(events) - 1
        return "".join(
            sse_event(name, html, digest if index == last else "")
            for index, (name, html) in enumerate(events)
        )


# Streams open by the hundred at once (a room after a break): their synchronous steps (the
# permission checks, a member's own part) each take a database connection, so only this
# many run at the same time in a process; the others wait their turn, holding nothing.
SYNC_SLOTS = 4
_slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
    weakref.WeakKeyDictionary()
)


async def live_sync(function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a stream's synchronous step (ORM code) in the request's thread, a few at a time,
    its database connection closed after."""
    loop = asyncio.get_running_loop()
    slots = _slots.get(loop)
    if slots is None:
        slots = _slots[loop] = asyncio.Semaphore(SYNC_SLOTS)
    # The middleware may have opened this thread's connection (the session, the user's
    # language): not held while waiting for a slot.
    await sync_to_async(closing_connections(_nothing))()
    async with slots:
        return await sync_to_async(closing_connections(function))(*args, **kwargs)


def _nothing() -> None:
    return None


_loop_lock = threading.Lock()
_loop: asyncio.AbstractEventLoop | None = None


def _background_loop() -> asyncio.AbstractEventLoop:
    """Under WSGI (the test suite's live server, `manage runserver`) there is no event loop:
    the broadcaster runs in one of its own, in a thread, and each stream holds a thread."""
    global _loop
    with _loop_lock:
        if _loop is None:
            _loop = asyncio.new_event_loop()
            threading.Thread(target=_loop.run_forever, name="assemblea-live", daemon=True).start()
        return _loop


def _sync_events(events: AsyncGenerator[bytes, None]) -> Iterator[bytes]:
    loop = _background_loop()

    async def following() -> bytes:
        return await anext(events)

    try:
        while True:
            try:
                yield asyncio.run_coroutine_threadsafe(following(), loop).result()
            except StopAsyncIteration:
                return
    finally:
        asyncio.run_coroutine_threadsafe(events.aclose(), loop).result(timeout=10)


async def _events(stream: _Stream, encode: _Encoder) -> AsyncGenerator[bytes, None]:
    topics = {part.topic for part in stream.shared} | {part.topic for part in stream.personal}
    listener = await stream.hub.subscribe(sorted(topics))
    try:
        # First, what the phone does not have yet (and the reconnection delay the browser's
        # own EventSource would use).
        yield encode("retry: 5000\n\n" + await stream.changes(first=True))
        while True:
            try:
                await asyncio.wait_for(listener.wake.wait(), HEARTBEAT_SECONDS)
            except TimeoutError:
                yield encode(HEARTBEAT)
                continue
            listener.wake.clear()
            text = await stream.changes(first=False)
            if text:
                yield encode(text)
    finally:
        stream.hub.unsubscribe(listener)


def live_stream(
    request: HttpRequest,
    *,
    shared: Sequence[SharedPart] = (),
    personal: Sequence[PersonalPart] = (),
    hub: Broadcaster | None = None,
) -> StreamingHttpResponse:
    """The event stream of a live page. Call it from an async view, after the permission
    checks (done with sync_to_async)."""
    last_id = str(request.headers.get("Last-Event-ID") or request.GET.get("last", ""))[:64]
    gzip = "gzip" in request.headers.get("Accept-Encoding", "")
    stream = _Stream(shared, personal, last_id, hub or broadcaster)
    events = _events(stream, _Encoder(gzip))
    content = events if isinstance(request, ASGIRequest) else _sync_events(events)
    response = StreamingHttpResponse(content, content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-cache, no-transform"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    response["Vary"] = "Accept-Encoding, Cookie"
    if gzip:
        response["Content-Encoding"] = "gzip"
    return response
