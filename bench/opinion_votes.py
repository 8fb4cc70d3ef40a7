"""Load benchmark: residents vote on the statements of a public conversation (opinion map)
while the map task recomputes the map, against PostgreSQL, gunicorn and a task worker.

    python bench/opinion_votes.py                  # 1,000 residents, one vote each, over 40 s
    python bench/opinion_votes.py --participants 5000 --votes-each 4 --window 60 --workers 2
    python bench/opinion_votes.py --database-url postgres://user@127.0.0.1:5432/db  # empty DB

What it does: starts a throwaway PostgreSQL cluster (Debian's packages, as bench/votes.py,
whose helpers it uses), migrates it, opens a public conversation of an assembly in session
with 200 accepted statements, signs in the residents (sessions made directly, so no password
hashing is timed: taking part in a public conversation needs an account, any account), then
starts gunicorn (gthread workers) and one task worker (`db_worker`, ASSEMBLEA_TASKS=database,
as production runs). Each resident starts at a moment spread over the window and votes on
`--votes-each` statements drawn at random, one every 1/`--rate` seconds (each vote waits for
the answer to the one before, as a phone does), through the vote form's htmx request, which
answers with the next statement's card. One resident in ten then changes their vote on their
first statement (the latest wins), and one in twenty sends their first vote twice at the same
moment from two devices (two first votes of one person racing to create the participant).

Checks (exit code 1 if any fails): every request answered 200 (none refused, no 5xx); one
participant per resident; one vote row per (resident, statement) sent, whose value is the
latest sent; the map recomputed during the run and, once the queue drained, drawn on every
vote; p95 under 300 ms, overall and in the busiest seconds (no voter slowed by the others).
It prints the latency at the start (light load) against the busiest seconds, and while the map
task computes against while it does not.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from votes import (  # the bench directory is not a package
    app_env,
    cpu_seconds,
    free_port,
    login,
    percentile,
    request,
    start_app,
    start_postgres,
)

VALUES = ("agree", "disagree", "pass")


# The children, run with Django configured against the benchmark database.


def setup(participants: int, statements: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from assemblea.accounts.models import OrganizationKind
    from assemblea.accounts.services import organization_create
    from assemblea.assemblies.models import Assembly, Visibility
    from assemblea.assemblies.phases import Phase
    from assemblea.assemblies.services import assembly_create
    from assemblea.conversations.models import Audience, Statement, StatementStatus
    from assemblea.conversations.services import conversation_start

    user_model = get_user_model()
    organizer = user_model.objects.create_user("organizer", password=None)
    organization = organization_create(
        actor=organizer, name="Bench City", kind=OrganizationKind.GOVERNMENT
    )
    assembly = assembly_create(
        actor=organizer,
        organization=organization,
        title="Bench Assembly",
        kind="member_governance",
        question="How should the city share its streets?",
        use_usual_composition=False,
    )
    # Published and in session: the votes are what is measured.
    Assembly.objects.filter(pk=assembly.pk).update(
        phase=Phase.IN_SESSION, visibility=Visibility.PUBLIC
    )
    assembly.refresh_from_db()
    conversation = conversation_start(
        actor=organizer,
        assembly=assembly,
        question="How should the city share its streets?",
        audience=Audience.PUBLIC,
    )
    Statement.objects.bulk_create(
        [
            Statement(
                conversation=conversation,
                number=n,
                text=f"Statement {n} about the streets.",
                language="en",
                status=StatementStatus.ACCEPTED,
            )
            for n in range(1, statements + 1)
        ]
    )
    password = make_password(None)
    users = user_model.objects.bulk_create(
        [user_model(username=f"resident{i:06d}", password=password) for i in range(participants)]
    )
    return {
        "slug": assembly.slug,
        "conversation": conversation.pk,
        "users": [user.pk for user in users],
        "sessions": [login(user) for user in users],
    }


def check(conversation_id: int, drain_seconds: float) -> dict[str, Any]:
    """What the database holds once the load is over: votes, participants, the map's tasks
    (waiting up to `drain_seconds` for the worker to empty the queue)."""
    import django

    django.setup()
    from django_tasks_db.models import DBTaskResult

    from assemblea.conversations.models import MapSnapshot, Participant, Vote

    def snapshot() -> dict[str, Any] | None:
        found = MapSnapshot.objects.filter(conversation_id=conversation_id).first()
        if found is None:
            return None
        return {"votes": found.vote_count, "computed_at": found.computed_at.timestamp()}

    tasks = DBTaskResult.objects.filter(task_path__endswith="map_recompute")
    at_end = snapshot()
    deadline = time.monotonic() + drain_seconds
    while tasks.filter(status__in=["READY", "RUNNING"]).exists():
        if time.monotonic() > deadline:
            break
        time.sleep(0.5)
    votes = Vote.objects.filter(statement__conversation_id=conversation_id)
    participants = Participant.objects.filter(conversation_id=conversation_id)
    return {
        "votes": [
            list(v) for v in votes.values_list("participant__user_id", "statement__number", "value")
        ],
        "participants": participants.count(),
        "numbers": sorted(participants.values_list("number", flat=True)),
        "users": participants.values("user").distinct().count(),
        "tasks": [
            [
                t.status,
                t.started_at and t.started_at.timestamp(),
                t.finished_at and t.finished_at.timestamp(),
            ]
            for t in tasks
        ],
        "waiting": tasks.filter(status__in=["READY", "RUNNING"]).count(),
        "snapshot_at_end": at_end,
        "snapshot": snapshot(),
    }


# The parent: the plan, the concurrent client, the checks.


def make_plan(
    args: argparse.Namespace, rng: random.Random
) -> list[list[tuple[float, int, str, int]]]:
    """Per resident, their requests in order: (seconds after the start, statement, value,
    copies sent at once)."""
    span = (args.votes_each - 1) / args.rate
    plan = []
    for i in range(args.participants):
        start = rng.uniform(0, max(0.0, args.window - span - 1 / args.rate))
        numbers = rng.sample(range(1, args.statements + 1), args.votes_each)
        steps = [
            (start + k / args.rate, number, rng.choice(VALUES), 1)
            for k, number in enumerate(numbers)
        ]
        if i % 20 == 7:  # the first vote from two devices at the same moment
            steps[0] = (*steps[0][:3], 2)
        if i % 10 == 3:  # a change of mind on the first statement: the latest wins
            changed = next(v for v in VALUES if v != steps[0][2])
            steps.append((start + args.votes_each / args.rate, numbers[0], changed, 1))
        plan.append(steps)
    return plan


def expected_votes(
    plan: list[list[tuple[float, int, str, int]]], users: list[int]
) -> dict[tuple[int, int], int]:
    code = {"agree": 1, "disagree": -1, "pass": 0}
    latest: dict[tuple[int, int], int] = {}
    for i, steps in enumerate(plan):
        for _, number, value, _ in steps:
            latest[(users[i], number)] = code[value]
    return latest


class Client:
    """Posts each resident's votes in order, at their moments or as soon as the answer to
    the one before came (never two at once, except the deliberate doubles)."""

    def __init__(self, port: int, path: str, sessions: list[str]) -> None:
        self.port, self.path, self.sessions = port, path, sessions
        self.results: list[
            tuple[float, float, int, int, float]
        ] = []  # sent, seconds, status, i, lag
        self.lock = threading.Lock()
        self.start = 0.0

    def post(self, i: int, number: int, value: str, due: float) -> None:
        sent = time.time()
        try:
            status, text, seconds = request(
                self.port,
                "POST",
                self.path,
                self.sessions[i],
                f"statement={number}&vote={value}",
                extra={"HX-Request": "true", "HX-Target": "card"},
            )
        except OSError:
            status, text, seconds = 0, "", time.time() - sent
        with self.lock:
            self.results.append((sent, seconds, status, i, max(0.0, sent - due)))
            if status >= 500 or status == 0:
                print(f"status {status}: {text[:300]}", file=sys.stderr)

    def resident(self, i: int, steps: list[tuple[float, int, str, int]]) -> None:
        for at, number, value, copies in steps:
            due = self.start + at
            delay = due - time.time()
            if delay > 0:
                time.sleep(delay)
            if copies == 1:
                self.post(i, number, value, due)
                continue
            twins = [
                threading.Thread(target=self.post, args=(i, number, value, due))
                for _ in range(copies)
            ]
            for twin in twins:
                twin.start()
            for twin in twins:
                twin.join()

    def run(self, plan: list[list[tuple[float, int, str, int]]], threads: int) -> None:
        self.start = time.time() + 1.0
        with ThreadPoolExecutor(max_workers=threads) as pool:
            # In the order they start: a thread waits for its resident's moment, so a later
            # resident taken first would hold a thread the earlier ones need.
            order = sorted(range(len(plan)), key=lambda i: plan[i][0][0])
            list(pool.map(self.resident, order, [plan[i] for i in order]))


def child(env: dict[str, str], *arguments: str) -> Any:
    done = subprocess.run(
        [sys.executable, __file__, *arguments],
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(done.stdout)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def p(values: list[float], share: float) -> float:
    return percentile(values, share) if values else float("nan")


def busiest(
    results: list[tuple[float, float, int, int, float]], start: float, width: int = 3
) -> tuple[list[float], list[float], int]:
    """Latencies of the first `width` seconds and of the busiest `width` seconds (most
    requests sent), and the requests a second sent at the peak."""
    buckets: dict[int, list[float]] = {}
    for sent, seconds, *_ in results:
        buckets.setdefault(int(sent - start), []).append(seconds)
    last = max(buckets)
    windows = {
        s: [x for b in range(s, s + width) for x in buckets.get(b, [])]
        for s in range(0, last - width + 2)
    }
    first = windows.get(0, [])
    peak = max(windows, key=lambda s: len(windows[s]))
    return first, windows[peak], len(windows[peak]) // width


def during_maps(
    results: list[tuple[float, float, int, int, float]], tasks: list[list[Any]]
) -> tuple[list[float], list[float]]:
    """Latencies of the votes sent while a map task computed, and of the others."""
    spans = [(s, f) for _, s, f in tasks if s and f]
    inside, outside = [], []
    for sent, seconds, *_ in results:
        (inside if any(s <= sent <= f for s, f in spans) else outside).append(seconds)
    return inside, outside


def report(
    args: argparse.Namespace,
    plan: Any,
    made: dict[str, Any],
    client: Client,
    found: dict[str, Any],
    cpu: list[float],
    load: tuple[float, float],
) -> bool:
    results = client.results
    latencies = [seconds for _, seconds, *_ in results]
    statuses: dict[int, int] = {}
    for _, _, status, *_ in results:
        statuses[status] = statuses.get(status, 0) + 1
    sent_first = min(r[0] for r in results)
    elapsed = max(r[0] + r[1] for r in results) - sent_first
    expected = expected_votes(plan, made["users"])
    stored = {(u, n): v for u, n, v in found["votes"]}
    wrong = sum(1 for pair, v in expected.items() if stored.get(pair) != v)
    first, peak, peak_rate = busiest(results, client.start)
    inside, outside = during_maps(results, found["tasks"])
    maps_done = [t for t in found["tasks"] if t[0] == "SUCCESSFUL"]
    in_window = [t for t in maps_done if t[2] and t[2] <= sent_first + elapsed]
    durations = [f - s for _, s, f in maps_done if s and f]
    end_snap, snap = found["snapshot_at_end"], found["snapshot"]
    lag = [r[4] for r in results]
    print(
        f"load average before {load[0]:.1f}, after {os.getloadavg()[0]:.1f} "
        "(other work competes for the cores)"
    )
    print(
        f"residents {args.participants} x {args.votes_each} votes at {args.rate:g}/s over a "
        f"{args.window:g} s window on {args.statements} statements; gunicorn {args.workers} x "
        f"{args.threads} threads, 1 task worker; {args.clients} client threads; "
        f"{os.cpu_count()} CPUs"
    )
    print(
        f"requests {len(results)} in {elapsed:.1f} s ({len(results) / elapsed:.0f}/s; peak "
        f"{peak_rate}/s); statuses {dict(sorted(statuses.items()))}; "
        f"sent late by p95 {ms(p(lag, 0.95))}"
    )
    print(
        f"latency: p50 {ms(p(latencies, 0.5))}, p95 {ms(p(latencies, 0.95))}, p99 "
        f"{ms(p(latencies, 0.99))}, max {ms(max(latencies))}, mean {ms(statistics.mean(latencies))}"
    )
    print(
        f"first 3 s ({len(first)} requests): p50 {ms(p(first, 0.5))}, p95 {ms(p(first, 0.95))}; "
        f"busiest 3 s ({len(peak)}): p50 {ms(p(peak, 0.5))}, p95 {ms(p(peak, 0.95))}"
    )
    print(
        f"while a map computed ({len(inside)} requests): p50 {ms(p(inside, 0.5))}, p95 "
        f"{ms(p(inside, 0.95))}; otherwise ({len(outside)}): p50 {ms(p(outside, 0.5))}, "
        f"p95 {ms(p(outside, 0.95))}"
    )
    print(
        f"maps: {len(maps_done)} computed ({len(in_window)} during the run), each "
        f"{statistics.mean(durations) if durations else 0:.2f} s on average; at the end of the "
        f"load drawn on {end_snap and end_snap['votes']} votes, after the queue drained on "
        f"{snap and snap['votes']} ({found['waiting']} tasks still waiting)"
    )
    print(
        f"CPU: app {cpu[0]:.1f} s, worker {cpu[1]:.1f} s, PostgreSQL {sum(cpu[2:]):.1f} s; "
        f"{(cpu[0] + sum(cpu[2:])) / len(results) * 1000:.1f} ms a vote (app + database)"
    )
    print(
        f"vote rows {len(stored)} for {len(expected)} pairs sent, {wrong} missing or not the "
        f"latest; participants {found['participants']} ({found['users']} accounts)"
    )
    checks = {
        "every request answered 200": statuses == {200: len(results)},
        "one participant per resident": found["participants"]
        == found["users"]
        == args.participants,
        "participant numbers 1..n": found["numbers"] == list(range(1, args.participants + 1)),
        "one vote row per pair sent": len(stored) == len(expected) and set(stored) == set(expected),
        "each vote's value is the latest sent": wrong == 0,
        "the map recomputed during the run": len(in_window) >= 2,
        "the map drawn on every vote once drained": bool(snap) and snap["votes"] == len(expected),
        "p95 under 300 ms": p(latencies, 0.95) < 0.3,
        "p95 in the busiest seconds under 300 ms": p(peak, 0.95) < 0.3,
    }
    for name, ok in checks.items():
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
    return all(checks.values())


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument(
        "--votes-each", type=int, default=1, help="statements each resident votes on"
    )
    parser.add_argument("--rate", type=float, default=1.0, help="votes a second of one resident")
    parser.add_argument(
        "--window", type=float, default=40.0, help="seconds the residents start over"
    )
    parser.add_argument("--statements", type=int, default=200)
    parser.add_argument("--clients", type=int, default=400, help="concurrent client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker")
    parser.add_argument("--fsync", action="store_true", help="PostgreSQL with fsync on")
    parser.add_argument("--database-url", help="use this (empty) PostgreSQL database instead")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--setup", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--check", type=int, help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> int:
    args = arguments()
    if args.setup:
        print(json.dumps(setup(args.participants, args.statements)))
        return 0
    if args.check:
        print(json.dumps(check(args.check, drain_seconds=60)))
        return 0
    workdir = Path(tempfile.mkdtemp(prefix="assemblea-bench-"))
    stop_pg, postmaster, app, worker = None, 0, None, None
    try:
        if args.database_url:
            database_url = args.database_url
        else:
            database_url, stop_pg, postmaster = start_postgres(workdir, free_port(), args.fsync)
        env = app_env(database_url, workdir, ASSEMBLEA_TASKS="database")
        for step in (["migrate"], ["collectstatic", "--noinput"]):  # the release steps
            subprocess.run(
                [sys.executable, "-m", "assemblea", "manage", *step, "-v", "0"], env=env, check=True
            )
        print(
            f"setting up {args.participants} residents and {args.statements} statements...",
            flush=True,
        )
        made = child(
            env,
            "--setup",
            "--participants",
            str(args.participants),
            "--statements",
            str(args.statements),
        )
        app, port = start_app(env, workdir, args.workers, args.threads)
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "assemblea",
                "manage",
                "db_worker",
                "--interval",
                "0.2",
                "--no-startup-delay",
            ],
            env=env,
            cwd=workdir,
        )
        path = f"/a/{made['slug']}/conversations/{made['conversation']}/vote/"
        for session in made["sessions"][: args.workers * args.threads * 2]:  # warm the workers
            request(
                port, "GET", f"/a/{made['slug']}/conversations/{made['conversation']}/", session
            )
        plan = make_plan(args, random.Random(args.seed))
        client = Client(port, path, made["sessions"])
        load = os.getloadavg()
        measured = [app.pid, worker.pid] + ([postmaster] if stop_pg is not None else [])
        before = [cpu_seconds([pid]) for pid in measured]
        client.run(plan, args.clients)
        cpu = [cpu_seconds([pid]) - b for pid, b in zip(measured, before, strict=True)]
        found = child(env, "--check", str(made["conversation"]))
    finally:
        for process in (app, worker):
            if process is not None:
                process.terminate()
                process.wait(timeout=20)
        if stop_pg is not None:
            stop_pg()
        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if report(args, plan, made, client, found, cpu, load) else 1


if __name__ == "__main__":
    sys.exit(main())
