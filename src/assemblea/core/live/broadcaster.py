"""The per-process broadcaster: one asyncio object per app process that knows, for each topic
("room:12", "poll:5", "run:7"), the latest shared fragment and which open streams follow it.

A change to a topic (from this process's own commit, or from another process through the
PostgreSQL bridge) marks the topic dirty; the broadcaster renders its shared fragment once
(in a worker thread: renderers read the database), at most once every MIN_INTERVAL seconds
per topic, and wakes every stream that follows it. A stream only ever reads the latest state
of its topics, so a slow phone skips intermediate states rather than queueing them, and none
is missed: the last one always arrives.
"""

from __future__ import annotations

import asyncio
import contextvars
import hashlib
import logging
import threading
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from asgiref.sync import sync_to_async

logger = logging.getLogger("assemblea.live")

# At most one render of a topic this often (seconds): 2,000 votes in 10 s re-render the
# room's turnout twice a second, not 2,000 times. A change after a quiet spell (the next
# speaker) is rendered at once. (0.25 s measured: each burst re-render is pushed to every
# stream, which starved the ballots themselves at 2,000 phones on two busy cores.)
MIN_INTERVAL = 0.5
# How long the first stream of a process waits for the listening connection (seconds).
READY_SECONDS = 3.0


@dataclass(frozen=True)
class Fragment:
    """A topic's shared part, rendered once per change for every stream that shows it.

    `keys` maps whoever has a personal part on the page (a seat id) to what their own part
    depends on: a stream re-renders its member's part only when their key changed."""

    html: str
    keys: Mapping[Hashable, Hashable] = field(default_factory=dict)
    reload: bool = False  # the page should reload (e.g. the run it shows has ended)

    @property
    def version(self) -> str:
        return version_of(self.html)


def version_of(html: str) -> str:
    from assemblea.core.live.stream import stable_html

    return hashlib.sha256(stable_html(html).encode()).hexdigest()[:12]


Renderer = Callable[[str], Fragment | None]
_RENDERERS: dict[str, Renderer] = {}


def live_topic_register(kind: str, renderer: Renderer) -> None:
    """An app says how to render the shared part of its topics `kind:<id>` (sync code, run
    in a worker thread; None: the topic is gone, e.g. the session was deleted)."""
    _RENDERERS[kind] = renderer


def topic_in(topic: str, language: str) -> str:
    """The topic as rendered in one language ("room:12@es"): a change to "room:12" reaches
    every language's variant."""
    return f"{topic}@{language}"


def topic_render(topic: str) -> Fragment | None:
    """The fragment of a topic, freshly rendered (in its language, when it names one)."""
    from django.utils import translation

    base, _, language = topic.partition("@")
    kind, _, _ = base.partition(":")
    renderer = _RENDERERS.get(kind)
    if renderer is None:
        raise LookupError(f"no live renderer registered for {kind!r}")
    if not language:
        return renderer(base)
    with translation.override(language):
        return renderer(base)


class Listener:
    """One stream's view of its topics: woken when any of them has a new fragment."""

    def __init__(self, topics: Iterable[str]) -> None:
        self.topics = tuple(topics)
        self.wake = asyncio.Event()

    def notify(self) -> None:
        self.wake.set()


@dataclass
class _Topic:
    fragment: Fragment | None = None
    generation: int = 0  # how many renders this process made (a change, even if same html)
    listeners: set[Listener] = field(default_factory=set)
    dirty: bool = False
    rendering: asyncio.Task[None] | None = None
    last_render: float = 0.0


