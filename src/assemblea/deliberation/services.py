"""Every write to sessions: agenda, attendance, small tables, the speakers' list, evidence and
movement practice.

Each function is keyword-only, runs in one transaction, checks permission first, refuses
bad input with a ValidationError that says what to fix, and records an event. Rows that many
people change at once (the session, the item) are locked, so several app processes agree.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblea.accounts.models import Organization
from assemblea.assemblies.events import assembly_stream
from assemblea.assemblies.models import Assembly, SeatHolder
from assemblea.core.events import event_record
from assemblea.deliberation import events, selectors
from assemblea.deliberation.models import (
    OPEN_STATUSES,
    AgendaItem,
    AgendaItemStatus,
    Attendance,
    BreakoutReport,
    CalendarToken,
    CommitteeReport,
    CommitteeReportStatus,
    Credential,
    CredentialStatus,
    Evidence,
    EvidenceKind,
    EvidenceRequest,
    EvidenceRequestStatus,
    MemberProfile,
    RequestKind,
    RequestStatus,
    Resolution,
    ResolutionStatus,
    RoomRules,
    Session,
    SessionFormat,
    SessionStatus,
    SmallTable,
    SpeakerRequest,
    SpeakersOrder,
    TableSeat,
    new_calendar_token,
)
from assemblea.deliberation.permissions import Action, can, own_seat, require
from assemblea.engines import tables as tables_engine


def _record(assembly: Assembly, verb: str, actor: Any, *, public: bool = True, **data: Any) -> None:
    event_record(
        stream=assembly_stream(assembly.pk), verb=verb, actor=actor, data=data, public=public
    )


def _locked_session(session: Session) -> Session:
    return (
        Session.objects.select_related("assembly")
        .select_for_update(of=("self",))
        .get(pk=session.pk)
    )


# Room rules and members' balancing values


@transaction.atomic
def room_rules_update(
    *,
    actor: Any,
    assembly: Assembly,
    quorum_kind: str,
    quorum_fraction: Any,
    quorum_fixed: int,
    speakers_order: str,
    speakers_category: str,
    boost_values: Sequence[str],
    boost_under_represented: bool,
    speaking_seconds: int,
    table_categories: Sequence[str],
    table_size_min: int,
    table_size_max: int,
    adopt_before_business: bool,
) -> RoomRules:
    require(actor, Action.PLAN, assembly)
    category = speakers_category.strip()
    if speakers_order == SpeakersOrder.ALTERNATE and not category:
        raise ValidationError(
            {"speakers_category": _("Alternating needs a category to alternate on, e.g. gender.")}
        )
    if (boost_values or boost_under_represented) and not category:
        raise ValidationError(
            {"speakers_category": _("Name the category whose groups are moved up, e.g. gender.")}
        )
    if table_size_min < 2 or table_size_max < table_size_min:
        raise ValidationError(
            {
                "table_size_max": _(
                    "Tables need at least two people, and the largest table cannot be "
                    "smaller than the smallest."
                )
            }
        )
    if speaking_seconds < 10:
        raise ValidationError({"speaking_seconds": _("Give each speaker at least 10 seconds.")})
    rules, _created = RoomRules.objects.get_or_create(assembly=assembly)
    rules.quorum_kind = quorum_kind
    rules.quorum_fraction = quorum_fraction
    rules.quorum_fixed = quorum_fixed
    rules.speakers_order = speakers_order
    rules.speakers_category = category
    rules.boost_values = [v.strip() for v in boost_values if v.strip()]
    rules.boost_under_represented = boost_under_represented
    rules.speaking_seconds = speaking_seconds
    rules.table_categories = [c.strip() for c in table_categories if c.strip()]
    rules.table_size_min = table_size_min
    rules.table_size_max = table_size_max
    rules.adopt_before_business = adopt_before_business
    rules.full_clean()
    rules.save()
    _record(assembly, events.ROOM_RULES_UPDATED, actor)
    return rules


@transaction.atomic
def member_profile_set(*, actor: Any, seat: SeatHolder, values: Mapping[str, str]) -> MemberProfile:
    """Record the values a member shares for balancing (from recruitment, or given by them)."""
    assembly = seat.category.assembly
    require(actor, Action.PLAN, assembly)
    cleaned = {str(k).strip(): str(v).strip() for k, v in values.items() if str(k).strip()}
    profile, _created = MemberProfile.objects.update_or_create(
        seat=seat, defaults={"values": cleaned}
    )
    _record(assembly, events.PROFILE_SET, actor, public=False)
    return profile


@transaction.atomic
def member_profiles_set(
    *, actor: Any, assembly: Assembly, values: Mapping[int, Mapping[str, str]]
) -> int:
    """Record several members' values at once (seat id -> category -> value); returns how
    many profiles changed."""
    require(actor, Action.PLAN, assembly)
    seats = SeatHolder.objects.filter(category__assembly=assembly, pk__in=list(values))
    found = {seat.pk: seat for seat in seats}
    unknown = sorted(set(values) - set(found))
    if unknown:
        raise ValidationError(_("Some of these seats are not in this assembly."))
    changed = 0
    for seat_id, seat_values in values.items():
        cleaned = {
            str(k).strip(): str(v).strip()
            for k, v in seat_values.items()
            if str(k).strip() and str(v).strip()
        }
        profile, created = MemberProfile.objects.get_or_create(seat=found[seat_id])
        if created or profile.values != cleaned:
            profile.values = cleaned
            profile.save(update_fields=["values"])
            changed += 1
    if changed:
        _record(assembly, events.PROFILE_SET, actor, public=False)
    return changed


# Sessions and agenda


def _check_session(
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    format: str,
    place: str,
    online_link: str,
) -> None:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The session must end after it starts.")})
    if format in (SessionFormat.ONLINE, SessionFormat.HYBRID) and not online_link:
        raise ValidationError(
            {"online_link": _("An online or hybrid session needs the link people join with.")}
        )
    if format in (SessionFormat.IN_PERSON, SessionFormat.HYBRID) and not place.strip():
        raise ValidationError({"place": _("Say where the session takes place.")})


@transaction.atomic
def session_create(
    *,
    actor: Any,
    assembly: Assembly,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    format: str = SessionFormat.IN_PERSON,
    place: str = "",
    online_link: str = "",
    access_info: str = "",
    interpretation_languages: Sequence[str] = (),
) -> Session:
    require(actor, Action.PLAN, assembly)
    _check_session(starts_at, ends_at, format, place, online_link)
    session = Session.objects.create(
        assembly=assembly,
        title=title,
        format=format,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        online_link=online_link,
        access_info=access_info,
        interpretation_languages=list(interpretation_languages),
    )
    _record(assembly, events.SESSION_CREATED, actor, title=title)
    return session


@transaction.atomic
def session_update(
    *,
    actor: Any,
    session: Session,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    format: str,
    place: str = "",
    online_link: str = "",
    access_info: str = "",
    interpretation_languages: Sequence[str] = (),
) -> Session:
    """Change when, where and how a session meets (calendars pick the change up)."""
    require(actor, Action.PLAN, session.assembly)
    session = _locked_session(session)
    if session.status == SessionStatus.CLOSED:
        raise ValidationError(_("This session is closed: its record can no longer change."))
    _check_session(starts_at, ends_at, format, place, online_link)
    session.title = title
    session.starts_at = starts_at
    session.ends_at = ends_at
    session.format = format
    session.place = place
    session.online_link = online_link
    session.access_info = access_info
    session.interpretation_languages = list(interpretation_languages)
    session.save()
    _record(session.assembly, events.SESSION_UPDATED, actor, title=title)
    return session


@transaction.atomic
def agenda_item_add(
    *, actor: Any, session: Session, title: str, description: str = "", minutes_allotted: int = 15
) -> AgendaItem:
    require(actor, Action.PLAN, session.assembly)
    if session.status == SessionStatus.CLOSED:
        raise ValidationError(_("This session is closed: its agenda can no longer change."))
    if minutes_allotted < 1:
        raise ValidationError({"minutes_allotted": _("Give the item at least one minute.")})
    session = _locked_session(session)
    if session.agenda_adopted_at is not None:
        raise ValidationError(_("The agenda was adopted: adding an item now needs a new session."))
    position = session.items.count() + 1
    item = AgendaItem.objects.create(
        session=session,
        position=position,
        title=title,
        description=description,
        minutes_allotted=minutes_allotted,
    )
    _record(session.assembly, events.ITEM_ADDED, actor, title=title)
    return item


def _editable_item(actor: Any, item: AgendaItem) -> Session:
    require(actor, Action.PLAN, item.session.assembly)
    session = _locked_session(item.session)
    if session.agenda_adopted_at is not None:
        raise ValidationError(_("The agenda was adopted: it can no longer change."))
    if item.status != AgendaItemStatus.PENDING:
        raise ValidationError(_("Only an item that has not started can be moved or removed."))
    return session


@transaction.atomic
def agenda_item_move(*, actor: Any, item: AgendaItem, up: bool) -> None:
    """Swap the item with its neighbour above or below, before the agenda is adopted."""
    session = _editable_item(actor, item)
    items = list(session.items.order_by("position", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    neighbour = index - 1 if up else index + 1
    if not 0 <= neighbour < len(items):
        return
    items[index], items[neighbour] = items[neighbour], items[index]
    for position, other in enumerate(items, start=1):
        if other.position != position:
            AgendaItem.objects.filter(pk=other.pk).update(position=position)
    _record(session.assembly, events.ITEM_MOVED, actor, title=item.title)


@transaction.atomic
def agenda_item_remove(*, actor: Any, item: AgendaItem) -> None:
    session = _editable_item(actor, item)
    title = item.title
    try:
        with transaction.atomic():
            item.delete()
    except ProtectedError:
        raise ValidationError(_("This item has votes attached: it cannot be removed.")) from None
    for position, other in enumerate(session.items.order_by("position", "pk"), start=1):
        if other.position != position:
            AgendaItem.objects.filter(pk=other.pk).update(position=position)
    _record(session.assembly, events.ITEM_REMOVED, actor, title=title)


@transaction.atomic
def session_open(*, actor: Any, session: Session) -> Session:
    require(actor, Action.CHAIR, session.assembly)
    session = _locked_session(session)
    if session.status != SessionStatus.PLANNED:
        raise ValidationError(_("Only a planned session can be opened."))
    session.status = SessionStatus.OPEN
    session.save(update_fields=["status"])
    _record(session.assembly, events.SESSION_OPENED, actor, title=session.title)
    return session


@transaction.atomic
def session_close(*, actor: Any, session: Session) -> Session:
    require(actor, Action.CHAIR, session.assembly)
    session = _locked_session(session)
    if session.status != SessionStatus.OPEN:
        raise ValidationError(_("Only an open session can be closed."))
    if session.current_item is not None:
        _finish_item(actor, session, session.current_item)
    session.status = SessionStatus.CLOSED
    session.current_item = None
    session.save(update_fields=["status", "current_item"])
    now = timezone.now()
    session.attendance.filter(left_at__isnull=True).update(left_at=now)
    _record(session.assembly, events.SESSION_CLOSED, actor, title=session.title)
    return session


@transaction.atomic
def session_adopt(*, actor: Any, session: Session, what: str) -> Session:
    """Record that the room adopted its rules (`what="rules"`) or the agenda (`"agenda"`)."""
    require(actor, Action.CHAIR, session.assembly)
    session = _locked_session(session)
    if session.status != SessionStatus.OPEN:
        raise ValidationError(_("Open the session first: adoption happens in the room."))
    if what == "rules":
        if session.rules_adopted_at is not None:
            raise ValidationError(_("The rules were already adopted."))
        session.rules_adopted_at = timezone.now()
        verb = events.RULES_ADOPTED
    elif what == "agenda":
        if not session.items.exists():
            raise ValidationError(_("Add the agenda items before adopting the agenda."))
        if session.agenda_adopted_at is not None:
            raise ValidationError(_("The agenda was already adopted."))
        session.agenda_adopted_at = timezone.now()
        verb = events.AGENDA_ADOPTED
    else:
        raise ValidationError(_("Choose the rules or the agenda."))
    session.save(update_fields=["rules_adopted_at", "agenda_adopted_at"])
    _record(session.assembly, verb, actor, title=session.title)
    return session


def _finish_item(actor: Any, session: Session, item: AgendaItem) -> None:
    _end_turn(actor, item)
    for request in item.speakers.filter(status=RequestStatus.WAITING):
        request.status = RequestStatus.WITHDRAWN
        request.save(update_fields=["status"])
    item.status = AgendaItemStatus.DONE
    item.save(update_fields=["status"])
    _record(session.assembly, events.ITEM_FINISHED, actor, title=item.title)


@transaction.atomic
def agenda_item_start(*, actor: Any, item: AgendaItem) -> AgendaItem:
    """Make the item current (the one before it ends); its timer starts now."""
    require(actor, Action.CHAIR, item.session.assembly)
    session = _locked_session(item.session)
    item = AgendaItem.objects.get(pk=item.pk)
    if session.status != SessionStatus.OPEN:
        raise ValidationError(_("Open the session before starting an agenda item."))
    if item.status == AgendaItemStatus.DONE:
        raise ValidationError(_("This item is done; add a new item to take it up again."))
    rules = selectors.room_rules_of(session.assembly_id)
    if rules.adopt_before_business and (
        session.rules_adopted_at is None or session.agenda_adopted_at is None
    ):
        raise ValidationError(
            _("Adopt the rules and the agenda before any business, as this room's rules require.")
        )
    if session.current_item_id == item.pk:
        return item
    if session.current_item is not None:
        _finish_item(actor, session, session.current_item)
    item.status = AgendaItemStatus.CURRENT
    item.started_at = timezone.now()
    item.save(update_fields=["status", "started_at"])
    session.current_item = item
    session.save(update_fields=["current_item"])
    _record(session.assembly, events.ITEM_STARTED, actor, title=item.title)
    return item


@transaction.atomic
def agenda_item_finish(*, actor: Any, item: AgendaItem, minutes_text: str = "") -> AgendaItem:
    require(actor, Action.CHAIR, item.session.assembly)
    session = _locked_session(item.session)
    item = AgendaItem.objects.get(pk=item.pk)
    if item.status != AgendaItemStatus.CURRENT:
        raise ValidationError(_("Only the item under way can be ended."))
    if minutes_text:
        item.minutes_text = minutes_text
        item.save(update_fields=["minutes_text"])
    _finish_item(actor, session, item)
    session.current_item = None
    session.save(update_fields=["current_item"])
    item.refresh_from_db()
    return item


# Attendance


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
        require(actor, Action.CHECK_IN, assembly)
        seat = mine
        if seat is None:
            raise PermissionDenied(_("Only members holding a seat can check in."))
    else:
        require(actor, Action.CHAIR, assembly)
    if seat.category.assembly_id != assembly.pk or not seat.is_active or seat.is_alternate:
        raise ValidationError(_("Only members holding a seat in this assembly can check in."))
    session = _locked_session(session)
    if session.status == SessionStatus.CLOSED:
        raise ValidationError(_("This session is closed."))
    credential = Credential.objects.filter(seat=seat).first()
    if credential is not None and credential.status != CredentialStatus.SEATED:
        raise ValidationError(
            _("%(name)s's credential is %(status)s: only seated delegates can check in.")
            % {"name": seat.name, "status": credential.get_status_display()}
        )
    attendance = Attendance.objects.filter(session=session, seat=seat).first()
    if attendance is not None and attendance.left_at is None:
        raise ValidationError(_("%(name)s is already checked in.") % {"name": seat.name})
    if attendance is not None:
        attendance.left_at = None
        attendance.save(update_fields=["left_at"])
    else:
        attendance = Attendance.objects.create(
            session=session, seat=seat, checked_in_by=actor if actor.is_authenticated else None
        )
    _record(assembly, events.CHECKED_IN, actor, public=False, **_quorum_data(session))
    return attendance


@transaction.atomic
def attendance_leave(*, actor: Any, session: Session, seat: SeatHolder | None = None) -> None:
    assembly = session.assembly
    mine = own_seat(actor, assembly)
    if seat is None or (mine is not None and seat.pk == mine.pk):
        require(actor, Action.CHECK_IN, assembly)
        seat = mine
    else:
        require(actor, Action.CHAIR, assembly)
    session = _locked_session(session)
    attendance = Attendance.objects.filter(session=session, seat=seat, left_at__isnull=True).first()
    if attendance is None:
        raise ValidationError(_("This member is not checked in."))
    attendance.left_at = timezone.now()
    attendance.save(update_fields=["left_at"])
    SpeakerRequest.objects.filter(
        item__session=session, seat=seat, status=RequestStatus.WAITING
    ).update(status=RequestStatus.WITHDRAWN)
    _record(assembly, events.LEFT, actor, public=False, **_quorum_data(session))


# Small tables


@transaction.atomic
def tables_assign(*, actor: Any, session: Session, seed: int | str = 0) -> list[SmallTable]:
    """Seat the members present at tables of the room's sizes, each table mirroring the
    room's mix, with as few people meeting again as possible given earlier sessions' tables.
    Pinned members keep their table."""
    require(actor, Action.CHAIR, session.assembly)
    session = _locked_session(session)
    if session.status == SessionStatus.CLOSED:
        raise ValidationError(_("This session is closed."))
    rules = selectors.room_rules_of(session.assembly_id)
    problem = selectors.table_problem(session, rules)
    if problem:
        raise ValidationError(problem)
    pins = dict(
        TableSeat.objects.filter(session=session, pinned=True).values_list(
            "seat_id", "table__number"
        )
    )
    problem_input = selectors.table_problem_input(session, rules)
    last = len(problem_input.keep)
    try:
        plan = tables_engine.allocate(
            problem_input.members,
            problem_input.categories,
            sessions=last + 1,
            table_size=(rules.table_size_min, rules.table_size_max),
            absent={**problem_input.absent, last: problem_input.absent_now},
            pinned_by_session={last: {str(seat): number - 1 for seat, number in pins.items()}},
            keep=problem_input.keep,
            seed=seed,
            effort=0.5,
        )
    except tables_engine.TablesError as error:
        raise ValidationError(
            _("The tables cannot be set: %(reason)s.") % {"reason": str(error)}
        ) from error
    session.tables.all().delete()
    created = []
    for number, seated in enumerate(plan.sessions[last], start=1):
        table = SmallTable.objects.create(session=session, number=number)
        TableSeat.objects.bulk_create(
            TableSeat(table=table, session=session, seat_id=int(member), pinned=int(member) in pins)
            for member in seated
        )
        created.append(table)
    _record(
        session.assembly,
        events.TABLES_ASSIGNED,
        actor,
        members=sum(len(seated) for seated in plan.sessions[last]),
        tables=len(created),
    )
    return created


def _table_seat(session: Session, seat: SeatHolder) -> TableSeat:
    found = TableSeat.objects.select_related("table").filter(session=session, seat=seat).first()
    if found is None:
        raise ValidationError(_("%(name)s has no table in this session.") % {"name": seat.name})
    return found


@transaction.atomic
def tables_swap(*, actor: Any, session: Session, seat_a: SeatHolder, seat_b: SeatHolder) -> None:
    require(actor, Action.CHAIR, session.assembly)
    _locked_session(session)
    a, b = _table_seat(session, seat_a), _table_seat(session, seat_b)
    if a.table_id == b.table_id:
        raise ValidationError(_("These two members already sit at the same table."))
    if a.pinned or b.pinned:
        raise ValidationError(_("Unpin a member before moving them."))
    a.table, b.table = b.table, a.table
    a.save(update_fields=["table"])
    b.save(update_fields=["table"])
    _record(session.assembly, events.TABLES_SWAPPED, actor, public=False)


@transaction.atomic
def table_pin(*, actor: Any, session: Session, seat: SeatHolder, pinned: bool) -> TableSeat:
    """Pin a member to their table, e.g. a member who needs the step-free table."""
    require(actor, Action.CHAIR, session.assembly)
    found = _table_seat(session, seat)
    found.pinned = pinned
    found.save(update_fields=["pinned"])
    _record(session.assembly, events.TABLE_PINNED, actor, public=False)
    return found


@transaction.atomic
def table_facilitator_set(*, actor: Any, table: SmallTable, facilitator: Any = None) -> SmallTable:
    """Give a table its facilitator: someone with the facilitator or organizer role."""
    assembly = table.session.assembly
    require(actor, Action.CHAIR, assembly)
    if facilitator is not None and facilitator not in selectors.table_facilitators(assembly):
        raise ValidationError(
            _("%(name)s is not a facilitator of this assembly: give them the role first.")
            % {"name": facilitator}
        )
    table.facilitator = facilitator
    table.save(update_fields=["facilitator"])
    _record(assembly, events.TABLE_FACILITATOR, actor, public=False, number=table.number)
    return table


# Speakers' list


def _locked_item(item: AgendaItem) -> AgendaItem:
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
            require(actor, Action.JOIN_QUEUE, assembly)
            raise PermissionDenied(_("Only members holding a seat can join the speakers' list."))
        require(actor, Action.JOIN_QUEUE, assembly, seat=mine)
        seat = mine
    elif not can(actor, Action.CHAIR, assembly):
        require(actor, Action.VIEW_ROOM, assembly)
        raise PermissionDenied(_("You can only put yourself on the speakers' list."))
    if seat.category.assembly_id != assembly.pk:
        raise ValidationError(_("Only members of this assembly can join its speakers' list."))
    if kind not in RequestKind.values:
        raise ValidationError({"kind": _("Choose what you ask the floor for.")})
    if not seat.category.may_speak:
        raise ValidationError(
            _("Members in “%(category)s” seats do not speak in this assembly.")
            % {"category": seat.category.name}
        )
    item = _locked_item(item)
    session = item.session
    if session.status != SessionStatus.OPEN or session.current_item_id != item.pk:
        raise ValidationError(_("The speakers' list opens when this item is under way."))
    if not session.attendance.filter(seat=seat, left_at__isnull=True).exists():
        raise ValidationError(_("Check in first: only members in the room can ask to speak."))
    if item.speakers.filter(seat=seat, status__in=OPEN_STATUSES).exists():
        raise ValidationError(
            _("%(name)s is already on the speakers' list for this item.") % {"name": seat.name}
        )
    try:
        with transaction.atomic():
            request = SpeakerRequest.objects.create(
                item=item,
                seat=seat,
                kind=kind,
                added_by=actor if actor.is_authenticated else None,
            )
    except IntegrityError as error:
        raise ValidationError(
            _("%(name)s is already on the speakers' list for this item.") % {"name": seat.name}
        ) from error
    _record(assembly, events.SPEAKER_QUEUED, actor, public=False)
    return request


@transaction.atomic
def speaker_request_withdraw(*, actor: Any, speaker_request: SpeakerRequest) -> None:
    assembly = speaker_request.item.session.assembly
    mine = own_seat(actor, assembly)
    if mine is None or mine.pk != speaker_request.seat_id:
        require(actor, Action.CHAIR, assembly)
    _locked_item(speaker_request.item)
    request = SpeakerRequest.objects.get(pk=speaker_request.pk)
    if request.status != RequestStatus.WAITING:
        raise ValidationError(_("Only a request still waiting can be withdrawn."))
    request.status = RequestStatus.WITHDRAWN
    request.save(update_fields=["status"])
    _record(assembly, events.SPEAKER_WITHDRAWN, actor, public=False)


def _end_turn(actor: Any, item: AgendaItem) -> SpeakerRequest | None:
    current = item.speakers.filter(status=RequestStatus.SPEAKING).first()
    if current is None:
        return None
    assert current.started_at is not None
    current.ended_at = timezone.now()
    current.seconds = max((current.ended_at - current.started_at).total_seconds(), 0.0)
    current.status = RequestStatus.DONE
    current.save(update_fields=["ended_at", "seconds", "status"])
    _record(
        item.session.assembly,
        events.SPEAKER_FINISHED,
        actor,
        public=False,
        seconds=round(current.seconds),
    )
    return current


@transaction.atomic
def speaker_finish(*, actor: Any, item: AgendaItem) -> SpeakerRequest:
    """End the current speaker's turn: their time is measured from the stored start."""
    require(actor, Action.CHAIR, item.session.assembly)
    item = _locked_item(item)
    ended = _end_turn(actor, item)
    if ended is None:
        raise ValidationError(_("Nobody has the floor."))
    return ended


