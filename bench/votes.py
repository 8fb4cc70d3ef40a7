"""Load benchmark: 1,000 members vote within 10 s on one poll, against PostgreSQL and several
app processes on loopback.

    python bench/votes.py                         # 1,000 voters over 8 s, 2 workers x 8 threads
    python bench/votes.py --voters 2000 --window 8 --workers 4 --threads 8
    python bench/votes.py --fsync                 # PostgreSQL with fsync on (default: off, as CI)
    python bench/votes.py --database-url postgres://user@127.0.0.1:5432/db   # an existing DB

What it does: starts a throwaway PostgreSQL cluster (Debian's packages, as .ci/run does),
migrates it, seats the voters in an assembly in session (logged-in sessions made directly, so
no password hashing is timed), opens a yes/no poll, starts gunicorn (gthread workers), then a
concurrent client (threads and http.client, no other dependency) posts each member's ballot at
its scheduled moment, spread evenly over the window, to the same vote URL as the ballot form,
asking for the JSON answer a phone app or kiosk gets (`--html` asks for the page instead);
some members also post a second ballot at the same moment (a double click on two devices).
The chair then closes the poll over HTTP and late members try to vote.

Checks (exit code 1 if any fails): every vote counted exactly once (accepted = members, each
double refused, published ballots = accepted, yes/no totals = what the client sent), no vote
after close, the published digest recomputes, the poll's ballot chain is intact, the chair's
live turnout matched the count at close, all votes done within 10 s, p95 latency < 300 ms.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import http.client
import json
import os
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CSRF = "benchcsrftokenbenchcsrftoken0123"  # 32 letters and digits: a valid CSRF secret


# The setup, run in a child process with Django configured against the benchmark database.


def login(user: Any) -> str:
    """A signed-in session made directly (no password hashing is timed); its key."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]  # the one in use
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return str(store.session_key)