class Broadcaster:
    def __init__(self) -> None:
        self.loop: asyncio.AbstractEventLoop | None = None
        self.ready = asyncio.Event()  # set once the bridges listen (or there are none)
        self.topics: dict[str, _Topic] = {}
        self.bridges: list[Callable[[Broadcaster], Any]] = []
        self._bridge_tasks: list[asyncio.Task[None]] = []
        self._lock = threading.Lock()
        self.renders = 0  # for the tests and the benchmark

    # Streams (in the event loop).

    async def subscribe(self, topics: Iterable[str]) -> Listener:
        self._bind()
        if not self.ready.is_set():
            # The first stream of the process waits for the listening connection, so no
            # change falls between its first render and the LISTEN.
            try:
                await asyncio.wait_for(asyncio.shield(self.ready.wait()), READY_SECONDS)
            except TimeoutError:
                logger.warning("live: the listening connection is not ready; going on")
        listener = Listener(topics)
        for name in listener.topics:
            topic = self.topics.setdefault(name, _Topic())
            topic.listeners.add(listener)
            if topic.fragment is None:
                if topic.rendering is None:
                    topic.dirty = True
                    topic.rendering = self._spawn(self._render_soon(name, topic))
                await asyncio.shield(topic.rendering)
        return listener

    def unsubscribe(self, listener: Listener) -> None:
        for name in listener.topics:
            topic = self.topics.get(name)
            if topic is None:
                continue
            topic.listeners.discard(listener)
            if not topic.listeners and topic.rendering is None:
                # Nobody in this process shows it: forget it (a later stream renders anew).
                del self.topics[name]

    def state(self, name: str) -> tuple[Fragment | None, int]:
        topic = self.topics.get(name)
        return (topic.fragment, topic.generation) if topic else (None, 0)

    # Changes.

    def publish(self, name: str) -> None:
        """In the loop: the topic changed (after a commit), in every language. Topics no
        stream of this process shows cost nothing."""
        for full, topic in list(self.topics.items()):
            if full != name and full.partition("@")[0] != name:
                continue
            topic.dirty = True
            if topic.rendering is None:
                topic.rendering = self._spawn(self._render_soon(full, topic))

    def publish_all(self) -> None:
        """After the bridge reconnected: anything may have changed meanwhile."""
        for name in list(self.topics):
            self.publish(name)

    def publish_threadsafe(self, name: str) -> None:
        """From any thread (a view's on_commit callback, a task): wake the loop."""
        loop = self.loop
        if loop is None or loop.is_closed():
            return  # no stream ever opened in this process: nobody to tell
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self.publish(name)
        else:
            loop.call_soon_threadsafe(self.publish, name)

    # Inside.

    def _bind(self) -> None:
        loop = asyncio.get_running_loop()
        if self.loop is loop:
            return
        with self._lock:
            self.loop = loop
            self.topics = {}
            self.ready = asyncio.Event()
            if not self.bridges:
                self.ready.set()
            self._bridge_tasks = [self._spawn(bridge(self)) for bridge in self.bridges]

    def _spawn(self, coroutine: Any) -> asyncio.Task[None]:
        # A fresh context: not the request's that happened to open the first stream (its
        # thread-sensitive executor ends with that request).
        assert self.loop is not None
        return self.loop.create_task(coroutine, context=contextvars.Context())

    async def _render_soon(self, name: str, topic: _Topic) -> None:
        try:
            while topic.dirty:
                assert self.loop is not None
                wait = topic.last_render + MIN_INTERVAL - self.loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                await self._render(name, topic)
        finally:
            topic.rendering = None
            if not topic.listeners and self.topics.get(name) is topic:
                del self.topics[name]

    async def _render(self, name: str, topic: _Topic) -> None:
        assert self.loop is not None
        topic.dirty = False
        topic.last_render = self.loop.time()
        try:
            fragment = await sync_to_async(_render_closing, thread_sensitive=False)(name)
        except Exception:  # a broken renderer must not stop the other topics
            logger.exception("live: rendering %s failed", name)
            return
        self.renders += 1
        topic.fragment = fragment
        topic.generation += 1
        for listener in list(topic.listeners):
            listener.notify()


def _render_closing(name: str) -> Fragment | None:
    """Render in a worker thread, with a database connection that is not left broken."""
    from django.db import close_old_connections

    close_old_connections()
    return topic_render(name)


broadcaster = Broadcaster()
