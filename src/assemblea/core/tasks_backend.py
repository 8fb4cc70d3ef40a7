"""An in-process background backend for django-tasks: the embedded default (`make run`).

`ImmediateBackend` runs a task inside the request that enqueues it, so a long selection
blocks the organizer's browser. `ThreadBackend` keeps the same result semantics (a
`TaskResult` that goes READY → RUNNING → SUCCESSFUL or FAILED, the same signals, errors
with their traceback) but runs each task on one daemon worker thread of this process, one
task at a time, after the enqueuing transaction commits; the worker closes its database
connections after each task.

Queued tasks live in this process's memory: they are lost when it stops (at exit the
worker gets EXIT_WAIT_SECONDS to finish what is queued). Code that must
survive that (the selection runs) keeps its own state in the database and notices a run
that stopped (`recruitment.selectors.run_stalled`). Several processes or machines need
the database backend (`ASSEMBLEA_TASKS=database` and `manage.py db_worker`).
"""

from __future__ import annotations

import atexit
import itertools
import logging
import queue
import threading
from collections import OrderedDict
from copy import deepcopy
from typing import Any, TypeVar

from django.db import close_old_connections, connections, transaction
from django.utils import timezone
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import Task, TaskContext, TaskError, TaskResult, TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks.signals import task_enqueued, task_finished, task_started
from django_tasks.utils import (
    get_exception_traceback,
    get_module_path,
    get_random_id,
    normalize_json,
)

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Results kept for `get_result` (the oldest finished ones are forgotten first).
KEEP_RESULTS = 1000
# When the process exits, queued tasks (e-mails queued by a management command) get this
# long to finish before the daemon worker is stopped with the process.
EXIT_WAIT_SECONDS = 10.0


class _Worker:
    """The process's one worker thread, its queue and the results it keeps."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.idle = threading.Condition(self.lock)
        self.queue: queue.PriorityQueue[tuple[int, int, str]] = queue.PriorityQueue()
        self.order = itertools.count()
        self.results: OrderedDict[str, TaskResult[Any]] = OrderedDict()
        self.pending = 0
        self.thread: threading.Thread | None = None
        self.worker_id = get_random_id()

    def remember(self, result: TaskResult[Any]) -> None:
        with self.lock:
            self.results[result.id] = result
            while len(self.results) > KEEP_RESULTS:
                oldest = next((key for key, kept in self.results.items() if kept.is_finished), None)
                if oldest is None:
                    break
                del self.results[oldest]

    def snapshot(self, result_id: str) -> TaskResult[Any]:
        with self.lock:
            try:
                return deepcopy(self.results[result_id])
            except KeyError:
                raise TaskResultDoesNotExist(result_id) from None

    def submit(self, result: TaskResult[Any]) -> None:
        with self.lock:
            self.pending += 1
            # Higher priority first, then first come first served.
            self.queue.put((-result.task.priority, next(self.order), result.id))
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(
                    target=self.loop, name="assemblea-tasks", daemon=True
                )
                self.thread.start()

    def loop(self) -> None:
        while True:
            _priority, _order, result_id = self.queue.get()
            try:
                with self.lock:
                    result = self.results.get(result_id)
                if result is not None:
                    self.execute(result)
            except Exception:  # pragma: no cover - execute records every task error
                logger.exception("The task worker failed on task %s", result_id)
            finally:
                connections.close_all()
                with self.lock:
                    self.pending -= 1
                    self.idle.notify_all()

    def set(self, result: TaskResult[Any], **changes: Any) -> None:
        with self.lock:
            for name, value in changes.items():
                object.__setattr__(result, name, value)

    def execute(self, result: TaskResult[Any]) -> None:
        """Run one task, recording its outcome on its result (as ImmediateBackend does)."""
        close_old_connections()
        task = result.task
        started = timezone.now()
        with self.lock:
            result.worker_ids.append(self.worker_id)
        self.set(
            result,
            status=TaskResultStatus.RUNNING,
            started_at=started,
            last_attempted_at=started,
        )
        task_started.send(sender=ThreadBackend, task_result=result)
        try:
            if task.takes_context:
                value = task.call(TaskContext(task_result=result), *result.args, **result.kwargs)
            else:
                value = task.call(*result.args, **result.kwargs)
            returned = normalize_json(value)
        except BaseException as error:  # recorded on the result, as ImmediateBackend does
            with self.lock:
                result.errors.append(
                    TaskError(
                        exception_class_path=get_module_path(type(error)),
                        traceback=get_exception_traceback(error),
                    )
                )
            self.set(result, finished_at=timezone.now(), status=TaskResultStatus.FAILED)
        else:
            self.set(
                result,
                _return_value=returned,
                finished_at=timezone.now(),
                status=TaskResultStatus.SUCCESSFUL,
            )
        task_finished.send(sender=ThreadBackend, task_result=result)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every submitted task has finished; False if `timeout` ran out."""
        with self.lock:
            return self.idle.wait_for(lambda: self.pending == 0, timeout=timeout)


_worker = _Worker()


@atexit.register
def _finish_before_exit() -> None:
    if _worker.pending and not _worker.wait(EXIT_WAIT_SECONDS):
        logger.warning("%s background tasks were left unfinished at exit", _worker.pending)


def tasks_wait(timeout: float | None = None) -> bool:
    """Wait for the in-process worker to finish every task submitted so far (for tests and
    management commands); True when it did within `timeout` seconds."""
    return _worker.wait(timeout)


class ThreadBackend(BaseTaskBackend):
    """Runs tasks on a background thread of this process, after the transaction commits."""

    supports_async_task = True
    supports_priority = True
    # Results can be read from any thread of this process (not from other processes).
    supports_get_result = True

    def enqueue(self, task: Task[Any, T], args: Any, kwargs: Any) -> TaskResult[T]:
        self.validate_task(task)
        result: TaskResult[T] = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=timezone.now(),
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        _worker.remember(result)
        task_enqueued.send(type(self), task_result=result)
        # Outside a transaction this runs at once; inside one, only if it commits, so the
        # task never reads rows that are not there yet.
        transaction.on_commit(lambda: _worker.submit(result))
        return _worker.snapshot(result.id)

    def get_result(self, result_id: str) -> TaskResult[Any]:
        return _worker.snapshot(result_id)
