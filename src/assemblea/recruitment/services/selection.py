"""Selection runs: the snapshot of the pool, the engine in the background, cancel, retry."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblea.core.events import assembly_event_record
from assemblea.core.spreadsheet import csv_writer
from assemblea.recruitment import events
from assemblea.recruitment.engine_errors import engine_error_record
from assemblea.recruitment.live import run_changed
from assemblea.recruitment.models import (
    Recruitment,
    Registration,
    RegistrationStatus,
    RunKind,
    RunStatus,
    SelectionRun,
    TargetValue,
)
from assemblea.recruitment.permissions import RecruitmentAction, require
from assemblea.recruitment.selectors import STALL_AFTER, run_stalled
from assemblea.recruitment.tasks import run_selection

# --- Selection --------------------------------------------------------------------------


def _features_csv(recruitment: Recruitment) -> str:
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(["feature", "value", "min", "max"])
    for category in recruitment.target_categories.prefetch_related("values"):
        for value in category.values.all():
            writer.writerow([category.name, value.value, value.min_seats, value.max_seats])
    return out.getvalue()


def _people_csv(registrations: Sequence[Registration], categories: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(["id", *categories])
    for registration in registrations:
        writer.writerow([registration.public_id, *(registration.answers[c] for c in categories)])
    return out.getvalue()


@transaction.atomic
def selection_start(*, actor: Any, recruitment: Recruitment) -> SelectionRun:
    """Snapshot the pool's anonymous answers and queue the engine as a background task."""
    require(actor, RecruitmentAction.MANAGE, recruitment.assembly)
    if recruitment.runs.filter(kind=RunKind.SELECTION, status=RunStatus.DRAWN).exists():
        raise ValidationError(
            _("The panel has already been drawn. Draw replacements for people who drop out."),
            code="panel_already_drawn",
        )
    categories = list(recruitment.target_categories.values_list("name", flat=True))
    if not categories:
        raise ValidationError(_("Set the lottery's targets first."), code="targets_missing")
    # One registration per person: flagged duplicates stay out of the pool that is drawn.
    pool = list(
        recruitment.registrations.filter(status=RegistrationStatus.POOL, duplicate_of__isnull=True)
    )
    if len(pool) < recruitment.seats:
        raise ValidationError(
            _(
                "The pool has %(pool)s people for %(seats)s seats: keep registration open, or "
                "reach out to more people."
            ),
            code="pool_smaller_than_seats",
            params={"pool": len(pool), "seats": recruitment.seats},
        )
    _give_up_stalled(recruitment, actor)
    try:
        with transaction.atomic():
            run = SelectionRun.objects.create(
                recruitment=recruitment,
                kind=RunKind.SELECTION,
                algorithm=recruitment.algorithm,
                features_csv=_features_csv(recruitment),
                people_csv=_people_csv(pool, categories),
            )
    except IntegrityError:
        raise ValidationError(
            _("A selection is already running for this assembly: wait for it to finish."),
            code="run_already_active",
        ) from None
    assembly_event_record(
        assembly=recruitment.assembly,
        verb=events.SELECTION_QUEUED,
        actor=actor,
        # The public record's count of registrations: each registration is a private event.
        data={
            "algorithm": run.algorithm,
            "pool": len(pool),
            "registrations": recruitment.registrations.count(),
        },
    )
    transaction.on_commit(lambda: run_selection.enqueue(run.pk))
    return run


def _engine_inputs(run: SelectionRun, seats: int) -> Any:
    """The engine's inputs from the run's snapshot, given as text (no file is written)."""
    from assemblea.engines.sortition import InputError, Inputs, load_people, load_quotas

    quotas, quota_file = load_quotas(text=run.features_csv, name="features.csv")
    pool, people_file = load_people(None, quotas, "id", text=run.people_csv, name="people.csv")
    if not 1 <= seats <= len(pool):
        raise InputError(
            f"{seats} seats requested but the pool has only {len(pool)} people",
            file=people_file.name,
            code="pool_too_small",
            params={"seats": seats, "pool": len(pool)},
        )
    return Inputs(quotas, pool, quota_file, people_file, seats, [])


