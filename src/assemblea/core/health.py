"""`/healthz`: may a load balancer send people here?

Answers JSON, 200 when every check passes and 503 otherwise:

* database: a query reaches it;
* migrations: none is left to apply (a release step was skipped otherwise);
* tasks (only with ASSEMBLEA_TASKS=database): no task has been waiting for a worker longer
  than settings.HEALTH_TASK_DELAY_SECONDS; `worker_last_seen` is when a worker last took
  one. An idle worker is healthy: nothing waits.

No personal data, no session, no cookie: the view reads nothing about the visitor and sets
nothing, and needs no sign-in (it answers GET and HEAD only).
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)
_migrations_applied = False


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _migrations() -> str:
    global _migrations_applied
    if not _migrations_applied:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            return f"{len(plan)} not applied"
        # Migrations are not unapplied under a running app: check once per process.
        _migrations_applied = True
    return "ok"


def uses_task_worker() -> bool:
    backend = str(settings.TASKS.get("default", {}).get("BACKEND", ""))
    return backend.startswith("django_tasks_db.")


def _tasks(report: dict[str, Any]) -> str:
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    newest = (
        DBTaskResult.objects.exclude(started_at=None)
        .order_by("-started_at")
        .values_list("started_at", flat=True)
        .first()
    )
    report["worker_last_seen"] = newest.isoformat() if newest else None
    delay = datetime.timedelta(seconds=settings.HEALTH_TASK_DELAY_SECONDS)
    oldest_waiting = (
        DBTaskResult.objects.filter(status="READY", run_after__lte=now)
        .order_by("run_after")
        .values_list("run_after", flat=True)
        .first()
    )
    if oldest_waiting is not None and now - oldest_waiting > delay:
        waited = int((now - oldest_waiting).total_seconds())
        return f"a task has waited {waited} s for a worker"
    return "ok"


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    report: dict[str, Any] = {}
    checks: dict[str, str] = {}
    steps: list[tuple[str, Any]] = [("database", _database), ("migrations", _migrations)]
    if uses_task_worker():
        steps.append(("tasks", lambda: _tasks(report)))
    for name, check in steps:
        try:
            checks[name] = check()
        except DatabaseError as error:
            logger.warning("health check %s: %s", name, type(error).__name__)
            checks[name] = "database error"
            break
    healthy = all(value == "ok" for value in checks.values())
    body = {"status": "ok" if healthy else "fail", "checks": checks, **report}
    return JsonResponse(body, status=200 if healthy else 503)
