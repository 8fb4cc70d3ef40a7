"""Writes: the speakers' list (join, withdraw, call the next speaker, end a turn)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblea.assemblies.models import SeatHolder
from assemblea.core.events import assembly_event_record
from assemblea.core.live import live_changed
from assemblea.deliberation import events, selectors
from assemblea.deliberation.models import (
    JUMP_KINDS,
    OPEN_STATUSES,
    AgendaItem,
    RequestKind,
    RequestStatus,
    SessionStatus,
    SpeakerRequest,
)
from assemblea.deliberation.permissions import DeliberationAction, can, own_seat, require


def _locked_item(item: AgendaItem) -> AgendaItem:
    live_changed(f"room:{item.session_id}")  # every speakers' list write locks here first
    return (
        AgendaItem.objects.select_related("session__assembly")
        .select_for_update(of=("self",))
        .get(pk=item.pk)
    )


@transaction.atomic
def speaker_request_add(
    *, actor: Any, item: AgendaItem, kind: str = RequestKind.SPEAK, seat: SeatHolder | None = None
) -> SpeakerRequest:
    """Join the speakers' list of the item under way. A member adds only themselves; the
    chair may add anyone present (e.g. a member without a phone)."""
    assembly = item.session.assembly
    mine = own_seat(actor, assembly)
    if seat is None or (mine is not None and seat.pk == mine.pk):
        if mine is None:
            require(actor, DeliberationAction.JOIN_QUEUE, assembly)
            raise PermissionDenied(_("Only members holding a seat can join the speakers' list."))
        require(actor, DeliberationAction.JOIN_QUEUE, assembly, seat=mine)
        seat = mine
    elif not can(actor, DeliberationAction.CHAIR, assembly):
        require(actor, DeliberationAction.VIEW_ROOM, assembly)
        raise PermissionDenied(_("You can only put yourself on the speakers' list."))
    if seat.category.assembly_id != assembly.pk:
        raise ValidationError(
            _("Only members of this assembly can join its speakers' list."),
            code="seat_not_in_assembly",
        )
    if kind not in RequestKind.values:
        raise ValidationError(
            {
                "kind": ValidationError(
                    _("Choose what you ask the floor for."), code="speaker_kind_unknown"
                )
            }
        )
    if not seat.category.may_speak:
        raise ValidationError(
            _("Members in “%(category)s” seats do not speak in this assembly."),
            code="seat_may_not_speak",
            params={"category": seat.category.name},
        )
    item = _locked_item(item)
    session = item.session
    if session.status != SessionStatus.OPEN or session.current_item_id != item.pk:
        raise ValidationError(
            _("The speakers' list opens when this item is under way."), code="item_not_current"
        )
    status = _jump_status(actor, item, seat, kind)
    if not session.attendance.filter(seat=seat, left_at__isnull=True).exists():
        raise ValidationError(
            _("Check in first: only members in the room can ask to speak."), code="not_checked_in"
        )
    if item.speakers.filter(seat=seat, status__in=OPEN_STATUSES).exists():
        raise ValidationError(
            _("%(name)s is already on the speakers' list for this item."),
            code="already_on_speakers_list",
            params={"name": seat.name},
        )
    try:
        with transaction.atomic():
            request = SpeakerRequest.objects.create(
                item=item,
                seat=seat,
                kind=kind,
                status=status,
                added_by=actor if actor.is_authenticated else None,
            )
    except IntegrityError as error:
        raise ValidationError(
            _("%(name)s is already on the speakers' list for this item."),
            code="already_on_speakers_list",
            params={"name": seat.name},
        ) from error
    if status == RequestStatus.PENDING:
        assembly_event_record(
            assembly=assembly,
            verb=events.SPEAKER_APPROVAL_ASKED,
            actor=actor,
            data={"kind": kind},
            public=False,
        )
    else:
        assembly_event_record(
            assembly=assembly, verb=events.SPEAKER_QUEUED, actor=actor, public=False
        )
    return request


def _jump_status(actor: Any, item: AgendaItem, seat: SeatHolder, kind: str) -> str:
    """The status a new request starts in, by the room's rule: a member's point of order,
    direct response or clarifying question waits for the chair's approval (unless the rule
    says otherwise) and counts against the limit per member and item. The chair's own
    additions are approved by adding them."""
    if kind not in JUMP_KINDS or can(actor, DeliberationAction.CHAIR, item.session.assembly):
        return RequestStatus.WAITING
    rules = selectors.room_rules_of(item.session.assembly_id)
    if rules.jumps_per_member:
        used = (
            item.speakers.filter(seat=seat, kind__in=JUMP_KINDS)
            .exclude(status__in=[RequestStatus.WITHDRAWN, RequestStatus.DECLINED])
            .count()
        )
        if used >= rules.jumps_per_member:
            raise ValidationError(
                _(
                    "You have used your %(limit)s requests to go ahead of the list on this "
                    "item: ask to speak in turn."
                ),
                code="jump_limit_reached",
                params={"limit": rules.jumps_per_member},
            )
    return RequestStatus.PENDING if rules.jumps_need_approval else RequestStatus.WAITING


@transaction.atomic
def speaker_request_decide(*, actor: Any, speaker_request: SpeakerRequest, approve: bool) -> None:
    """The chair approves a request to go ahead of the list (it joins the list in front of
    the ordinary speakers) or declines it (the member may still ask to speak in turn)."""
    require(actor, DeliberationAction.CHAIR, speaker_request.item.session.assembly)
    _locked_item(speaker_request.item)
    request = SpeakerRequest.objects.select_related("item__session__assembly").get(
        pk=speaker_request.pk
    )
    if request.status != RequestStatus.PENDING:
        raise ValidationError(
            _("This request is no longer waiting for your approval."),
            code="request_not_pending",
        )
    request.status = RequestStatus.WAITING if approve else RequestStatus.DECLINED
    request.save(update_fields=["status"])
    assembly_event_record(
        assembly=request.item.session.assembly,
        verb=events.SPEAKER_APPROVED if approve else events.SPEAKER_DECLINED,
        actor=actor,
        data={"kind": request.kind},
        public=False,
    )


@transaction.atomic
def speaker_request_withdraw(*, actor: Any, speaker_request: SpeakerRequest) -> None:
    assembly = speaker_request.item.session.assembly
    mine = own_seat(actor, assembly)
    if mine is None or mine.pk != speaker_request.seat_id:
        require(actor, DeliberationAction.CHAIR, assembly)
    _locked_item(speaker_request.item)
    request = SpeakerRequest.objects.get(pk=speaker_request.pk)
    if request.status not in (RequestStatus.WAITING, RequestStatus.PENDING):
        raise ValidationError(
            _("Only a request still waiting can be withdrawn."), code="request_not_waiting"
        )
    request.status = RequestStatus.WITHDRAWN
    request.save(update_fields=["status"])
    assembly_event_record(
        assembly=assembly, verb=events.SPEAKER_WITHDRAWN, actor=actor, public=False
    )


def _end_turn(actor: Any, item: AgendaItem) -> SpeakerRequest | None:
    current = item.speakers.filter(status=RequestStatus.SPEAKING).first()
    if current is None:
        return None
    assert current.started_at is not None
    current.ended_at = timezone.now()
    current.seconds = max((current.ended_at - current.started_at).total_seconds(), 0.0)
    current.status = RequestStatus.DONE
    current.save(update_fields=["ended_at", "seconds", "status"])
    assembly_event_record(
        assembly=item.session.assembly,
        verb=events.SPEAKER_FINISHED,
        actor=actor,
        data={"seconds": round(current.seconds)},
        public=False,
    )
    return current


@transaction.atomic
def speaker_finish(*, actor: Any, item: AgendaItem) -> SpeakerRequest:
    """End the current speaker's turn: their time is measured from the stored start."""
    require(actor, DeliberationAction.CHAIR, item.session.assembly)
    item = _locked_item(item)
    ended = _end_turn(actor, item)
    if ended is None:
        raise ValidationError(_("Nobody has the floor."), code="nobody_speaking")
    return ended


@transaction.atomic
def speaker_call_next(*, actor: Any, item: AgendaItem) -> SpeakerRequest:
    """End the current turn and give the floor to the first on the list, in the room's order."""
    require(actor, DeliberationAction.CHAIR, item.session.assembly)
    item = _locked_item(item)
    if item.session.current_item_id != item.pk:
        raise ValidationError(
            _("Start this item before calling speakers."), code="item_not_current"
        )
    _end_turn(actor, item)
    queue = selectors.speakers_queue(item)
    if not queue:
        raise ValidationError(_("Nobody is waiting to speak."), code="speakers_list_empty")
    request = queue[0].request
    request.status = RequestStatus.SPEAKING
    request.started_at = timezone.now()
    request.save(update_fields=["status", "started_at"])
    assembly_event_record(
        assembly=item.session.assembly, verb=events.SPEAKER_CALLED, actor=actor, public=False
    )
    return request