# How often the running task looks for a cancellation, and writes a sign of life when it
# has no progress to save (seconds).
STOP_CHECK_SECONDS = 0.5
HEARTBEAT_SECONDS = 5.0


class _RunWatch:
    """The running task's link to its row: saves the progress (at most once a second) and
    tells the engine to stop as soon as the run is no longer "running" in the database
    (cancelled by an organizer, or given up as stalled)."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.stopped = False
        self.last_progress = 0.0
        self.last_check = 0.0
        self.last_beat = time.monotonic()
        # The solver may call back from a thread of its own: only the task's thread (and
        # its database connection, inside its transaction) reads the run.
        self.thread = threading.get_ident()

    def _running(self) -> Any:
        return SelectionRun.objects.filter(pk=self.run_id, status=RunStatus.RUNNING)

    def progress(self, state: Any) -> None:
        now = time.monotonic()
        if now - self.last_progress < 1 or self.stopped or threading.get_ident() != self.thread:
            return
        self.last_progress = self.last_beat = now
        saved = self._running().update(
            heartbeat_at=timezone.now(),
            progress={
                "algorithm": state.algorithm,
                "phase": getattr(state, "phase", "optimise"),
                "stage": state.stage,
                "iteration": state.iteration,
                "current_min": state.current_min,
                "elapsed": round(state.elapsed, 1),
                "remaining": None if state.remaining is None else round(state.remaining, 1),
                "fixed_types": state.fixed_types,
                "types": state.n_types,
                "columns": state.columns,
            },
        )
        run_changed(self.run_id)
        if not saved:
            self.stopped = True

    def should_stop(self) -> bool:
        now = time.monotonic()
        if (
            self.stopped
            or now - self.last_check < STOP_CHECK_SECONDS
            or threading.get_ident() != self.thread
        ):
            return self.stopped
        self.last_check = now
        if now - self.last_beat >= HEARTBEAT_SECONDS:
            self.last_beat = now
            self.stopped = not self._running().update(heartbeat_at=timezone.now())
        else:
            self.stopped = not self._running().exists()
        return self.stopped


def _engine_run(run: SelectionRun, watch: _RunWatch) -> dict[str, Any]:
    """Run the engine on the run's snapshot: the first selection, or the replacements."""
    from assemblea.engines.sortition import build_report, select
    from assemblea.engines.sortition.replace import draw_replacements

    inputs = _engine_inputs(run, run.recruitment.seats)
    if run.kind == RunKind.SELECTION:
        selection = select(
            inputs,
            run.algorithm,
            seed=None,
            progress=watch.progress,
            should_stop=watch.should_stop,
        )
    else:
        assert run.parent is not None and run.parent.report is not None
        # No seed: the replacement lottery is computed and published first, and the
        # seed announced afterwards picks one of its panels (selection_draw), exactly
        # like the first draw. Knowing the seed before the lottery is fixed would let
        # an organizer try seeds privately.
        selection = draw_replacements(
            inputs,
            run.parent.report,
            run.dropouts,
            None,  # type: ignore[arg-type]
            run.algorithm,
            progress=watch.progress,
            should_stop=watch.should_stop,
        )
    return build_report(selection)


def _relaxation_of(error: Any) -> list[dict[str, Any]]:
    """The engine's proposed relaxation of infeasible quotas, as the run stores it."""
    return [
        {
            "category": c.category,
            "value": c.value,
            "min": c.new_min,
            "max": c.new_max,
            "text": c.describe(),
        }
        for c in (error.relaxation or [])
    ]


def _ready_save(run: SelectionRun, report: dict[str, Any]) -> None:
    """Keep the report, unless the run was cancelled (or given up) meanwhile."""
    with transaction.atomic():
        finished = SelectionRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
            report=report, finished_at=timezone.now(), status=RunStatus.READY
        )
        run_changed(run.pk)
        if finished:
            assembly_event_record(
                assembly=run.recruitment.assembly,
                verb=events.REPLACEMENT_READY
                if run.kind == RunKind.REPLACEMENT
                else events.SELECTION_READY,
                data={"panels": report["lottery"]["size"]},
            )


