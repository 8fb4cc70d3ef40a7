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
from assemblea.deliberation.permissions import Action, require
from assemblea.deliberation.services._base import _record


@transaction.atomic
def breakout_report_add(*, actor: Any, session: Session, group: str, text: str) -> BreakoutReport:
    require(actor, Action.CHAIR, session.assembly)
    if not group.strip() or not text.strip():
        raise ValidationError({"text": _("Name the group and write what it reports.")})
    report = BreakoutReport.objects.create(session=session, group=group.strip(), text=text.strip())
    _record(session.assembly, events.REPORT_BACK, actor, group=report.group)
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
    require(actor, Action.CHAIR, assembly)
    if report is not None and report.session.assembly_id != assembly.pk:
        raise ValidationError({"report": _("That report-back belongs to another assembly.")})
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": _("The due date is in the past: choose a later date.")})
    resolution = Resolution.objects.create(
        assembly=assembly, report=report, text=text.strip(), owner=owner, due_on=due_on
    )
    _record(assembly, events.RESOLUTION_ADDED, actor, owner=owner.name)
    return resolution


@transaction.atomic
def resolution_set_status(*, actor: Any, resolution: Resolution, status: str) -> Resolution:
    require(actor, Action.PLAN, resolution.assembly)
    if status not in ResolutionStatus.values:
        raise ValidationError({"status": _("Choose one of the statuses listed.")})
    resolution.status = status
    resolution.save(update_fields=["status"])
    _record(
        resolution.assembly,
        events.RESOLUTION_STATUS,
        actor,
        status=status,
    )
    return resolution


@transaction.atomic
def credential_set(*, actor: Any, seat: SeatHolder, status: str, note: str = "") -> Credential:
    """The credentials committee's decision on one delegate: pending, seated or contested."""
    assembly = seat.category.assembly
    require(actor, Action.CREDENTIAL, assembly)
    if status not in CredentialStatus.values:
        raise ValidationError({"status": _("Choose pending, seated or contested.")})
    if status == CredentialStatus.CONTESTED and not note.strip():
        raise ValidationError({"note": _("Say why the credential is contested.")})
    credential, _created = Credential.objects.update_or_create(
        seat=seat, defaults={"status": status, "note": note.strip(), "decided_at": timezone.now()}
    )
    _record(assembly, events.CREDENTIAL_SET, actor, status=status)
    return credential


@transaction.atomic
def committee_report_add(
    *, actor: Any, session: Session, committee: str, text: str
) -> CommitteeReport:
    require(actor, Action.CHAIR, session.assembly)
    if not committee.strip() or not text.strip():
        raise ValidationError({"text": _("Name the committee and write its report.")})
    report = CommitteeReport.objects.create(
        session=session, committee=committee.strip(), text=text.strip()
    )
    _record(session.assembly, events.COMMITTEE_REPORT, actor, committee=report.committee)
    return report


@transaction.atomic
def committee_report_set_status(
    *, actor: Any, report: CommitteeReport, status: str
) -> CommitteeReport:
    require(actor, Action.CHAIR, report.session.assembly)
    if status not in CommitteeReportStatus.values:
        raise ValidationError({"status": _("Choose one of the statuses listed.")})
    report.status = status
    report.save(update_fields=["status"])
    _record(
        report.session.assembly,
        events.COMMITTEE_REPORT_STATUS,
        actor,
        committee=report.committee,
        status=status,
    )
    return report
