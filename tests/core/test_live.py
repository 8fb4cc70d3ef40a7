"""The live broadcaster, the event stream's format, and the notifier: after the commit only,
never after a rollback (docs/live.md)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import gzip
import zlib
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import RequestFactory

from assemblea.core.live import Broadcaster, Fragment, live_changed, live_topic_register
from assemblea.core.live import broadcaster as process_broadcaster
from assemblea.core.live.broadcaster import MIN_INTERVAL, topic_in
from assemblea.core.live.stream import PersonalPart, SharedPart, _Encoder, live_stream, sse_event

RENDERS: dict[str, int] = {}
STATE: dict[str, str] = {}


def _test_fragment(topic: str) -> Fragment:
    RENDERS[topic] = RENDERS.get(topic, 0) + 1
    return Fragment(html=STATE.get(topic, "<p id='t'>none</p>"), keys={7: STATE.get("key", "")})


live_topic_register("test", _test_fragment)


@pytest.fixture(autouse=True)
def fresh(django_db_blocker: Any) -> Iterator[None]:
    """Clean state, and the database unblocked: each render first closes the worker thread's
    stale connections, and a thread of the shared pool may hold one from an earlier test."""
    RENDERS.clear()
    STATE.clear()
    with django_db_blocker.unblock():
        yield


def _run(coroutine: Any) -> Any:
    """Run the scenario on an event loop of its own, in a thread of its own: a test that ran
    before in this process may have left a loop running in this thread."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, asyncio.wait_for(coroutine, 10)).result()


def test_a_change_renders_once_for_every_stream_and_wakes_them() -> None:
    async def scenario() -> None:
        hub = Broadcaster()
        listeners = [await hub.subscribe(["test:1"]) for _ in range(50)]
        assert RENDERS == {"test:1": 1}  # the first stream rendered it, the others shared it
        STATE["test:1"] = "<p id='t'>changed</p>"
        hub.publish("test:1")
        await asyncio.gather(*(listener.wake.wait() for listener in listeners))
        assert RENDERS == {"test:1": 2}  # once more, for all 50
        fragment, generation = hub.state("test:1")
        assert fragment is not None and "changed" in fragment.html and generation == 2

    _run(scenario())


def test_a_burst_of_changes_is_rendered_a_few_times_and_ends_on_the_last_state() -> None:
    async def scenario() -> None:
        hub = Broadcaster()
        listener = await hub.subscribe(["test:2"])
        for number in range(200):
            STATE["test:2"] = f"<p id='t'>{number}</p>"
            hub.publish("test:2")
            await asyncio.sleep(0.002)
        await asyncio.sleep(MIN_INTERVAL * 2 + 0.2)
        fragment, _ = hub.state("test:2")
        assert fragment is not None and fragment.html == "<p id='t'>199</p>"  # none missed
        assert RENDERS["test:2"] < 10  # coalesced, not 200 renders
        assert listener.wake.is_set()

    _run(scenario())


def test_topics_nobody_follows_cost_nothing_and_languages_are_woken_together() -> None:
    async def scenario() -> None:
        hub = Broadcaster()
        hub.publish("test:3")  # nobody here shows it: no render
        assert RENDERS == {}
        english = await hub.subscribe([topic_in("test:4", "en")])
        spanish = await hub.subscribe([topic_in("test:4", "es")])
        english.wake.clear()
        spanish.wake.clear()
        hub.publish("test:4")  # what services send: every language's variant follows
        await asyncio.wait_for(asyncio.gather(english.wake.wait(), spanish.wake.wait()), 5)
        hub.unsubscribe(english)
        hub.unsubscribe(spanish)
        await asyncio.sleep(0.05)
        assert hub.topics == {}  # forgotten once nobody follows them

    _run(scenario())


def test_the_event_format_and_the_compressed_stream() -> None:
    assert sse_event("room-live", "<p>a</p>\n<p>b</p>", "v1") == (
        "event: room-live\ndata: <p>a</p>\ndata: <p>b</p>\nid: v1\n\n"
    )
    encode = _Encoder(gzip=True)
    first, second = encode("event: x\ndata: hello\n\n"), encode(": \n\n")
    # Each event is flushed on its own: a phone decodes it at once, before the next.
    decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
    assert decoder.decompress(first) == b"event: x\ndata: hello\n\n"
    assert decoder.decompress(second) == b": \n\n"
    assert len(second) < 12  # a heartbeat costs a few bytes
    assert gzip.decompress(first + second + encode.compressor.flush())  # type: ignore[union-attr]


def _read(response: Any, chunks: int) -> list[bytes]:
    async def scenario() -> list[bytes]:
        iterator = response.streaming_content.__aiter__()
        got = [await anext(iterator) for _ in range(chunks)]
        await iterator.aclose()
        return got

    return _run(scenario())


