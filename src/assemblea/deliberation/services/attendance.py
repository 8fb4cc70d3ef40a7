"""Writes: checking in and leaving the room."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblea.assemblies.models import SeatHolder
from assemblea.core.events import assembly_event_record
from assemblea.deliberation import events, selectors
from assemblea.deliberation.models import (
    Attendance,
    Credential,
    CredentialStatus,
    RequestStatus,
    Session,
    SessionStatus,
    SpeakerRequest,
)
from assemblea.deliberation.permissions import DeliberationAction, own_seat, require
from assemblea.deliberation.services._base import _locked_session


def _quorum_data(session: Session) -> dict[str, int]:
    status = selectors.session_quorum(session)
    return {"present": status.present, "required": status.required}


@transaction.atomic
def attendance_check_in(
    *, actor: Any, session: Session, seat: SeatHolder | None = None
) -> Attendance:
    """Check a member in: themselves from their phone (no `seat`), or anyone by the chair."""
    assembly = session.assembly
    mine = own_seat(actor, assembly)
    if seat is None or (mine is not None and seat.pk == mine.pk):
        require(actor, DeliberationAction.CHECK_IN, assembly)
        seat = mine
        if seat is None:
            raise PermissionDenied(_("Only members holding a seat can check in."))
    else:
        require(actor, DeliberationAction.CHAIR, assembly)
    if seat.category.assembly_id != assembly.pk or not seat.is_active or seat.is_alternate:
        raise ValidationError(
            _("Only members holding a seat in this assembly can check in."),
            code="seat_not_in_assembly",
        )
    session = _locked_session(session)
    if session.status == SessionStatus.CLOSED:
        raise ValidationError(_("This session is closed."), code="session_closed")
    credential = Credential.objects.filter(seat=seat).first()
    if credential is not None and credential.status != CredentialStatus.SEATED:
        raise ValidationError(
            _("%(name)s's credential is %(status)s: only seated delegates can check in."),
            code="credential_not_seated",
            params={"name": seat.name, "status": credential.get_status_display()},
        )
    attendance = Attendance.objects.filter(session=session, seat=seat).first()
    if attendance is not None and attendance.left_at is None:
        raise ValidationError(
            _("%(name)s is already checked in."),
            code="already_checked_in",
            params={"name": seat.name},
        )
    if attendance is not None:
        attendance.left_at = None
        attendance.save(update_fields=["left_at"])
    else:
        attendance = Attendance.objects.create(
            session=session, seat=seat, checked_in_by=actor if actor.is_authenticated else None
        )
    assembly_event_record(
        assembly=assembly,
        verb=events.CHECKED_IN,
        actor=actor,
        data=_quorum_data(session),
        public=False,
    )
    return attendance


@transaction.atomic
def attendance_leave(*, actor: Any, session: Session, seat: SeatHolder | None = None) -> None:
    assembly = session.assembly
    mine = own_seat(actor, assembly)
    if seat is None or (mine is not None and seat.pk == mine.pk):
        require(actor, DeliberationAction.CHECK_IN, assembly)
        seat = mine
    else:
        require(actor, DeliberationAction.CHAIR, assembly)
    session = _locked_session(session)
    attendance = Attendance.objects.filter(session=session, seat=seat, left_at__isnull=True).first()
    if attendance is None:
        raise ValidationError(_("This member is not checked in."), code="not_checked_in")
    attendance.left_at = timezone.now()
    attendance.save(update_fields=["left_at"])
    SpeakerRequest.objects.filter(
        item__session=session, seat=seat, status=RequestStatus.WAITING
    ).update(status=RequestStatus.WITHDRAWN)
    assembly_event_record(
        assembly=assembly,
        verb=events.LEFT,
        actor=actor,
        data=_quorum_data(session),
        public=False,
    )