def selection_execute(run_id: int) -> None:
    """The background task's body: run the engine, store the report or the reason it failed.

    Progress is saved at most once a second, so the organizer's page can show it. Every
    write is conditional on the run still being "running": once an organizer cancels it
    (or gives it up as stalled) the engine stops at its next check and nothing it computed
    is kept, so nothing is ever half-drawn.
    """
    from assemblea.engines.sortition import (
        InfeasibleQuotasError,
        SelectionCancelled,
        SortitionError,
    )

    now = timezone.now()
    claimed = SelectionRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=now, heartbeat_at=now
    )
    if not claimed:
        return  # cancelled before it started, or run already
    run_changed(run_id)
    run = SelectionRun.objects.select_related("recruitment__assembly", "parent").get(pk=run_id)
    try:
        report = _engine_run(run, _RunWatch(run.pk))
    except SelectionCancelled:
        return  # whoever stopped it has already ended the run, with its reason
    except InfeasibleQuotasError as error:
        _fail(run, str(error), relaxation=_relaxation_of(error), error=error)
        return
    except (SortitionError, ValueError) as error:
        _fail(run, str(error), error=error)
        return
    except Exception as error:
        # Not the input's fault: the run still ends as failed, with the reason, and the
        # task is recorded as failed with its traceback.
        detail = f"{type(error).__name__}: {error}"[:500]
        _fail(
            run,
            _(
                "The engine stopped on an unexpected error (%(error)s). Start it again; if it "
                "fails again, tell the site's administrators."
            )
            % {"error": detail},
            coded={"code": "engine_crashed", "params": {"error": detail}},
        )
        raise
    _ready_save(run, report)


def _fail(
    run: SelectionRun,
    reason: str,
    relaxation: list[dict[str, Any]] | None = None,
    *,
    actor: Any = None,
    error: Exception | None = None,
    coded: dict[str, Any] | None = None,
) -> None:
    """End an active run as failed with its reason (not one that was cancelled meanwhile).

    An engine error's code and params are kept with the run (under `progress["error"]`) and
    in the event, so both are shown in the reader's language (engine_errors.py)."""
    coded = coded or (engine_error_record(error) if error is not None else {})
    with transaction.atomic():
        failed = SelectionRun.objects.filter(
            pk=run.pk, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
        ).update(
            status=RunStatus.FAILED,
            error=reason,
            relaxation=relaxation or [],
            progress={"error": coded} if coded else {},
            finished_at=timezone.now(),
        )
        run_changed(run.pk)
        if failed:
            run.refresh_from_db()
            assembly_event_record(
                assembly=run.recruitment.assembly,
                verb=events.SELECTION_FAILED,
                actor=actor,
                data={"reason": reason[:300], **coded},
            )


