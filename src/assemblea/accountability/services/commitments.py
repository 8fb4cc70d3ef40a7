"""Commitments: what the addressee will do, its progress, and escalation when it stalls."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblea.accountability import events
from assemblea.accountability.models import (
    Commitment,
    CommitmentStatus,
    Escalation,
    Milestone,
    ProgressUpdate,
    Recommendation,
)
from assemblea.accountability.permissions import AccountabilityAction, require
from assemblea.accountability.services.recording import (
    COMMITTABLE,
    _about,
    _followers_tell,
    _required,
)
from assemblea.core.events import assembly_event_record

# --- Commitments -------------------------------------------------------------------------


@transaction.atomic
def commitment_add(
    *,
    actor: Any,
    recommendation: Recommendation,
    title: str,
    office: str,
    starts_on: datetime.date,
    due_on: datetime.date | None = None,
    budget: Decimal | None = None,
    milestones: Sequence[tuple[str, datetime.date]] = (),
) -> Commitment:
    """Turn an accepted item into a commitment with its milestones."""
    require(actor, AccountabilityAction.REPORT_PROGRESS, recommendation.assembly)
    latest = recommendation.responses.order_by("-version").first()
    if latest is None or latest.verdict not in COMMITTABLE:
        raise ValidationError(
            _("Only an accepted (or partly accepted) recommendation becomes commitments."),
            code="only_accepted_partly_accepted",
        )
    errors: dict[str, list[Any]] = {}
    _required(errors, "title", title, _("Say what is committed."))
    _required(errors, "office", office, _("Name the responsible office."))
    if due_on is not None and due_on < starts_on:
        errors.setdefault("due_on", []).append(
            ValidationError(_("The due date is before the start."), code="due_date_before_start")
        )
    if budget is not None and budget < 0:
        errors.setdefault("budget", []).append(
            ValidationError(_("A budget cannot be negative."), code="budget_cannot_negative")
        )
    for milestone_title, milestone_due in milestones:
        if milestone_due < starts_on:
            errors.setdefault("milestones", []).append(
                ValidationError(
                    _("The milestone “%(title)s” is dated before the commitment starts."),
                    code="milestone_dated_before_commitment",
                    params={"title": milestone_title},
                )
            )
    if errors:
        raise ValidationError(errors)
    commitment = Commitment.objects.create(
        recommendation=recommendation,
        title=title.strip(),
        office=office.strip(),
        starts_on=starts_on,
        due_on=due_on,
        budget=budget,
    )
    Milestone.objects.bulk_create(
        Milestone(commitment=commitment, title=t.strip(), due_on=d) for t, d in milestones
    )
    event = assembly_event_record(
        assembly=recommendation.assembly,
        verb=events.COMMITTED,
        actor=actor,
        data=_about(recommendation, title=commitment.title),
    )
    _followers_tell(recommendation.assembly, event)
    return commitment


@transaction.atomic
def progress_report(
    *,
    actor: Any,
    commitment: Commitment,
    progress: int,
    status: str,
    note: str = "",
    evidence_url: str = "",
    reported_on: datetime.date | None = None,
) -> ProgressUpdate:
    """A dated progress report. Progress never goes above 100 %, nor backwards unexplained."""
    recommendation = commitment.recommendation
    require(actor, AccountabilityAction.REPORT_PROGRESS, recommendation.assembly)
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    reported_on = reported_on or timezone.localdate()
    errors: dict[str, list[Any]] = {}
    if not 0 <= progress <= 100:
        errors.setdefault("progress", []).append(
            ValidationError(_("Progress is between 0 and 100 %."), code="progress_between")
        )
    elif progress < commitment.progress and not note.strip():
        errors.setdefault("note", []).append(
            ValidationError(
                _("Progress goes back from %(before)s %% to %(after)s %%: say why."),
                code="progress_goes_back_say",
                params={"before": commitment.progress, "after": progress},
            )
        )
    if status not in CommitmentStatus.values:
        errors.setdefault("status", []).append(
            ValidationError(_("Choose a status from the list."), code="choose_status_list")
        )
    if status == CommitmentStatus.DONE and progress != 100:
        errors.setdefault("progress", []).append(
            ValidationError(_("A commitment that is done is at 100 %."), code="commitment_done")
        )
    if reported_on < commitment.starts_on:
        errors.setdefault("reported_on", []).append(
            ValidationError(
                _("The date is before the commitment started."),
                code="date_before_commitment_started",
            )
        )
    if errors:
        raise ValidationError(errors)
    update = ProgressUpdate.objects.create(
        commitment=commitment,
        reported_on=reported_on,
        progress=progress,
        status=status,
        note=note.strip(),
        evidence_url=evidence_url.strip(),
        author=actor,
    )
    commitment.progress = progress
    commitment.status = status
    commitment.save(update_fields=["progress", "status"])
    event = assembly_event_record(
        assembly=recommendation.assembly,
        verb=events.PROGRESS,
        actor=actor,
        data=_about(recommendation, progress=progress, status=str(status)),
    )
    _followers_tell(recommendation.assembly, event)
    return update


@transaction.atomic
def commitment_escalate(
    *,
    actor: Any,
    commitment: Commitment,
    escalated_to: str,
    reason: str,
    owner: str,
    escalated_on: datetime.date | None = None,
) -> Escalation:
    """Take a stalled commitment further: a council, a committee, the press, a campaign."""
    recommendation = commitment.recommendation
    require(actor, AccountabilityAction.ESCALATE, recommendation.assembly)
    errors: dict[str, list[Any]] = {}
    _required(errors, "escalated_to", escalated_to, _("Say to whom it is escalated."))
    _required(errors, "reason", reason, _("Say why."))
    _required(errors, "owner", owner, _("Say who carries the escalation."))
    if errors:
        raise ValidationError(errors)
    escalation = Escalation.objects.create(
        commitment=commitment,
        escalated_to=escalated_to.strip(),
        reason=reason.strip(),
        owner=owner.strip(),
        escalated_on=escalated_on or timezone.localdate(),
    )
    event = assembly_event_record(
        assembly=recommendation.assembly,
        verb=events.ESCALATED,
        actor=actor,
        data=_about(recommendation, escalated_to=escalation.escalated_to),
    )
    _followers_tell(recommendation.assembly, event)
    return escalation
