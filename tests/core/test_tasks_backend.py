"""The in-process background backend: enqueue returns at once, the task runs on the worker
thread after the commit, and its result or its error is recorded as django-tasks does."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from django_tasks import TaskResultStatus, task

from assemblea.core.tasks_backend import tasks_wait

# Enqueueing asks the database whether a transaction is open (to wait for its commit).
pytestmark = pytest.mark.django_db(transaction=True)

THREADED = {"default": {"BACKEND": "assemblea.core.tasks_backend.ThreadBackend"}}

# Set by the tasks below, read by the tests.
seen: dict[str, Any] = {}
release = threading.Event()


@task()
def where_am_i(label: str) -> dict[str, Any]:
    seen[label] = threading.current_thread().name
    return {"label": label, "thread": threading.current_thread().name}


@task()
def wait_for_release() -> str:
    # Blocks the worker until the test lets it go: enqueue must not wait for it.
    release.wait(timeout=30)
    return "released"


@task()
def explode() -> None:
    raise RuntimeError("the engine broke")


@task()
def count_users() -> int:
    from assemblea.accounts.models import User

    return User.objects.count()


@pytest.fixture(autouse=True)
def threaded() -> Any:
    seen.clear()
    release.clear()
    with override_settings(TASKS=THREADED):
        yield
    release.set()
    assert tasks_wait(timeout=30)


def test_enqueue_returns_at_once_and_the_task_runs_on_another_thread() -> None:
    blocker = wait_for_release.enqueue()
    # The worker is busy with the blocker: this one is queued, not run inside enqueue.
    result = where_am_i.enqueue("second")
    assert result.status == TaskResultStatus.READY
    assert blocker.status in (TaskResultStatus.READY, TaskResultStatus.RUNNING)
    assert "second" not in seen
    release.set()
    assert tasks_wait(timeout=30)
    result.refresh()
    blocker.refresh()
    assert blocker.status == TaskResultStatus.SUCCESSFUL
    assert blocker.return_value == "released"
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == {"label": "second", "thread": "assemblea-tasks"}
    assert seen["second"] != threading.current_thread().name
    assert result.started_at is not None and result.finished_at is not None
    assert result.enqueued_at is not None and result.enqueued_at <= result.started_at
    assert len(result.worker_ids) == 1


def test_an_exception_is_recorded_on_the_result() -> None:
    result = explode.enqueue()
    assert tasks_wait(timeout=30)
    result.refresh()
    assert result.status == TaskResultStatus.FAILED
    assert result.errors[0].exception_class is RuntimeError
    assert "the engine broke" in result.errors[0].traceback
    with pytest.raises(ValueError, match="Task failed"):
        result.return_value  # noqa: B018
    # The worker lives on for the next task.
    after = where_am_i.enqueue("after")
    assert tasks_wait(timeout=30)
    after.refresh()
    assert after.status == TaskResultStatus.SUCCESSFUL


def test_a_result_is_read_through_the_task_from_any_thread() -> None:
    result = where_am_i.enqueue("read")
    assert tasks_wait(timeout=30)
    found: list[Any] = []
    reader = threading.Thread(target=lambda: found.append(where_am_i.get_result(result.id)))
    reader.start()
    reader.join()
    assert found[0].status == TaskResultStatus.SUCCESSFUL
    assert found[0].return_value["label"] == "read"


def test_the_task_runs_after_the_commit_and_never_after_a_rollback(make_user: Any) -> None:
    with transaction.atomic():
        make_user("visible")
        committed = count_users.enqueue()
        # Nothing runs before the commit: the task would not see the new row.
        assert tasks_wait(timeout=0.5)
    assert tasks_wait(timeout=30)
    committed.refresh()
    assert committed.status == TaskResultStatus.SUCCESSFUL
    assert committed.return_value == 1

    with pytest.raises(RuntimeError), transaction.atomic():
        rolled_back = where_am_i.enqueue("rolled back")
        raise RuntimeError("rollback")
    assert tasks_wait(timeout=30)
    assert "rolled back" not in seen
    assert rolled_back.status == TaskResultStatus.READY
