"""/healthz: JSON for load balancers, 200 when the site can serve and 503 when it cannot;
no personal data, no cookie, no sign-in."""

from __future__ import annotations

import datetime
import json
from typing import Any
from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _get(client: Client | None = None) -> tuple[int, dict, object]:
    response = (client or Client()).get("/healthz")
    return response.status_code, json.loads(response.content), response


def test_a_healthy_site_answers_200_with_its_checks_and_sets_no_cookie(settings: Any) -> None:
    status, body, response = _get()
    assert status == 200
    if settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db"):
        # With database workers (CI's PostgreSQL run) the queue is checked too.
        assert body == {
            "status": "ok",
            "checks": {"database": "ok", "migrations": "ok", "tasks": "ok"},
            "worker_last_seen": None,
        }
    else:
        assert body == {"status": "ok", "checks": {"database": "ok", "migrations": "ok"}}
    assert response["Content-Type"] == "application/json"
    assert not response.cookies
    assert "no-cache" in response["Cache-Control"]


def test_it_needs_no_sign_in_and_refuses_writes() -> None:
    assert Client().post("/healthz").status_code == 405
    assert Client().head("/healthz").status_code == 200


def test_an_unreachable_database_answers_503() -> None:
    with mock.patch("assemblea.core.health._database", side_effect=DatabaseError("down")):
        status, body, _ = _get()
    assert status == 503
    assert body["status"] == "fail"
    assert body["checks"]["database"] == "database error"


def test_unapplied_migrations_answer_503(monkeypatch: pytest.MonkeyPatch) -> None:
    from assemblea.core import health

    monkeypatch.setattr(health, "_migrations_applied", False)
    with mock.patch(
        "django.db.migrations.executor.MigrationExecutor.migration_plan",
        return_value=[("migration", False)],
    ):
        status, body, _ = _get()
    assert status == 503
    assert body["checks"]["migrations"] == "1 not applied"


def _task(**fields: object) -> DBTaskResult:
    values: dict[str, object] = {
        "args_kwargs": {"args": [], "kwargs": {}},
        "task_path": "assemblea.core.mail.mail_deliver",
        "backend_name": "default",
        "run_after": timezone.now(),
    }
    values.update(fields)
    return DBTaskResult.objects.create(**values)


def test_with_a_task_worker_an_idle_queue_is_healthy(settings) -> None:
    settings.TASKS = DATABASE_TASKS
    started = timezone.now() - datetime.timedelta(hours=2)
    _task(status="SUCCESSFUL", started_at=started, finished_at=started)
    status, body, _ = _get()
    assert status == 200
    assert body["checks"]["tasks"] == "ok"
    assert body["worker_last_seen"] == started.isoformat()
    # Nothing about the task itself (its arguments may be an e-mail) is shown.
    assert "mail" not in json.dumps(body)


def test_with_a_task_worker_a_task_waiting_too_long_answers_503(settings) -> None:
    settings.TASKS = DATABASE_TASKS
    settings.HEALTH_TASK_DELAY_SECONDS = 300
    _task(run_after=timezone.now() - datetime.timedelta(seconds=30))
    assert _get()[0] == 200  # a fresh task: the worker has time
    _task(run_after=timezone.now() - datetime.timedelta(minutes=10))
    status, body, _ = _get()
    assert status == 503
    assert body["checks"]["tasks"].startswith("a task has waited")
    assert body["worker_last_seen"] is None


def test_in_process_tasks_are_not_checked(settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    _task(run_after=timezone.now() - datetime.timedelta(days=1))
    status, body, _ = _get()
    assert status == 200
    assert "tasks" not in body["checks"]


def test_it_is_exempt_from_the_https_redirect(settings) -> None:
    settings.SECURE_SSL_REDIRECT = True
    assert Client().get("/healthz").status_code == 200
    assert Client().get("/").status_code == 301