def setup(voters: int, late: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from assemblea.accounts.models import OrganizationKind
    from assemblea.accounts.services import organization_create
    from assemblea.assemblies.models import SeatCategory, SeatHolder, SeatType
    from assemblea.assemblies.phases import Phase
    from assemblea.assemblies.services import assembly_create
    from assemblea.decisions.services import poll_open
    from assemblea.deliberation.models import AgendaItem, Attendance, RoomRules, Session

    user_model = get_user_model()
    chair = user_model.objects.create_user("chair", password=None)
    organization = organization_create(
        actor=chair, name="Bench Union", kind=OrganizationKind.COALITION
    )
    assembly = assembly_create(
        actor=chair,
        organization=organization,
        title="Bench Convention",
        kind="member_governance",
        question="Do we adopt the platform?",
        use_usual_composition=False,
    )
    assembly.phase = Phase.IN_SESSION  # seated and in session: the poll is what is measured
    assembly.save(update_fields=["phase"])
    total = voters + late
    category = SeatCategory.objects.create(
        assembly=assembly, seat_type=SeatType.DELEGATE, name="Delegates", seats=total
    )
    password = make_password(None)
    users = user_model.objects.bulk_create(
        [user_model(username=f"member{i:05d}", password=password) for i in range(total)]
    )
    today = timezone.localdate()
    seats = SeatHolder.objects.bulk_create(
        [
            SeatHolder(category=category, user=user, name=f"Member {i}", started_on=today)
            for i, user in enumerate(users)
        ]
    )
    RoomRules.objects.create(assembly=assembly)
    now = timezone.now()
    session = Session.objects.create(
        assembly=assembly, title="Plenary", starts_at=now, ends_at=now + datetime.timedelta(hours=4)
    )
    item = AgendaItem.objects.create(session=session, title="The platform")
    Attendance.objects.bulk_create([Attendance(session=session, seat=seat) for seat in seats])
    poll = poll_open(actor=chair, agenda_item=item, title="Adopt the platform?", method="yes_no")

    return {
        "slug": assembly.slug,
        "poll": poll.pk,
        "chair": login(chair),
        "voters": [login(user) for user in users[:voters]],
        "late": [login(user) for user in users[voters:]],
    }


# The parent: database, app processes, the concurrent client, the checks.


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_postgres(workdir: Path, port: int, fsync: bool) -> tuple[str, Any, int]:
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not bins:
        sys.exit("PostgreSQL is not installed: apt-get install postgresql (see .ci/run)")
    pg_bin = bins[-1]
    as_pg: list[str] = []
    data = workdir / "data"
    if os.geteuid() == 0:  # initdb refuses root: run the cluster as the postgres user
        subprocess.run(["id", "postgres"], check=True, capture_output=True)
        shutil.chown(workdir, "postgres")
        as_pg = ["runuser", "-u", "postgres", "--"]
    subprocess.run(
        [
            *as_pg,
            str(pg_bin / "initdb"),
            "-D",
            str(data),
            "-U",
            "assemblea",
            "--auth=trust",
            "-E",
            "UTF8",
        ],
        check=True,
        capture_output=True,
    )
    options = (
        f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 -c max_connections=300 "
        f"-c fsync={'on' if fsync else 'off'} -c shared_buffers=128MB"
    )
    subprocess.run(
        [
            *as_pg,
            str(pg_bin / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(workdir / "log"),
            "-w",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [str(pg_bin / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "assemblea", "bench"],
        check=True,
    )

    def stop() -> None:
        subprocess.run(
            [*as_pg, str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
            capture_output=True,
        )

    postmaster = int((data / "postmaster.pid").read_text().split()[0])
    return f"postgres://assemblea@127.0.0.1:{port}/bench", stop, postmaster


def cpu_seconds(roots: list[int]) -> float:
    """User + system CPU of these processes and their children (Linux /proc), in seconds."""
    ticks = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / ticks
    wanted = set(roots)
    for _ in range(3):
        wanted |= {pid for pid, parent in parents.items() if parent in wanted}
    return sum(times.get(pid, 0.0) for pid in wanted)


def request(
    port: int,
    method: str,
    path: str,
    session: str,
    body: str = "",
    accept: str = "text/html",
    extra: dict[str, str] | None = None,
) -> tuple[int, str, float]:
    headers = {
        **(extra or {}),
        "Accept": accept,
        "Cookie": f"sessionid={session}; csrftoken={CSRF}",
        "X-CSRFToken": CSRF,
        "Content-Type": "application/x-www-form-urlencoded",
        "Host": "127.0.0.1",
    }
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
        status = response.status
    finally:
        connection.close()
    return status, text, time.perf_counter() - start


def wait_for(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            status, _, _ = request(port, "GET", "/", "none")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit("the app did not start")


def app_env(database_url: str, workdir: Path, **more: str) -> dict[str, str]:
    """The environment of the app processes (and of the setup and check children)."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "assemblea.config.settings",
        "ASSEMBLEA_DEBUG": "0",
        "ASSEMBLEA_SECURE_COOKIES": "0",
        # A real key: with debug off, a short or simple one is a startup error.
        "ASSEMBLEA_SECRET_KEY": secrets.token_urlsafe(50),
        "ASSEMBLEA_VAR_DIR": str(workdir),
        "ASSEMBLEA_LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT / "src"),
        **more,
    }


def start_app(
    env: dict[str, str], workdir: Path, workers: int, threads: int
) -> tuple[subprocess.Popen[bytes], int]:
    """gunicorn (gthread workers) on a free loopback port, once it answers."""
    port = free_port()
    app = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "assemblea.config.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "-k",
            "gthread",
            "--threads",
            str(threads),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=workdir,
    )
    wait_for(port)
    return app, port


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voters", type=int, default=1000)
    parser.add_argument("--late", type=int, default=20, help="members who try after the close")
    parser.add_argument("--doubles", type=int, default=50, help="members who post twice at once")
    parser.add_argument("--window", type=float, default=8.0, help="seconds the votes arrive over")
    parser.add_argument("--clients", type=int, default=64, help="concurrent client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker")
    parser.add_argument("--fsync", action="store_true", help="PostgreSQL with fsync on")
    parser.add_argument(
        "--html", action="store_true", help="ask for the HTML page after a vote, not JSON"
    )
    parser.add_argument("--database-url", help="use this (empty) PostgreSQL database instead")
    parser.add_argument("--setup", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup:
        print(json.dumps(setup(args.voters, args.late)))
        return 0

    workdir = Path(tempfile.mkdtemp(prefix="assemblea-bench-"))
    stop_pg = None
    postmaster = 0
    app = None
    try:
        if args.database_url:
            database_url = args.database_url
        else:
            database_url, stop_pg, postmaster = start_postgres(workdir, free_port(), args.fsync)
        env = app_env(database_url, workdir)
        python = sys.executable
        for step in (["migrate"], ["collectstatic", "--noinput"]):  # the release steps
            subprocess.run(
                [python, "-m", "assemblea", "manage", *step, "-v", "0"], env=env, check=True
            )
        print(f"setting up {args.voters + args.late} members and the poll...", flush=True)
        made = json.loads(
            subprocess.run(
                [
                    python,
                    __file__,
                    "--setup",
                    "--voters",
                    str(args.voters),
                    "--late",
                    str(args.late),
                ],
                env=env,
                check=True,
                stdout=subprocess.PIPE,
                text=True,
            ).stdout
        )
        app, port = start_app(env, workdir, args.workers, args.threads)
        base = f"/a/{made['slug']}/decisions/votes/{made['poll']}"
        for _ in range(args.workers * args.threads * 2):  # warm every worker's connections
            request(port, "GET", f"{base}/", made["chair"])

        accept = "text/html" if args.html else "application/json"
        load_before = os.getloadavg()
        measured = [app.pid] + ([postmaster] if stop_pg is not None else [])
        cpu_before = [cpu_seconds([pid]) for pid in measured]
        rng = random.Random(1)
        choices = [rng.choice(["yes", "yes", "no", "abstain"]) for _ in made["voters"]]
        plan: list[tuple[float, int, str]] = []
        for i in range(len(made["voters"])):
            at = args.window * i / len(made["voters"])
            plan.append((at, i, "vote"))
            if i < args.doubles:
                plan.append((at, i, "double"))
        results: list[tuple[int, str, int, bool, float]] = []
        ends: list[float] = []
        lock = threading.Lock()
        start = time.perf_counter() + 0.5

        def run(item: tuple[float, int, str]) -> None:
            at, i, kind = item
            delay = start + at - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            choice = choices[i] if kind == "vote" else "no"
            status, text, seconds = request(
                port, "POST", f"{base}/vote/", made["voters"][i], f"choice={choice}", accept
            )
            accepted = status == 200 and ("receipt-code" in text or '"receipt"' in text)
            with lock:
                results.append((i, kind, status, accepted, seconds))
                ends.append(time.perf_counter())
                if status not in (200, 400):
                    print(f"unexpected status {status}: {text[:300]}", file=sys.stderr)

        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            list(pool.map(run, plan))
        cpu_split = [
            cpu_seconds([pid]) - before for pid, before in zip(measured, cpu_before, strict=True)
        ]
        cpu_used = sum(cpu_split)
        voting_time = max(ends) - start  # from the first ballot sent to the last answer
        finished = time.perf_counter() - start

        _, chair_page, _ = request(port, "GET", f"{base}/", made["chair"])
        live = re.search(r"(\d+) of (\d+) have voted", chair_page)
        close_status, _, _ = request(port, "POST", f"{base}/close/", made["chair"])
        late = [
            request(port, "POST", f"{base}/vote/", session, "choice=yes")
            for session in made["late"]
        ]
        _, published_text, _ = request(port, "GET", f"{base}/ballots.json", made["chair"])
        published = json.loads(published_text)
        chain = subprocess.run(
            [python, "-m", "assemblea", "manage", "verify_events"]
            + [f"poll:{made['poll']}:{chain}" for chain in range(8)],
            env=env,
            capture_output=True,
            text=True,
        )
    finally:
        if app is not None:
            app.terminate()
            app.wait(timeout=20)
        if stop_pg is not None:
            stop_pg()
        shutil.rmtree(workdir, ignore_errors=True)

    accepted = {i for i, kind, _, ok, _ in results if ok}
    accepted_requests = sum(1 for *_, ok, _ in results if ok)
    refused_doubles = sum(1 for _, _, status, ok, _ in results if status == 400 and not ok)
    latencies = [seconds for *_, seconds in results]
    sent = {"yes": 0, "no": 0, "abstain": 0}
    for i, kind, _, ok, _ in results:
        if ok:
            sent[choices[i] if kind == "vote" else "no"] += 1
    counted = {"yes": 0, "no": 0, "abstain": 0}
    for *_, choice in published["recount"]:  # [weight, choice] (secret poll), sorted
        counted[choice] += 1
    digest = hashlib.sha256(
        json.dumps(
            {
                "poll": published["poll"],
                "ballots": published["recount"],  # digest_of: ballots are the recount form
                "receipts": published["receipts"],
            },
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        ).encode()
    ).hexdigest()
    p50, p95, p99 = (percentile(latencies, q) for q in (0.5, 0.95, 0.99))
    print(
        f"load average before {load_before[0]:.1f}, after {os.getloadavg()[0]:.1f} "
        "(other work on the machine competes for its cores)"
    )
    print(
        f"members {args.voters} (+{args.late} late, {args.doubles} double posts); "
        f"gunicorn {args.workers} workers x {args.threads} threads; PostgreSQL fsync "
        f"{'on' if args.fsync else 'off'}; {args.clients} client threads; {os.cpu_count()} CPUs; "
        f"answers {'HTML pages' if args.html else 'JSON'}"
    )
    print(
        f"requests {len(results)} in {finished:.2f} s ({len(results) / finished:.0f}/s); "
        f"votes done within {voting_time:.2f} s of the first"
    )
    print(
        f"latency ms: p50 {p50 * 1000:.0f}, p95 {p95 * 1000:.0f}, p99 {p99 * 1000:.0f}, "
        f"max {max(latencies) * 1000:.0f}, mean {statistics.mean(latencies) * 1000:.0f}"
    )
    per_vote = cpu_used / len(results) * 1000
    print(
        f"CPU while voting: app {cpu_split[0]:.1f} s + PostgreSQL {sum(cpu_split[1:]):.1f} s, "
        f"{per_vote:.1f} ms a request: {os.cpu_count()} idle cores would serve about "
        f"{(os.cpu_count() or 1) * 1000 / per_vote:.0f} requests/s"
    )
    print(
        f"accepted {accepted_requests} (distinct members {len(accepted)}), refused doubles "
        f"{refused_doubles}; published ballots {len(published['ballots'])}; "
        f"sent {sent}, counted {counted}; result yes {published['result'].get('yes')}, "
        f"no {published['result'].get('no')}, abstain {published['result'].get('abstain')}"
    )
    late_refused = sum(1 for status, text, _ in late if status == 400 and "has closed" in text)
    checks = {
        "every member's vote accepted once": accepted_requests == len(accepted) == args.voters,
        "every double post refused": refused_doubles == args.doubles,
        "published ballots = accepted votes": len(published["ballots"]) == args.voters,
        "counted = sent, choice by choice": counted == sent,
        "the result's totals = the ballots": [
            published["result"].get(k) for k in ("yes", "no", "abstain")
        ]
        == [str(counted[k]) for k in ("yes", "no", "abstain")],
        "live turnout at close = the count": bool(live) and int(live[1]) == args.voters,
        "close accepted": close_status == 302,
        "no vote after close": late_refused == args.late,
        "digest recomputes": digest == published["digest"],
        "ballot chains intact": chain.returncode == 0
        and sum(int(n) for n in re.findall(r": (\d+) events, intact", chain.stdout)) == args.voters,
        "all votes within 10 s": voting_time < 10,
        "p95 under 300 ms": p95 < 0.3,
    }
    for name, ok in checks.items():
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