@transaction.atomic
def speaker_call_next(*, actor: Any, item: AgendaItem) -> SpeakerRequest:
    """End the current turn and give the floor to the first on the list, in the room's order."""
    require(actor, Action.CHAIR, item.session.assembly)
    item = _locked_item(item)
    if item.session.current_item_id != item.pk:
        raise ValidationError(_("Start this item before calling speakers."))
    _end_turn(actor, item)
    queue = selectors.speakers_queue(item)
    if not queue:
        raise ValidationError(_("Nobody is waiting to speak."))
    request = queue[0].request
    request.status = RequestStatus.SPEAKING
    request.started_at = timezone.now()
    request.save(update_fields=["status", "started_at"])
    _record(item.session.assembly, events.SPEAKER_CALLED, actor, public=False)
    return request


# Calendar


@transaction.atomic
def calendar_token_get(*, actor: Any) -> CalendarToken:
    """The member's personal calendar secret, made on first use."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied(_("Log in to get your calendar link."))
    token, _created = CalendarToken.objects.get_or_create(user=actor)
    return token


@transaction.atomic
def calendar_token_renew(*, actor: Any) -> CalendarToken:
    """A new secret: the old address stops working (if it was shared by mistake)."""
    token = calendar_token_get(actor=actor)
    token.token = new_calendar_token()
    token.save(update_fields=["token"])
    return token


# Evidence


@transaction.atomic
def evidence_add(
    *,
    actor: Any,
    assembly: Assembly,
    kind: str,
    title: str,
    provided_by: str,
    perspective: str,
    summary: str = "",
    link: str = "",
) -> Evidence:
    require(actor, Action.PLAN, assembly)
    if kind not in EvidenceKind.values:
        raise ValidationError({"kind": _("Choose a document, a speaker or a recording.")})
    if not provided_by.strip() or not perspective.strip():
        raise ValidationError(
            {"perspective": _("Say who provided it and which perspective it represents.")}
        )
    evidence = Evidence.objects.create(
        assembly=assembly,
        kind=kind,
        title=title,
        summary=summary,
        link=link,
        provided_by=provided_by,
        perspective=perspective,
    )
    _record(assembly, events.EVIDENCE_ADDED, actor, title=title)
    return evidence


@transaction.atomic
def evidence_request_add(
    *, actor: Any, assembly: Assembly, kind: str, text: str
) -> EvidenceRequest:
    require(actor, Action.REQUEST_EVIDENCE, assembly)
    if not text.strip():
        raise ValidationError({"text": _("Say what you would like to hear or read.")})
    request = EvidenceRequest.objects.create(
        assembly=assembly, kind=kind, text=text.strip(), requested_by=actor
    )
    _record(assembly, events.EVIDENCE_REQUESTED, actor)
    return request


@transaction.atomic
def evidence_request_answer(
    *,
    actor: Any,
    request: EvidenceRequest,
    status: str,
    answer: str,
    evidence: Evidence | None = None,
) -> EvidenceRequest:
    require(actor, Action.PLAN, request.assembly)
    if status not in (EvidenceRequestStatus.ANSWERED, EvidenceRequestStatus.DECLINED):
        raise ValidationError({"status": _("Answer the request or decline it.")})
    if not answer.strip():
        raise ValidationError(
            {"answer": _("Write the public answer; a declined request needs its reasons.")}
        )
    if evidence is not None and evidence.assembly_id != request.assembly_id:
        raise ValidationError({"evidence": _("That evidence belongs to another assembly.")})
    request.status = status
    request.answer = answer.strip()
    request.answered_at = timezone.now()
    request.evidence = evidence
    request.save(update_fields=["status", "answer", "answered_at", "evidence"])
    _record(request.assembly, events.EVIDENCE_ANSWERED, actor)
    return request


# Movement practice


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