_STALLED = {"code": "run_stalled", "params": {"minutes": int(STALL_AFTER.total_seconds() // 60)}}


def _stall_reason() -> str:
    return _(
        "The engine gave no sign of life for %(minutes)s minutes: its worker was probably "
        "stopped or restarted. Nothing was drawn; start the selection again."
    ) % {"minutes": int(STALL_AFTER.total_seconds() // 60)}


def _give_up_stalled(recruitment: Recruitment, actor: Any) -> None:
    """End the recruitment's stalled runs as failed, so a new one can start at once."""
    now = timezone.now()
    for run in recruitment.runs.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]):
        if run_stalled(run, now):
            _fail(run, _stall_reason(), actor=actor, coded=_STALLED)


@transaction.atomic
def selection_cancel(*, actor: Any, run: SelectionRun) -> SelectionRun:
    """Cancel a queued or running selection (or replacement) run.

    The run ends as "cancelled" at once, so a new one can be started straight away; the
    engine sees it at its next check (within a second or so) and stops without keeping
    anything. The pool is left as it was: nobody is selected, nothing is drawn."""
    require(actor, RecruitmentAction.MANAGE, run.recruitment.assembly)
    run = (
        SelectionRun.objects.select_for_update()
        .select_related("recruitment__assembly")
        .get(pk=run.pk)
    )
    if run.status not in (RunStatus.QUEUED, RunStatus.RUNNING):
        raise ValidationError(
            _("This run has already ended (%(status)s): there is nothing to cancel."),
            code="run_already_ended",
            params={"status": run.get_status_display()},
        )
    was = run.status
    run.status = RunStatus.CANCELLED
    run.cancelled_by = actor
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "cancelled_by", "finished_at"])
    run_changed(run.pk)
    assembly_event_record(
        assembly=run.recruitment.assembly,
        verb=events.SELECTION_CANCELLED,
        actor=actor,
        data={"kind": run.kind, "was": str(was)},
    )
    return run


@transaction.atomic
def selection_retry(*, actor: Any, run: SelectionRun) -> SelectionRun:
    """Start a failed, cancelled or stalled run again, from the same snapshot."""
    require(actor, RecruitmentAction.MANAGE, run.recruitment.assembly)
    run = SelectionRun.objects.select_for_update().get(pk=run.pk)
    if run_stalled(run):
        _fail(run, _stall_reason(), actor=actor, coded=_STALLED)
        run.refresh_from_db()
    if run.status not in (RunStatus.FAILED, RunStatus.CANCELLED):
        if run.status in (RunStatus.QUEUED, RunStatus.RUNNING):
            raise ValidationError(
                _("This run is still going: cancel it first."), code="run_still_going"
            )
        raise ValidationError(
            _("Only a failed or cancelled run can be restarted."), code="run_not_restartable"
        )
    if (
        run.kind == RunKind.SELECTION
        and run.recruitment.runs.filter(kind=RunKind.SELECTION, status=RunStatus.DRAWN).exists()
    ):
        raise ValidationError(
            _("The panel has already been drawn. Draw replacements for people who drop out."),
            code="panel_already_drawn",
        )
    try:
        with transaction.atomic():
            retry = SelectionRun.objects.create(
                recruitment=run.recruitment,
                kind=run.kind,
                parent=run.parent,
                algorithm=run.algorithm,
                seed=run.seed,
                dropouts=run.dropouts,
                features_csv=run.features_csv,
                people_csv=run.people_csv,
            )
    except IntegrityError:
        raise ValidationError(
            _("A selection is already running for this assembly: wait for it to finish."),
            code="run_already_active",
        ) from None
    assembly_event_record(
        assembly=run.recruitment.assembly,
        verb=events.SELECTION_QUEUED,
        actor=actor,
        data={"algorithm": retry.algorithm},
    )
    transaction.on_commit(lambda: run_selection.enqueue(retry.pk))
    return retry


@transaction.atomic
def relaxation_accept(*, actor: Any, run: SelectionRun) -> None:
    """Apply the engine's proposed relaxation of the quotas to the targets."""
    recruitment = run.recruitment
    require(actor, RecruitmentAction.MANAGE, recruitment.assembly)
    if run.status != RunStatus.FAILED or not run.relaxation:
        raise ValidationError(_("There is no proposed relaxation to accept."), code="no_relaxation")
    for change in run.relaxation:
        TargetValue.objects.filter(
            category__recruitment=recruitment,
            category__name=change["category"],
            value=change["value"],
        ).update(min_seats=change["min"], max_seats=change["max"])
    assembly_event_record(
        assembly=recruitment.assembly,
        verb=events.TARGETS_SET,
        actor=actor,
        data={"categories": recruitment.target_categories.count()},
    )


@transaction.atomic
def selection_restart_relaxed(*, actor: Any, run: SelectionRun) -> SelectionRun:
    """Accept the failed run's proposed relaxation and start the selection again, in one
    transaction: if the new selection cannot start, the quotas stay as they were."""
    relaxation_accept(actor=actor, run=run)
    return selection_start(actor=actor, recruitment=run.recruitment)
