"""Writes: movement practice (report-backs, resolutions, credentials, committee reports)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblea.accounts.models import Organization
from assemblea.assemblies.models import Assembly, SeatHolder
from assemblea.core.events import assembly_event_record
from assemblea.deliberation import events
from assemblea.deliberation.models import (
    BreakoutReport,
    CommitteeReport,
    CommitteeReportStatus,
    Credential,
    CredentialStatus,
    Resolution,
    ResolutionStatus,
    Session,
)
from assemblea.deliberation.permissions import DeliberationAction, require


@transaction.atomic
def breakout_report_add(*, actor: Any, session: Session, group: str, text: str) -> BreakoutReport:
    require(actor, DeliberationAction.CHAIR, session.assembly)
    if not group.strip() or not text.strip():
        raise ValidationError(
            {
                "text": ValidationError(
                    _("Name the group and write what it reports."), code="report_back_empty"
                )
            }
        )
    report = BreakoutReport.objects.create(session=session, group=group.strip(), text=text.strip())
    assembly_event_record(
        assembly=session.assembly,
        verb=events.REPORT_BACK,
        actor=actor,
        data={"group": report.group},
    )
    return report


@transaction.atomic
def resolution_add(
    *,
    actor: Any,
    assembly: Assembly,
    text: str,
    owner: Organization,
    due_on: datetime.date,
    report: BreakoutReport | None = None,
) -> Resolution:
    """A report-back's outcome becomes a resolution for action, owned by an organization."""
    require(actor, DeliberationAction.CHAIR, assembly)
    if report is not None and report.session.assembly_id != assembly.pk:
        raise ValidationError(
            {
                "report": ValidationError(
                    _("That report-back belongs to another assembly."),
                    code="report_of_another_assembly",
                )
            }
        )
    if due_on < timezone.localdate():
        raise ValidationError(
            {
                "due_on": ValidationError(
                    _("The due date is in the past: choose a later date."), code="due_date_past"
                )
            }
        )
    resolution = Resolution.objects.create(
        assembly=assembly, report=report, text=text.strip(), owner=owner, due_on=due_on
    )
    assembly_event_record(
        assembly=assembly, verb=events.RESOLUTION_ADDED, actor=actor, data={"owner": owner.name}
    )
    return resolution


@transaction.atomic
def resolution_set_status(*, actor: Any, resolution: Resolution, status: str) -> Resolution:
    require(actor, DeliberationAction.PLAN, resolution.assembly)
    if status not in ResolutionStatus.values:
        raise ValidationError(
            {
                "status": ValidationError(
                    _("Choose one of the statuses listed."), code="status_unknown"
                )
            }
        )
    resolution.status = status
    resolution.save(update_fields=["status"])
    assembly_event_record(
        assembly=resolution.assembly,
        verb=events.RESOLUTION_STATUS,
        actor=actor,
        data={"status": status},
    )
    return resolution


@transaction.atomic
def credential_set(*, actor: Any, seat: SeatHolder, status: str, note: str = "") -> Credential:
    """The credentials committee's decision on one delegate: pending, seated or contested."""
    assembly = seat.category.assembly
    require(actor, DeliberationAction.CREDENTIAL, assembly)
    if status not in CredentialStatus.values:
        raise ValidationError(
            {
                "status": ValidationError(
                    _("Choose pending, seated or contested."), code="credential_status_unknown"
                )
            }
        )
    if status == CredentialStatus.CONTESTED and not note.strip():
        raise ValidationError(
            {
                "note": ValidationError(
                    _("Say why the credential is contested."),
                    code="credential_contest_reason_missing",
                )
            }
        )
    credential, _created = Credential.objects.update_or_create(
        seat=seat, defaults={"status": status, "note": note.strip(), "decided_at": timezone.now()}
    )
    assembly_event_record(
        assembly=assembly, verb=events.CREDENTIAL_SET, actor=actor, data={"status": status}
    )
    return credential


@transaction.atomic
def committee_report_add(
    *, actor: Any, session: Session, committee: str, text: str
) -> CommitteeReport:
    require(actor, DeliberationAction.CHAIR, session.assembly)
    if not committee.strip() or not text.strip():
        raise ValidationError(
            {
                "text": ValidationError(
                    _("Name the committee and write its report."), code="committee_report_empty"
                )
            }
        )
    report = CommitteeReport.objects.create(
        session=session, committee=committee.strip(), text=text.strip()
    )
    assembly_event_record(
        assembly=session.assembly,
        verb=events.COMMITTEE_REPORT,
        actor=actor,
        data={"committee": report.committee},
    )
    return report


@transaction.atomic
def committee_report_set_status(
    *, actor: Any, report: CommitteeReport, status: str
) -> CommitteeReport:
    require(actor, DeliberationAction.CHAIR, report.session.assembly)
    if status not in CommitteeReportStatus.values:
        raise ValidationError(
            {
                "status": ValidationError(
                    _("Choose one of the statuses listed."), code="status_unknown"
                )
            }
        )
    report.status = status
    report.save(update_fields=["status"])
    assembly_event_record(
        assembly=report.session.assembly,
        verb=events.COMMITTEE_REPORT_STATUS,
        actor=actor,
        data={"committee": report.committee, "status": status},
    )
    return report
