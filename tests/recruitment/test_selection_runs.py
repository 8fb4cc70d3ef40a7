"""Selection runs in the background: progress on the organizer's page, cancellation, and a
run that fails or stops mid-way leaving the assembly ready to start again (issue 13)."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from assemblea.accounts.models import OrganizationKind
from assemblea.accounts.services import organization_create
from assemblea.assemblies import services as assembly_services
from assemblea.core.models import Event
from assemblea.engines import sortition
from assemblea.recruitment import events, selectors, services
from assemblea.recruitment.models import RegistrationStatus, RunStatus, SelectionRun

pytestmark = pytest.mark.django_db

PROGRESS = {
    "algorithm": "leximin",
    "phase": "optimise",
    "stage": 2,
    "iteration": 40,
    "current_min": 0.04651,
    "elapsed": 30.0,
    "remaining": 95.0,
    "fixed_types": 120,
    "types": 421,
    "columns": 300,
}


def fill_pool(register: Any, count: int = 24) -> None:
    profiles = [("woman", "16-39"), ("woman", "40+"), ("man", "16-39"), ("man", "40+")]
    for number in range(count):
        register(*profiles[number % 4], number)


@pytest.fixture
def queued(recruiting: Any, register: Any, organizer: Any) -> SelectionRun:
    """A selection queued, not started: in these tests the commit that would enqueue it
    never comes, and each test runs the task's body itself when it needs to."""
    fill_pool(register)
    return services.selection_start(actor=organizer, recruitment=recruiting)


def _running(run: SelectionRun, **fields: Any) -> SelectionRun:
    now = timezone.now()
    values = {
        "status": RunStatus.RUNNING,
        "started_at": now - datetime.timedelta(seconds=30),
        "heartbeat_at": now,
        "progress": PROGRESS,
        **fields,
    }
    SelectionRun.objects.filter(pk=run.pk).update(**values)
    run.refresh_from_db()
    return run


def _verbs(recruitment: Any) -> list[str]:
    return list(
        Event.objects.filter(verb__startswith="recruitment.selection").values_list(
            "verb", flat=True
        )
    )


# --- Cancelling -------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["stranger", "member", "facilitator", "organizer_elsewhere"])
def test_only_the_organizers_cancel_a_run(
    queued: SelectionRun, recruiting: Any, organizer: Any, make_user: Any, who: str
) -> None:
    user = make_user(who)
    assembly = recruiting.assembly
    if who == "member":
        assembly_services.seat_fill(
            actor=organizer, category=recruiting.category, name="Member", user=user
        )
    elif who == "facilitator":
        assembly_services.assembly_role_grant(
            actor=organizer, assembly=assembly, user=user, role="facilitator"
        )
    elif who == "organizer_elsewhere":
        elsewhere = organization_create(
            actor=user, name="Elsewhere", kind=OrganizationKind.COALITION
        )
        assembly_services.assembly_create(
            actor=user,
            organization=elsewhere,
            title="Elsewhere assembly",
            kind="civic_one_time",
            question="?",
        )
    for run in (queued, _running(queued)):
        before = Event.objects.count()
        with pytest.raises(PermissionDenied):
            services.selection_cancel(actor=user, run=run)
        run.refresh_from_db()
        assert run.status != RunStatus.CANCELLED and run.cancelled_by is None
        assert Event.objects.count() == before