def _asgi_request(path: str = "/stream/", **headers: str) -> Any:
    from django.core.handlers.asgi import ASGIRequest

    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "query_string": b"",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
    }
    import io

    return ASGIRequest(scope, io.BytesIO())


def test_a_stream_sends_the_state_at_once_and_nothing_when_the_phone_has_it() -> None:
    hub = Broadcaster()
    response = live_stream(_asgi_request(), shared=[SharedPart("t", "test:5")], hub=hub)
    assert response["Content-Type"].startswith("text/event-stream")
    assert response["X-Accel-Buffering"] == "no"
    (first,) = _read(response, 1)
    text = first.decode()
    assert "event: t\ndata: <p id='t'>none</p>\n" in text
    last_id = text.split("id: ")[1].split("\n")[0]
    # The same phone reconnects with what it last got: nothing to send but the retry line.
    again = live_stream(
        _asgi_request(**{"Last-Event-ID": last_id}), shared=[SharedPart("t", "test:5")], hub=hub
    )
    (first,) = _read(again, 1)
    assert first == b"retry: 5000\n\n"


def test_a_personal_part_is_rendered_again_only_when_its_key_changed() -> None:
    hub = Broadcaster()
    renders: list[int] = []

    def mine() -> str:
        renders.append(1)
        return f"<section id='you'>{STATE.get('key', '')}</section>"

    async def scenario() -> list[str]:
        response = live_stream(
            _asgi_request(),
            shared=[SharedPart("t", "test:6")],
            personal=[PersonalPart("you", "test:6", mine, key=7)],
            hub=hub,
        )
        iterator = response.streaming_content.__aiter__()
        got = [(await anext(iterator)).decode()]
        STATE["test:6"] = "<p id='t'>queue moved</p>"  # the room changed, not this member
        hub.publish("test:6")
        got.append((await anext(iterator)).decode())
        STATE["key"] = "your turn"  # now their own part changed
        hub.publish("test:6")
        got.append((await anext(iterator)).decode())
        await iterator.aclose()
        return got

    first, second, third = _run(scenario())
    assert "event: you" in first and "event: t" in first
    assert "queue moved" in second and "event: you" not in second
    assert "your turn" in third
    assert len(renders) == 2  # at the start, and when their key changed


def test_a_stream_under_wsgi_runs_on_the_background_loop() -> None:
    request = RequestFactory().get("/stream/")
    response = live_stream(request, shared=[SharedPart("t", "test:8")], hub=Broadcaster())
    iterator = iter(response.streaming_content)
    # The reconnect delay may come as a chunk of its own before the first event.
    sent = next(iterator)
    while b"event: t" not in sent and sent.startswith(b"retry:"):
        sent = next(iterator)
    assert b"event: t" in sent
    response.close()


# The notifier: PostgreSQL delivers NOTIFY on commit; elsewhere on_commit signals the process.


def _listening() -> Any:
    import psycopg

    from assemblea.core.live.bridge import _conninfo

    listener = psycopg.connect(_conninfo(), autocommit=True)
    listener.execute("LISTEN assemblea_live")
    return listener


def _heard(listener: Any) -> list[str]:
    return [note.payload for note in listener.notifies(timeout=0.5)]


@pytest.mark.django_db(transaction=True)
def test_a_change_is_announced_after_the_commit_and_not_after_a_rollback(monkeypatch) -> None:
    if connection.vendor == "postgresql":
        listener = _listening()
        try:
            with transaction.atomic():
                live_changed("room:1")
                assert _heard(listener) == []  # not before the commit
            assert _heard(listener) == ["room:1"]
            with pytest.raises(RuntimeError), transaction.atomic():
                live_changed("room:2")
                raise RuntimeError("refused")
            assert _heard(listener) == []
        finally:
            listener.close()
        return
    signalled: list[str] = []
    monkeypatch.setattr(process_broadcaster, "publish_threadsafe", signalled.append)
    with transaction.atomic():
        live_changed("room:1", "room:1")
        assert signalled == []
    assert signalled == ["room:1"]
    with pytest.raises(RuntimeError), transaction.atomic():
        live_changed("room:2")
        raise RuntimeError("refused")
    assert signalled == ["room:1"]


@pytest.mark.django_db(transaction=True)
def test_the_postgresql_bridge_wakes_this_process(monkeypatch) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the LISTEN bridge is PostgreSQL's")
    from assemblea.core.live.bridge import pg_listen

    async def scenario() -> list[str]:
        hub = Broadcaster()
        heard: list[str] = []
        monkeypatch.setattr(hub, "publish", heard.append)
        task = asyncio.create_task(pg_listen(hub))
        await asyncio.sleep(1.0)
        from asgiref.sync import sync_to_async

        await sync_to_async(live_changed, thread_sensitive=False)("room:9")
        for _ in range(50):
            if heard:
                break
            await asyncio.sleep(0.1)
        task.cancel()
        return heard

    assert _run(scenario()) == ["room:9"]
