"""Live pages at convention scale: N members' phones follow one session over Server-Sent
Events, on a throwaway PostgreSQL and the production server (`assemblea serve`: gunicorn with
uvicorn workers), loopback only; the polling design measured in the same run as the baseline.

    python bench/live.py                      # 2,000 members, 2 app processes
    python bench/live.py --members 500 --workers 2 --idle 30 --poll-seconds 10

What it does: starts PostgreSQL (as .ci/run does, on a spare port), seats the members in an
assembly in session with an item under way, a speakers' list and an open yes/no poll (the
setup of bench/votes.py, whose helpers it uses), starts `assemblea serve`, then:

1. connects every member's phone to the session page's event stream (asyncio, raw HTTP/1.1,
   gzip accepted and decoded as a phone does) and waits until each has its first state;
2. the chair calls the next speaker 20 times (POST to the chair's console, as the button
   does): for each call, the time until every stream has the new speaker; none may be missed;
3. idle: the server's CPU (app processes and PostgreSQL) and the bytes each stream receives
   while nothing happens (heartbeats), as MB per member per hour;
4. every member votes within the window while connected (bench/votes.py's checks: each vote
   accepted exactly once, the published ballots match, nothing after the close), p95 latency;
5. the baseline: the same fragments polled as before (gunicorn gthread, WSGI, 2 x 8 threads;
   `room/live/` every 1 s and `you/` every 2 s per member), 64 concurrent clients as fast as
   they go: requests per second, latency, CPU per request, bytes; how many members that
   serves, and the ratios.

Exit code 1 if a target is missed (the table says which and by how much).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import votes as vote_bench  # bench/votes.py: PostgreSQL, its setup, the CPU helpers

ROOT = Path(__file__).resolve().parents[1]
CSRF = vote_bench.CSRF
SPEAKER = re.compile(r'data-testid="now-speaking">([^<]*)<')
TURNOUT = re.compile(r"(\d+) of (\d+) have voted")


# The setup, in a child process with Django configured against the benchmark database.


def setup(members: int, late: int, queue: int) -> dict[str, Any]:
    made = vote_bench.setup(members, late)
    import datetime

    from django.utils import timezone

    from assemblea.decisions.models import Poll
    from assemblea.deliberation.models import SpeakerRequest

    poll = Poll.objects.select_related("agenda_item__session").get(pk=made["poll"])
    item, session = poll.agenda_item, poll.agenda_item.session
    now = timezone.now()
    session.status = "open"
    session.current_item = item
    session.save(update_fields=["status", "current_item"])
    item.started_at = now
    item.save(update_fields=["started_at"])
    seats = list(session.attendance.order_by("seat_id").values_list("seat_id", flat=True))
    SpeakerRequest.objects.bulk_create(
        SpeakerRequest(
            item=item,
            seat_id=seat,
            kind="speak",
            status="waiting",
            requested_at=now - datetime.timedelta(seconds=queue - index),
        )
        for index, seat in enumerate(seats[:queue])
    )
    made.update(session=session.pk, item=item.pk)
    return made


# Streaming clients.


@dataclass
class Phone:
    number: int
    cookie: str
    speakers: list[tuple[float, str]] = field(default_factory=list)
    turnout: list[tuple[float, int]] = field(default_factory=list)
    events: int = 0
    wire_bytes: int = 0
    decoded_bytes: int = 0
    connected: asyncio.Event = field(default_factory=asyncio.Event)
    error: str = ""


def _event_seen(phone: Phone, block: str, now: float) -> None:
    name = ""
    data: list[str] = []
    for line in block.split("\n"):
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            data.append(line[6:])
    if not name:
        return
    phone.events += 1
    html = "\n".join(data)
    if name == "room-live":
        found = SPEAKER.search(html)
        if found:
            phone.speakers.append((now, found[1]))
        turnout = TURNOUT.search(html)
        if turnout:
            phone.turnout.append((now, int(turnout[1])))
    phone.connected.set()


async def _read_chunks(reader: asyncio.StreamReader) -> Any:
    """Transfer-Encoding: chunked, one chunk at a time (raw bytes, their size on the wire)."""
    while True:
        size_line = await reader.readline()
        if not size_line:
            return
        size = int(size_line.strip() or b"0", 16)
        if size == 0:
            return
        chunk = await reader.readexactly(size + 2)
        yield chunk[:-2], len(size_line) + size + 2


async def follow(port: int, path: str, phone: Phone, stop: asyncio.Event) -> None:
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=2**20)
    except OSError as error:
        phone.error = f"connect: {error}"
        return
    writer.write(
        (
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
            f"Accept-Encoding: gzip\r\nCookie: sessionid={phone.cookie}\r\n\r\n"
        ).encode()
    )
    try:
        head = await reader.readuntil(b"\r\n\r\n")
        phone.wire_bytes += len(head)
        if not head.startswith(b"HTTP/1.1 200"):
            phone.error = head.split(b"\r\n")[0].decode()
            return
        gzipped = b"content-encoding: gzip" in head.lower()
        decoder = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzipped else None
        text = ""
        chunks = _read_chunks(reader)
        while not stop.is_set():
            reading = asyncio.ensure_future(anext(chunks))
            stopping = asyncio.ensure_future(stop.wait())
            done, _ = await asyncio.wait({reading, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if reading not in done:
                reading.cancel()
                break
            stopping.cancel()
            try:
                raw, on_wire = reading.result()
            except StopAsyncIteration:
                phone.error = phone.error or "stream ended"
                break
            phone.wire_bytes += on_wire
            data = decoder.decompress(raw) if decoder else raw
            phone.decoded_bytes += len(data)
            text += data.decode()
            now = time.perf_counter()
            while "\n\n" in text:
                block, text = text.split("\n\n", 1)
                _event_seen(phone, block, now)
    except (OSError, asyncio.IncompleteReadError) as error:
        phone.error = phone.error or f"read: {error!r}"
    finally:
        writer.close()


async def http(
    port: int, method: str, path: str, cookie: str, body: str = "", accept: str = "text/html"
) -> tuple[int, bytes, float, int]:
    """One request on a new connection: status, body, seconds, bytes on the wire."""
    start = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    headers = (
        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: {accept}\r\n"
        f"Accept-Encoding: gzip\r\nCookie: sessionid={cookie}; csrftoken={CSRF}\r\n"
        f"X-CSRFToken: {CSRF}\r\nConnection: close\r\n"
    )
    if body:
        headers += (
            f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
        )
    writer.write((headers + "\r\n" + body).encode())
    raw = await reader.read()
    writer.close()
    seconds = time.perf_counter() - start
    head, _, content = raw.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1]) if head else 0
    if b"transfer-encoding: chunked" in head.lower():
        content = _unchunk(content)
    if b"content-encoding: gzip" in head.lower() and content:
        content = zlib.decompress(content, 16 + zlib.MAX_WBITS)
    return status, content, seconds, len(raw)


def _unchunk(data: bytes) -> bytes:
    out = b""
    while data:
        size_line, _, rest = data.partition(b"\r\n")
        size = int(size_line or b"0", 16)
        if size == 0:
            break
        out += rest[:size]
        data = rest[size + 2 :]
    return out


# The phases.


async def connect_all(port: int, made: dict[str, Any], args: Any) -> tuple[list[Phone], Any]:
    path = f"/a/{made['slug']}/sessions/{made['session']}/stream/"
    phones = [Phone(i, cookie) for i, cookie in enumerate(made["voters"])]
    stop = asyncio.Event()
    tasks = []
    started = time.perf_counter()
    for phone in phones:
        tasks.append(asyncio.create_task(follow(port, path, phone, stop)))
        await asyncio.sleep(1 / args.connect_rate)
    deadline = time.perf_counter() + args.connect_timeout
    while time.perf_counter() < deadline:
        if all(phone.connected.is_set() or phone.error for phone in phones):
            break
        await asyncio.sleep(0.2)
    connected = sum(phone.connected.is_set() for phone in phones)
    problems = sorted({phone.error for phone in phones if phone.error})
    if problems:
        print(f"stream problems: {problems[:5]}")
    print(
        f"connected {connected} of {len(phones)} streams in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    return phones, (stop, tasks)


async def call_speakers(port: int, made: dict[str, Any], phones: list[Phone], calls: int) -> Any:
    chair_path = f"/a/{made['slug']}/sessions/{made['session']}/chair/"
    per_call: list[float] = []
    per_stream: list[float] = []
    missed = 0
    failures: list[str] = []
    for _ in range(calls):
        marks = [len(phone.speakers) for phone in phones]
        previous = [phone.speakers[-1][1] if phone.speakers else "" for phone in phones]
        start = time.perf_counter()
        status, _, _, _ = await http(port, "POST", chair_path, made["chair"], "call_next=1")
        if status != 302:
            failures.append(f"call_next answered {status}")
        deadline = start + 10
        waiting = set(range(len(phones)))
        arrived: dict[int, float] = {}
        expected = ""
        while waiting and time.perf_counter() < deadline:
            for index in list(waiting):
                phone = phones[index]
                for at, name in phone.speakers[marks[index] :]:
                    if name != previous[index]:
                        expected = expected or name
                        if name == expected:
                            arrived[index] = at - start
                            waiting.discard(index)
                            break
            await asyncio.sleep(0.01)
        missed += len(waiting)
        if arrived:
            per_stream.extend(arrived.values())
            per_call.append(max(arrived.values()) if not waiting else float("inf"))
        await asyncio.sleep(0.3)
    return per_call, per_stream, missed, failures


def server_cpu(pids: list[int]) -> float:
    return sum(vote_bench.cpu_seconds([pid]) for pid in pids)


async def idle(phones: list[Phone], pids: list[int], seconds: float) -> tuple[float, float]:
    """CPU share of one core, and bytes each stream received, while nothing happens."""
    wire = sum(phone.wire_bytes for phone in phones)
    cpu = server_cpu(pids)
    start = time.perf_counter()
    await asyncio.sleep(seconds)
    elapsed = time.perf_counter() - start
    used = server_cpu(pids) - cpu
    received = sum(phone.wire_bytes for phone in phones) - wire
    return used / elapsed, received / max(len(phones), 1) / elapsed


async def vote_all(port: int, made: dict[str, Any], window: float) -> dict[str, Any]:
    base = f"/a/{made['slug']}/decisions/votes/{made['poll']}"
    results: list[tuple[int, bool, float]] = []
    start = time.perf_counter() + 0.3

    async def one(index: int, cookie: str) -> None:
        at = start + window * index / len(made["voters"])
        await asyncio.sleep(max(0.0, at - time.perf_counter()))
        status, body, seconds, _ = await http(
            port, "POST", f"{base}/vote/", cookie, "choice=yes", "application/json"
        )
        results.append((status, status == 200 and b'"receipt"' in body, seconds))

    await asyncio.gather(*(one(i, c) for i, c in enumerate(made["voters"])))
    done = time.perf_counter() - start
    close, _, _, _ = await http(port, "POST", f"{base}/close/", made["chair"])
    late = [
        await http(port, "POST", f"{base}/vote/", cookie, "choice=yes", "application/json")
        for cookie in made["late"]
    ]
    status, published, _, _ = await http(port, "GET", f"{base}/ballots.json", made["chair"])
    if status != 200:
        sys.exit(f"ballots.json answered {status} (close answered {close}): {published[:300]!r}")
    return {
        "results": results,
        "seconds": done,
        "closed": close == 302,
        "late_refused": sum(1 for status, *_ in late if status == 400),
        "published": json.loads(published),
    }


async def polling_baseline(port: int, made: dict[str, Any], seconds: float, clients: int) -> Any:
    """The old design's load: each phone asks for the room every 1 s and its panel every 2 s;
    `clients` connections as fast as they go, as the issue measured it."""
    session = f"/a/{made['slug']}/sessions/{made['session']}"
    paths = [f"{session}/room/live/", f"{session}/room/live/", f"{session}/you/"]
    latencies: list[float] = []
    sizes: dict[str, list[int]] = {"room": [], "you": []}
    errors = 0
    stop = time.perf_counter() + seconds

    async def worker(number: int) -> None:
        nonlocal errors
        turn = number
        while time.perf_counter() < stop:
            path = paths[turn % 3]
            cookie = made["voters"][turn % len(made["voters"])]
            turn += clients
            try:
                status, _, took, size = await http(port, "GET", path, cookie)
            except OSError:
                errors += 1
                continue
            if status != 200:
                errors += 1
            latencies.append(took)
            sizes["you" if path.endswith("you/") else "room"].append(size)

    await asyncio.gather(*(worker(n) for n in range(clients)))
    return latencies, sizes, errors


# The parent: database, servers, clients, the table.


def _start(command: list[str], env: dict[str, str], workdir: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command, env=env, cwd=workdir, stdout=subprocess.DEVNULL)


def _stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def _parse() -> Any:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=2000, help="members connected")
    parser.add_argument("--workers", type=int, default=2, help="app processes")
    parser.add_argument("--calls", type=int, default=20, help="next-speaker calls")
    parser.add_argument("--idle", type=float, default=30.0, help="seconds measured idle")
    parser.add_argument("--window", type=float, default=8.0, help="seconds the votes arrive over")
    parser.add_argument("--late", type=int, default=10, help="members who try after the close")
    parser.add_argument("--connect-rate", type=float, default=150.0, help="new streams a second")
    parser.add_argument("--connect-timeout", type=float, default=120.0)
    parser.add_argument("--poll-seconds", type=float, default=10.0, help="baseline duration")
    parser.add_argument("--poll-clients", type=int, default=64)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--hold", type=float, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--setup", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def _environment(database_url: str, workdir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "assemblea.config.settings",
        "ASSEMBLEA_DEBUG": "0",
        "ASSEMBLEA_SECURE_COOKIES": "0",
        "ASSEMBLEA_SECRET_KEY": secrets.token_urlsafe(50),
        "ASSEMBLEA_VAR_DIR": str(workdir),
        "ASSEMBLEA_LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT / "src"),
    }


async def measure(args: Any, made: dict[str, Any], port: int, pids: list[int]) -> dict[str, Any]:
    phones, (stop, tasks) = await connect_all(port, made, args)
    await asyncio.sleep(2)
    figures: dict[str, Any] = {"phones": phones}
    figures["calls"] = await call_speakers(port, made, phones, args.calls)
    figures["idle_cpu"], figures["idle_bytes_s"] = await idle(phones, pids, args.idle)
    turnout_from = [len(phone.turnout) for phone in phones]
    figures["votes"] = await vote_all(port, made, args.window)
    await asyncio.sleep(2)
    figures["turnout_seen"] = sum(
        1
        for phone, mark in zip(phones, turnout_from, strict=True)
        if any(count == len(made["voters"]) for _, count in phone.turnout[mark:])
    )
    stop.set()
    await asyncio.gather(*tasks)
    return figures


async def baseline(args: Any, made: dict[str, Any], port: int, pids: list[int]) -> Any:
    cpu = server_cpu(pids)
    start = time.perf_counter()
    latencies, sizes, errors = await polling_baseline(
        port, made, args.poll_seconds, args.poll_clients
    )
    elapsed = time.perf_counter() - start
    return latencies, sizes, errors, (server_cpu(pids) - cpu), elapsed


def main() -> int:
    args = _parse()
    if args.setup:
        print(json.dumps(setup(args.members, args.late, args.calls + 5)))
        return 0
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    workdir = Path(tempfile.mkdtemp(prefix="assemblea-live-bench-"))
    stop_pg = None
    app = poller = None
    try:
        database_url, stop_pg, postmaster = vote_bench.start_postgres(
            workdir, vote_bench.free_port(), False
        )
        env = _environment(database_url, workdir)
        python = sys.executable
        for step in (["migrate"], ["collectstatic", "--noinput"]):  # the release steps
            subprocess.run(
                [python, "-m", "assemblea", "manage", *step, "-v", "0"], env=env, check=True
            )
        print(f"setting up {args.members + args.late} members, the session and the poll...")
        made = json.loads(
            subprocess.run(
                [
                    python,
                    __file__,
                    "--setup",
                    "--members",
                    str(args.members),
                    "--late",
                    str(args.late),
                    "--calls",
                    str(args.calls),
                ],
                env=env,
                check=True,
                stdout=subprocess.PIPE,
                text=True,
            ).stdout
        )
        port = vote_bench.free_port()
        app = _start(
            [
                python,
                "-m",
                "assemblea",
                "serve",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
            ],
            env,
            workdir,
        )
        vote_bench.wait_for(port)
        if args.hold:  # for looking at it by hand: the port and a member's cookie
            print(json.dumps({"port": port, **made, "voters": made["voters"][:2]}), flush=True)
            time.sleep(args.hold)
        figures = asyncio.run(measure(args, made, port, [app.pid, postmaster]))
        _stop(app)
        app = None
        polled = None
        if not args.no_baseline:
            port = vote_bench.free_port()
            poller = _start(
                [
                    python,
                    "-m",
                    "gunicorn",
                    "assemblea.config.wsgi:application",
                    "-b",
                    f"127.0.0.1:{port}",
                    "-w",
                    "2",
                    "-k",
                    "gthread",
                    "--threads",
                    "8",
                    "--log-level",
                    "warning",
                ],
                env,
                workdir,
            )
            vote_bench.wait_for(port)
            polled = asyncio.run(baseline(args, made, port, [poller.pid, postmaster]))
    finally:
        _stop(app)
        _stop(poller)
        if stop_pg is not None:
            stop_pg()
        shutil.rmtree(workdir, ignore_errors=True)
    return report(args, made, figures, polled)


def _ms(seconds: float) -> str:
    return "missed" if seconds == float("inf") else f"{seconds * 1000:.0f} ms"


def report(args: Any, made: dict[str, Any], figures: dict[str, Any], polled: Any) -> int:
    phones: list[Phone] = figures["phones"]
    per_call, per_stream, missed, failures = figures["calls"]
    votes = figures["votes"]
    members = len(phones)
    connected = sum(phone.connected.is_set() for phone in phones)
    errors = [phone.error for phone in phones if phone.error and phone.error != "stream ended"]
    per_hour_mb = figures["idle_bytes_s"] * 3600 / 1e6
    latencies = [seconds for *_, seconds in votes["results"]]
    accepted = sum(1 for _, ok, _ in votes["results"] if ok)
    published = votes["published"]
    p95_call = vote_bench.percentile(per_call, 0.95) if per_call else float("inf")
    p95_vote = vote_bench.percentile(latencies, 0.95)
    print(f"load average now {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs, shared)")
    print(f"{members} members on {args.workers} app processes; {connected} streams connected")
    print(
        f"next speaker x{args.calls}: until every stream has it p50 "
        f"{_ms(statistics.median(per_call))}, p95 {_ms(p95_call)}, max {_ms(max(per_call))}; "
        f"per stream p95 {_ms(vote_bench.percentile(per_stream, 0.95))}; missed {missed}"
    )
    print(
        f"idle: server CPU {figures['idle_cpu'] * 100:.1f} % of one core; "
        f"{figures['idle_bytes_s'] * 3600:.0f} bytes per member per hour on the wire "
        f"(HTTP chunks, gzip; heartbeat every 25 s)"
    )
    print(
        f"votes: {accepted} accepted of {members} within {votes['seconds']:.2f} s; latency p50 "
        f"{_ms(statistics.median(latencies))}, p95 {_ms(p95_vote)}; published "
        f"{len(published['ballots'])}; late refused {votes['late_refused']} of {args.late}; "
        f"final turnout reached {figures['turnout_seen']} streams"
    )
    checks = {
        "every stream connected": connected == members,
        "no stream error": not errors and not failures,
        "every call reached every stream (none missed)": missed == 0,
        "p95 until every stream has the change < 1 s": p95_call < 1.0,
        "idle server CPU < 10 % of a core": figures["idle_cpu"] < 0.10,
        "idle bytes per member per hour < 0.5 MB": per_hour_mb < 0.5,
        "every vote accepted exactly once": accepted == members == len(published["ballots"]),
        "no vote after close": votes["closed"] and votes["late_refused"] == args.late,
        "all votes within 10 s": votes["seconds"] < 10,
        "vote p95 < 300 ms": p95_vote < 0.3,
        "every stream saw the final turnout": figures["turnout_seen"] == members,
    }
    if polled is not None:
        latencies_poll, sizes, poll_errors, cpu, elapsed = polled
        rate = len(latencies_poll) / elapsed
        served = rate / 1.5  # a phone made 1.5 requests a second
        per_request = cpu / max(len(latencies_poll), 1)
        room = statistics.mean(sizes["room"]) if sizes["room"] else 0
        you = statistics.mean(sizes["you"]) if sizes["you"] else 0
        poll_hour = (3600 * room + 1800 * you) / 1e6
        print(
            f"polling (gunicorn gthread 2 x 8, {args.poll_clients} clients, "
            f"{args.poll_seconds:.0f} s): {rate:.0f} requests/s, p95 "
            f"{_ms(vote_bench.percentile(latencies_poll, 0.95))}, {poll_errors} errors, "
            f"{per_request * 1000:.1f} ms CPU a request: serves about {served:.0f} members; "
            f"{poll_hour:.1f} MB per member per idle hour (room {room:.0f} B, you {you:.0f} B)"
        )
        print(
            f"ratio: members served {members / served:.1f}x ({members} streaming vs about "
            f"{served:.0f} polling); idle CPU for {members} members "
            f"{members * 1.5 * per_request / max(figures['idle_cpu'], 1e-3):.0f}x less; "
            f"bytes per idle member-hour {poll_hour / max(per_hour_mb, 1e-6):.0f}x fewer"
        )
    for name, ok in checks.items():
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
    if errors:
        print(f"stream errors (first 5): {errors[:5]}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