def test_cancelling_a_queued_run_ends_it_and_a_new_one_starts_at_once(
    queued: SelectionRun, recruiting: Any, organizer: Any
) -> None:
    run = services.selection_cancel(actor=organizer, run=queued)
    run.refresh_from_db()
    assert run.status == RunStatus.CANCELLED
    assert run.cancelled_by == organizer and run.finished_at is not None
    assert events.SELECTION_CANCELLED in _verbs(recruiting)
    # The worker picks the task up later: it finds the run cancelled and leaves it alone.
    services.selection_execute(run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.CANCELLED and run.report is None and run.started_at is None
    # Nothing is half-drawn, and the pool can change again (the run did not use it).
    assert not recruiting.registrations.exclude(status=RegistrationStatus.POOL).exists()
    again = services.selection_start(actor=organizer, recruitment=recruiting)
    services.selection_execute(again.pk)
    again.refresh_from_db()
    assert again.status == RunStatus.READY, again.error


@pytest.mark.parametrize("status", [RunStatus.READY, RunStatus.FAILED, RunStatus.CANCELLED])
def test_a_run_that_has_ended_cannot_be_cancelled(
    queued: SelectionRun, organizer: Any, status: str
) -> None:
    SelectionRun.objects.filter(pk=queued.pk).update(status=status)
    queued.refresh_from_db()
    before = Event.objects.count()
    with pytest.raises(ValidationError) as ended:
        services.selection_cancel(actor=organizer, run=queued)
    assert ended.value.error_list[0].code == "run_already_ended"
    queued.refresh_from_db()
    assert queued.status == status and Event.objects.count() == before


def test_cancelling_mid_run_stops_the_engine_through_should_stop(
    queued: SelectionRun, recruiting: Any, organizer: Any, monkeypatch: Any
) -> None:
    """The organizer cancels while the engine works: the task sees it at its next check,
    the engine stops (SelectionCancelled), and nothing it computed is kept."""
    monkeypatch.setattr(services.selection, "STOP_CHECK_SECONDS", 0)
    saved = services._RunWatch.progress
    calls: list[dict[str, Any]] = []

    def progress_then_cancel(watch: Any, state: Any) -> None:
        saved(watch, state)
        if not calls:
            calls.append(dict(SelectionRun.objects.get(pk=queued.pk).progress))
            services.selection_cancel(actor=organizer, run=queued)

    monkeypatch.setattr(services._RunWatch, "progress", progress_then_cancel)
    engine_select = sortition.select
    outcome: list[BaseException] = []

    def watched_select(*args: Any, **kwargs: Any) -> Any:
        try:
            return engine_select(*args, **kwargs)
        except BaseException as error:
            outcome.append(error)
            raise

    monkeypatch.setattr(sortition, "select", watched_select)
    services.selection_execute(queued.pk)
    assert calls and calls[0]["types"] > 0 and "current_min" in calls[0]
    assert outcome and isinstance(outcome[0], sortition.SelectionCancelled)
    queued.refresh_from_db()
    assert queued.status == RunStatus.CANCELLED
    assert queued.report is None and queued.error == ""
    assert events.SELECTION_READY not in _verbs(recruiting)
    assert events.SELECTION_FAILED not in _verbs(recruiting)
    assert not recruiting.registrations.exclude(status=RegistrationStatus.POOL).exists()
    # Start again at once, to the end.
    monkeypatch.undo()
    again = services.selection_start(actor=organizer, recruitment=recruiting)
    services.selection_execute(again.pk)
    again.refresh_from_db()
    assert again.status == RunStatus.READY, again.error


def test_a_run_cancelled_as_it_finishes_keeps_nothing(
    queued: SelectionRun, recruiting: Any, organizer: Any, monkeypatch: Any
) -> None:
    """Cancelled after the engine's last check: the finished report is not saved."""
    engine_build_report = sortition.build_report

    def cancel_then_report(selection: Any) -> Any:
        services.selection_cancel(actor=organizer, run=queued)
        return engine_build_report(selection)

    monkeypatch.setattr(sortition, "build_report", cancel_then_report)
    services.selection_execute(queued.pk)
    queued.refresh_from_db()
    assert queued.status == RunStatus.CANCELLED and queued.report is None
    assert events.SELECTION_READY not in _verbs(recruiting)


# --- Failing and stalling ---------------------------------------------------------------


def test_an_engine_error_leaves_the_run_failed_with_its_reason(
    queued: SelectionRun, recruiting: Any, organizer: Any, monkeypatch: Any
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the solver exploded")

    monkeypatch.setattr(sortition, "select", broken)
    with pytest.raises(RuntimeError):  # the task itself is recorded as failed, too
        services.selection_execute(queued.pk)
    queued.refresh_from_db()
    assert queued.status == RunStatus.FAILED
    assert "unexpected error" in queued.error and "the solver exploded" in queued.error
    assert events.SELECTION_FAILED in _verbs(recruiting)
    monkeypatch.undo()
    retry = services.selection_retry(actor=organizer, run=queued)
    services.selection_execute(retry.pk)
    retry.refresh_from_db()
    assert retry.status == RunStatus.READY, retry.error


def test_a_run_without_sign_of_life_is_stalled_and_can_be_started_again(
    queued: SelectionRun, recruiting: Any, organizer: Any
) -> None:
    long_ago = timezone.now() - selectors.STALL_AFTER - datetime.timedelta(minutes=1)
    run = _running(queued, heartbeat_at=long_ago, started_at=long_ago)
    assert selectors.run_stalled(run)
    assert not selectors.run_stalled(_running(queued))
    run = _running(queued, heartbeat_at=long_ago, started_at=long_ago)
    # A healthy run cannot be restarted over; a stalled one can.
    retry = services.selection_retry(actor=organizer, run=run)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "no sign of life" in run.error
    assert retry.status == RunStatus.QUEUED
    # The old worker, if it ever wakes up, is told to stop and writes nothing.
    watch = services._RunWatch(run.pk)
    assert watch.should_stop()


def test_starting_again_gives_up_a_stalled_run(
    queued: SelectionRun, recruiting: Any, organizer: Any
) -> None:
    long_ago = timezone.now() - selectors.STALL_AFTER - datetime.timedelta(minutes=1)
    SelectionRun.objects.filter(pk=queued.pk).update(created_at=long_ago)  # never picked up
    queued.refresh_from_db()
    assert selectors.run_stalled(queued)
    again = services.selection_start(actor=organizer, recruitment=recruiting)
    queued.refresh_from_db()
    assert queued.status == RunStatus.FAILED and "no sign of life" in queued.error
    assert again.status == RunStatus.QUEUED


def test_a_healthy_run_is_not_restarted_over(queued: SelectionRun, organizer: Any) -> None:
    run = _running(queued)
    with pytest.raises(ValidationError) as going:
        services.selection_retry(actor=organizer, run=run)
    assert going.value.error_list[0].code == "run_still_going"
    with pytest.raises(ValidationError) as running:
        services.selection_start(actor=organizer, recruitment=run.recruitment)
    assert running.value.error_list[0].code == "run_already_active"


def test_the_worker_keeps_a_sign_of_life_and_saves_progress(queued: SelectionRun) -> None:
    run = _running(queued, heartbeat_at=timezone.now() - datetime.timedelta(minutes=3))
    watch = services._RunWatch(run.pk)
    watch.last_beat -= services.HEARTBEAT_SECONDS
    assert not watch.should_stop()
    run.refresh_from_db()
    assert timezone.now() - run.heartbeat_at < datetime.timedelta(seconds=30)
    state = sortition.Progress(
        algorithm="leximin",
        stage=3,
        iteration=7,
        fixed_types=5,
        n_types=9,
        current_min=0.25,
        elapsed=2.5,
        columns=11,
        remaining=4.0,
    )
    watch.progress(state)
    run.refresh_from_db()
    assert run.progress["stage"] == 3 and run.progress["fixed_types"] == 5
    assert run.progress["types"] == 9 and run.progress["remaining"] == 4.0


def test_a_check_from_the_solver_s_own_thread_does_not_touch_the_database(
    queued: SelectionRun,
) -> None:
    import threading

    run = _running(queued)
    watch = services._RunWatch(run.pk)
    SelectionRun.objects.filter(pk=run.pk).update(status=RunStatus.CANCELLED)
    answers: list[bool] = []
    solver = threading.Thread(target=lambda: answers.append(watch.should_stop()))
    solver.start()
    solver.join()
    assert answers == [False]  # the last answer, no query from that thread
    assert watch.should_stop()  # the task's thread reads the cancellation


# --- The organizer's page ---------------------------------------------------------------


def _page(client: Any, recruiting: Any, query: str = "", **headers: Any) -> Any:
    url = reverse("recruitment:selection", args=[recruiting.assembly.slug]) + query
    return client.get(url, headers=headers)


def test_the_page_shows_the_progress_and_a_cancel_button(
    client: Any, queued: SelectionRun, recruiting: Any, organizer: Any
) -> None:
    _running(queued)
    client.force_login(organizer)
    response = _page(client, recruiting)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="status"' in html and 'aria-live="polite"' in html
    assert "Stage 2: 120 of 421 groups of people with the same answers" in html
    assert "4.65%" in html
    assert re.search(r"Running for [3-5]\d seconds\.", html)
    assert "About 1 min" in html  # 95 s estimated, some of it gone already
    assert 'name="action" value="cancel"' in html
    assert 'value="start"' not in html  # one run at a time
    assert "part=progress" in html and "data-live-poll=" in html  # live.js: stream, or poll
    # Without JavaScript, it reloads only when asked to (WCAG 2.2.1).
    assert "Refresh" not in response.headers
    assert "?updates=auto" in html
    auto = _page(client, recruiting, "?updates=auto")
    assert auto.headers["Refresh"] == "10"
    paused = _page(client, recruiting, "?updates=off").content.decode()
    assert "data-live-poll" not in paused and "Automatic updates are paused." in paused


def test_the_progress_region_updates_and_reloads_the_page_when_the_run_ends(
    client: Any, queued: SelectionRun, recruiting: Any, organizer: Any
) -> None:
    _running(queued)
    client.force_login(organizer)
    part = _page(client, recruiting, "?part=progress", HX_Request="true")
    html = part.content.decode()
    assert 'id="run-progress"' in html and 'hx-swap-oob="true"' in html
    assert "<h1" not in html and "HX-Refresh" not in part.headers
    SelectionRun.objects.filter(pk=queued.pk).update(status=RunStatus.FAILED, error="x")
    ended = _page(client, recruiting, "?part=progress", HX_Request="true")
    assert ended.headers["HX-Refresh"] == "true"


def test_cancel_on_the_page_and_the_state_after_it(
    client: Any, queued: SelectionRun, recruiting: Any, organizer: Any
) -> None:
    _running(queued)
    client.force_login(organizer)
    action = reverse("recruitment:selection_action", args=[recruiting.assembly.slug])
    response = client.post(action, {"action": "cancel", "run": queued.pk}, follow=True)
    html = response.content.decode()
    assert "The run was cancelled." in html
    assert "Cancelled by organizer on" in html
    assert "Nothing was drawn and the pool is as it was" in html
    assert 'value="cancel"' not in html and "data-live-poll" not in html
    assert 'value="start"' in html  # run the selection again
    # Cancelling again says why not, politely.
    again = client.post(action, {"action": "cancel", "run": queued.pk}, follow=True)
    assert "has already ended (Cancelled): there is nothing to cancel." in again.content.decode()


def test_a_stalled_run_is_shown_with_its_reason_and_a_way_to_start_again(
    client: Any, queued: SelectionRun, recruiting: Any, organizer: Any
) -> None:
    long_ago = timezone.now() - selectors.STALL_AFTER - datetime.timedelta(minutes=1)
    _running(queued, heartbeat_at=long_ago, started_at=long_ago)
    client.force_login(organizer)
    html = _page(client, recruiting).content.decode()
    assert "stopped responding" in html and "no sign of life for more than 10 minutes" in html
    assert 'value="retry"' in html and "data-live-poll" not in html
    action = reverse("recruitment:selection_action", args=[recruiting.assembly.slug])
    client.post(action, {"action": "retry", "run": queued.pk})
    queued.refresh_from_db()
    assert queued.status == RunStatus.FAILED
    assert recruiting.runs.filter(status=RunStatus.QUEUED).count() == 1


def test_someone_else_cannot_cancel_on_the_page(
    client: Any, queued: SelectionRun, recruiting: Any, make_user: Any
) -> None:
    _running(queued)
    client.force_login(make_user("stranger"))
    action = reverse("recruitment:selection_action", args=[recruiting.assembly.slug])
    response = client.post(action, {"action": "cancel", "run": queued.pk})
    assert response.status_code in (403, 404)
    queued.refresh_from_db()
    assert queued.status == RunStatus.RUNNING


# --- The in-process worker from a management command ------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_task_queued_by_a_command_finishes_before_the_command_exits(monkeypatch: Any) -> None:
    """With the in-process worker, a task queued by a short-lived command would die with
    the process: the command waits for it."""
    import io
    import threading

    from django.core.management import call_command
    from django.test import override_settings

    ran: list[str] = []

    def slow_delete() -> int:
        threading.Event().wait(0.3)
        ran.append(threading.current_thread().name)
        return 0

    monkeypatch.setattr(services, "personal_data_delete_expired", slow_delete)
    out = io.StringIO()
    with override_settings(
        TASKS={"default": {"BACKEND": "assemblea.core.tasks_backend.ThreadBackend"}}
    ):
        call_command("delete_expired_personal_data", "--queue", stdout=out)
    assert ran == ["assemblea-tasks"] and "Queued." in out.getvalue()
