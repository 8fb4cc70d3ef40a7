"""Reads for sessions: quorum and presence, the speakers' list, small tables, the live room
view, calendar feeds, evidence and resolutions."""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblea.assemblies.models import Assembly, AssemblyRoleName, SeatHolder
from assemblea.deliberation.models import (
    OPEN_STATUSES,
    AgendaItem,
    CalendarToken,
    Credential,
    Evidence,
    EvidenceRequest,
    MemberProfile,
    QuorumKind,
    RequestStatus,
    Resolution,
    RoomRules,
    Session,
    SmallTable,
    SpeakerRequest,
    TableSeat,
)
from assemblea.engines.speakers import (
    CategoryShare,
    Kind,
    Order,
    QueueEntry,
    Rule,
    Turn,
    history_from_turns,
    order_queue,
    summary_rows,
)
from assemblea.engines.speakers import speaking_summary as speaking_summary_of
from assemblea.engines.tables import Member as TableMember
from assemblea.engines.tables import Plan as TablePlan
from assemblea.engines.tables import Quality, TablesError, choose_table_count
from assemblea.engines.tables import Session as TableSession
from assemblea.engines.tables import quality as table_quality


@dataclass(frozen=True)
class CategoryPresence:
    name: str
    seats: int
    present: int
    counts_for_quorum: bool


@dataclass(frozen=True)
class QuorumStatus:
    """What decisions store with every result: who counted, how many were needed."""

    present: int
    required: int
    quorum_seats: int
    rule: str
    by_category: list[CategoryPresence] = field(default_factory=list)

    @property
    def met(self) -> bool:
        return self.present >= self.required

    def as_record(self) -> dict[str, object]:
        return {
            "present": self.present,
            "required": self.required,
            "quorum_seats": self.quorum_seats,
            "rule": self.rule,
            "met": self.met,
            "by_category": [
                {"name": c.name, "seats": c.seats, "present": c.present} for c in self.by_category
            ],
        }


def room_rules_of(assembly_id: int) -> RoomRules:
    rules = RoomRules.objects.filter(assembly_id=assembly_id).first()
    return rules or RoomRules(assembly_id=assembly_id)


def quorum_required(rules: RoomRules, quorum_seats: int) -> int:
    if rules.quorum_kind == QuorumKind.NONE:
        return 0
    if rules.quorum_kind == QuorumKind.FIXED:
        return rules.quorum_fixed
    if rules.quorum_kind == QuorumKind.FRACTION:
        return math.ceil(float(rules.quorum_fraction) * quorum_seats)
    return quorum_seats // 2 + 1


def session_quorum(session: Session) -> QuorumStatus:
    """Present seat holders (checked in, not left) against the assembly's quorum rule.

    Quorum seats are the seats of categories counted for quorum, as the composition sets them."""
    rules = room_rules_of(session.assembly_id)
    present_by_category: dict[int, int] = {}
    for category_id in session.attendance.filter(left_at__isnull=True).values_list(
        "seat__category_id", flat=True
    ):
        present_by_category[category_id] = present_by_category.get(category_id, 0) + 1
    by_category = [
        CategoryPresence(
            name=category.name,
            seats=category.seats,
            present=present_by_category.get(category.pk, 0),
            counts_for_quorum=category.counts_for_quorum,
        )
        for category in session.assembly.categories.all()
    ]
    quorum_seats = sum(c.seats for c in by_category if c.counts_for_quorum)
    present = sum(c.present for c in by_category if c.counts_for_quorum)
    return QuorumStatus(
        present=present,
        required=quorum_required(rules, quorum_seats),
        quorum_seats=quorum_seats,
        rule=rules.quorum_kind,
        by_category=by_category,
    )


# Sessions and the room


def sessions_of(assembly: Assembly) -> QuerySet[Session]:
    return Session.objects.filter(assembly=assembly)


def session_get(assembly: Assembly, session_id: int) -> Session:
    session = (
        Session.objects.select_related("assembly", "current_item")
        .filter(assembly=assembly, pk=session_id)
        .first()
    )
    if session is None:
        raise Http404(_("No such session."))
    return session


def present_seats(session: Session) -> QuerySet[SeatHolder]:
    return SeatHolder.objects.filter(
        attendance__session=session, attendance__left_at__isnull=True
    ).select_related("category")


def _values(seats: Iterable[SeatHolder]) -> dict[str, dict[str, str]]:
    seats = list(seats)
    profiles = dict(MemberProfile.objects.filter(seat__in=seats).values_list("seat_id", "values"))
    return {str(seat.pk): dict(profiles.get(seat.pk) or {}) for seat in seats}


@dataclass(frozen=True)
class RollLine:
    seat: SeatHolder
    present: bool
    credential: str | None


def roll(session: Session) -> list[RollLine]:
    """Every active seat holder with whether they are in the room (for staff check-in)."""
    present = set(present_seats(session).values_list("pk", flat=True))
    credentials = dict(
        Credential.objects.filter(seat__category__assembly=session.assembly).values_list(
            "seat_id", "status"
        )
    )
    seats = SeatHolder.objects.filter(
        category__assembly=session.assembly, ended_on__isnull=True, is_alternate=False
    ).select_related("category")
    return [RollLine(seat, seat.pk in present, credentials.get(seat.pk)) for seat in seats]


def is_present(session: Session, seat: SeatHolder | None) -> bool:
    if seat is None:
        return False
    return session.attendance.filter(seat=seat, left_at__isnull=True).exists()


# Speakers' list


@dataclass(frozen=True)
class QueueLine:
    request: SpeakerRequest
    name: str
    kind: str
    jumps: bool


def _session_turns(session: Session) -> list[Turn]:
    return [
        Turn(member=str(seat_id), seconds=seconds, kind=Kind(kind))
        for seat_id, seconds, kind in SpeakerRequest.objects.filter(
            item__session=session, status=RequestStatus.DONE
        )
        .order_by("ended_at", "pk")
        .values_list("seat_id", "seconds", "kind")
    ]


def speakers_rule(rules: RoomRules) -> Rule:
    category = rules.speakers_category or None
    boost = {category: set(rules.boost_values)} if category and rules.boost_values else {}
    return Rule(
        order=Order(rules.speakers_order),
        category=category,
        boost=boost,
        boost_under_represented=category if rules.boost_under_represented else None,
    )


def speakers_queue(item: AgendaItem) -> list[QueueLine]:
    """The waiting requests of the item in speaking order, by the assembly's rule: points of
    order, direct responses and clarifying questions first, then the ordinary speakers."""
    waiting = list(
        item.speakers.filter(status=RequestStatus.WAITING).select_related("seat__category")
    )
    if not waiting:
        return []
    session = item.session
    rules = room_rules_of(session.assembly_id)
    room = _values(present_seats(session))
    values = _values(request.seat for request in waiting)
    by_id = {str(request.pk): request for request in waiting}
    entries = [
        QueueEntry(
            member=str(request.seat_id),
            requested_at=request.requested_at,
            kind=Kind(request.kind),
            values=values[str(request.seat_id)],
        )
        for request in waiting
    ]
    previous = (
        item.speakers.filter(status__in=[RequestStatus.DONE, RequestStatus.SPEAKING])
        .order_by("-started_at")
        .values_list("seat_id", flat=True)
        .first()
    )
    rule = speakers_rule(rules)
    if previous is not None and str(previous) not in room:
        room[str(previous)] = _values([SeatHolder.objects.get(pk=previous)])[str(previous)]
    ordered = order_queue(
        entries,
        rule,
        history=history_from_turns(_session_turns(session)),
        room=room,
        previous=str(previous) if previous is not None else None,
    )
    by_seat = {str(request.seat_id): request for request in by_id.values()}
    return [
        QueueLine(
            request=by_seat[entry.member],
            name=by_seat[entry.member].seat.name,
            kind=by_seat[entry.member].get_kind_display(),
            jumps=entry.kind != Kind.SPEAK,
        )
        for entry in ordered
    ]


def current_speaker(item: AgendaItem | None) -> SpeakerRequest | None:
    if item is None:
        return None
    return item.speakers.filter(status=RequestStatus.SPEAKING).select_related("seat").first()


def open_request_of(item: AgendaItem | None, seat: SeatHolder | None) -> SpeakerRequest | None:
    if item is None or seat is None:
        return None
    return item.speakers.filter(seat=seat, status__in=OPEN_STATUSES).first()


def speaking_summary(session: Session) -> list[CategoryShare]:
    """Speaking time by category against each group's share of the room: the room is every
    member who checked in to the session."""
    seats = SeatHolder.objects.filter(attendance__session=session).select_related("category")
    room = _values(seats)
    seat_label = _("seat")
    for seat in seats:
        room[str(seat.pk)][seat_label] = seat.category.name
    categories = list(dict.fromkeys(c for values in room.values() for c in values))
    return speaking_summary_of(_session_turns(session), room, categories)


def speaking_summary_rows(session: Session) -> list[tuple[str, ...]]:
    return summary_rows(speaking_summary(session))


# Small tables


@dataclass(frozen=True)
class TableInput:
    """What the tables engine needs: members and categories, earlier sessions' tables (kept),
    who was absent from each, and who is absent now."""

    members: list[TableMember]
    categories: list[str]
    keep: list[TableSession]
    absent: dict[int, set[str]]
    absent_now: set[str]


def table_problem(session: Session, rules: RoomRules) -> str | None:
    """Why tables cannot be set now, in words, or None."""
    present = present_seats(session).count()
    if present == 0:
        return _("Nobody is checked in yet: tables are set for the members present.")
    try:
        choose_table_count(present, (rules.table_size_min, rules.table_size_max))
    except TablesError:
        return _(
            "%(present)s members are present: they cannot sit at tables of %(low)s to "
            "%(high)s people. Change the table sizes in the room rules."
        ) % {"present": present, "low": rules.table_size_min, "high": rules.table_size_max}
    return None


def table_problem_input(session: Session, rules: RoomRules) -> TableInput:
    earlier = list(
        Session.objects.filter(assembly_id=session.assembly_id, tables__isnull=False)
        .exclude(pk=session.pk)
        .filter(starts_at__lte=session.starts_at)
        .distinct()
        .order_by("starts_at", "pk")
    )
    keep: list[TableSession] = []
    seated_ids: set[int] = set()
    for held in earlier:
        tables: dict[int, list[str]] = {}
        for number, seat_id in TableSeat.objects.filter(session=held).values_list(
            "table__number", "seat_id"
        ):
            tables.setdefault(number, []).append(str(seat_id))
            seated_ids.add(seat_id)
        keep.append(tuple(tuple(tables[number]) for number in sorted(tables)))
    now = {seat.pk for seat in present_seats(session)}
    seats = list(SeatHolder.objects.filter(pk__in=seated_ids | now).select_related("category"))
    values = _values(seats)
    categories = list(rules.table_categories) or sorted({c for v in values.values() for c in v})
    members = _table_members(seats, categories or [_("seat")])
    ids = {member.id for member in members}
    absent = {
        index: ids - {member for table in held for member in table}
        for index, held in enumerate(keep)
    }
    return TableInput(
        members, categories or [_("seat")], keep, absent, ids - {str(pk) for pk in now}
    )


def _table_members(seats: list[SeatHolder], categories: list[str]) -> list[TableMember]:
    """Members as the tables engine takes them: a value for every category (the seat
    category under "seat"; "not given" where a member shared nothing)."""
    values = _values(seats)
    seat_label, not_given = _("seat"), _("not given")
    return [
        TableMember(
            str(seat.pk),
            {
                category: (
                    seat.category.name
                    if category == seat_label
                    else values[str(seat.pk)].get(category, "") or not_given
                )
                for category in categories
            },
        )
        for seat in seats
    ]


@dataclass(frozen=True)
class TableView:
    table: SmallTable
    seats: list[TableSeat]
    deviation: float | None


@dataclass(frozen=True)
class TablesView:
    tables: list[TableView]
    quality: Quality | None


def tables_of(session: Session) -> TablesView:
    """The session's tables with who sits where and the quality figures (this session's
    tables against its room; repeated pairs over all sessions so far)."""
    tables = list(
        session.tables.prefetch_related(
            Prefetch(
                "seats", queryset=TableSeat.objects.select_related("seat").order_by("seat__name")
            )
        ).select_related("facilitator")
    )
    if not tables:
        return TablesView([], None)
    rules = room_rules_of(session.assembly_id)
    problem = table_problem_input(session, rules)
    current = tuple(tuple(str(seat.seat_id) for seat in table.seats.all()) for table in tables)
    ids = {member for table in current for member in table}
    known = {member.id for member in problem.members}
    members = list(problem.members)
    extra = ids - known
    if extra:
        # Seated earlier in this session but no longer present: evaluate them too.
        gone = list(
            SeatHolder.objects.filter(pk__in=[int(i) for i in extra]).select_related("category")
        )
        members += _table_members(gone, problem.categories)
    plan = TablePlan((*problem.keep, current), tuple(problem.categories))
    try:
        figures: Quality | None = table_quality(plan, members)
    except TablesError:
        figures = None
    deviations = figures.table_deviation[-1] if figures else ()
    return TablesView(
        [
            TableView(table, list(table.seats.all()), deviations[i] if figures else None)
            for i, table in enumerate(tables)
        ],
        figures,
    )


def table_facilitators(assembly: Assembly) -> QuerySet[Any]:
    """People who may facilitate a table: the assembly's facilitators and organizers."""
    return (
        get_user_model()
        .objects.filter(
            assembly_roles__assembly=assembly,
            assembly_roles__role__in=[AssemblyRoleName.FACILITATOR, AssemblyRoleName.ORGANIZER],
        )
        .distinct()
        .order_by("display_name", "username")
    )


def table_of(session: Session, seat: SeatHolder | None) -> TableView | None:
    if seat is None:
        return None
    found = (
        TableSeat.objects.filter(session=session, seat=seat)
        .select_related("table__facilitator")
        .first()
    )
    if found is None:
        return None
    table = found.table
    return TableView(table, list(table.seats.select_related("seat").order_by("seat__name")), None)


# The live room view


@dataclass(frozen=True)
class RoomState:
    session: Session
    item: AgendaItem | None
    item_seconds: int
    item_over: bool
    speaker: SpeakerRequest | None
    speaker_seconds: int
    speaker_over: bool
    speaking_limit: int
    queue: list[QueueLine]
    quorum: QuorumStatus
    panels: list[RoomPanel] = field(default_factory=list)


@dataclass(frozen=True)
class RoomPanel:
    """Something another app shows on the projector (e.g. a vote in progress)."""

    title: str
    lines: list[str]


RoomPanelProvider = Callable[[Session], list[RoomPanel]]
_ROOM_PANELS: list[RoomPanelProvider] = []


def room_panels_register(provider: RoomPanelProvider) -> None:
    """Apps that build on sessions (decisions) add their part of the room view here, so
    this app does not import them."""
    if provider not in _ROOM_PANELS:
        _ROOM_PANELS.append(provider)


def _elapsed(since: datetime.datetime | None, now: datetime.datetime) -> int:
    if since is None:
        return 0
    return max(int((now - since).total_seconds()), 0)


def room_state(session: Session) -> RoomState:
    """Everything the projector shows, read fresh from the database: timers are computed from
    stored start times, so any app process shows the same and a restart loses nothing."""
    session = Session.objects.select_related("assembly", "current_item").get(pk=session.pk)
    now = timezone.now()
    item = session.current_item
    rules = room_rules_of(session.assembly_id)
    speaker = current_speaker(item)
    item_seconds = _elapsed(item.started_at if item else None, now)
    speaker_seconds = _elapsed(speaker.started_at if speaker else None, now)
    return RoomState(
        session=session,
        item=item,
        item_seconds=item_seconds,
        item_over=bool(item and item_seconds > item.minutes_allotted * 60),
        speaker=speaker,
        speaker_seconds=speaker_seconds,
        speaker_over=speaker_seconds > rules.speaking_seconds,
        speaking_limit=rules.speaking_seconds,
        queue=speakers_queue(item) if item else [],
        quorum=session_quorum(session),
        panels=[panel for provider in _ROOM_PANELS for panel in provider(session)],
    )


# Calendar feeds


def sessions_for_member(token: str) -> tuple[Any, QuerySet[Session]]:
    """The member behind a calendar secret and the sessions of every assembly where they hold
    a seat or a role (404 for an unknown secret)."""
    found = CalendarToken.objects.select_related("user").filter(token=token).first()
    if found is None or not found.user.is_active:
        raise Http404(_("No such calendar."))
    user = found.user
    sessions = (
        Session.objects.filter(
            Q(assembly__roles__user=user)
            | Q(
                assembly__categories__holders__user=user,
                assembly__categories__holders__ended_on__isnull=True,
            )
        )
        .select_related("assembly")
        .distinct()
    )
    return user, sessions


# Evidence and movement practice


def evidence_of(assembly: Assembly) -> QuerySet[Evidence]:
    return Evidence.objects.filter(assembly=assembly)


def evidence_requests_of(assembly: Assembly) -> QuerySet[EvidenceRequest]:
    return EvidenceRequest.objects.filter(assembly=assembly).select_related("evidence")


def resolutions_of(assembly: Assembly) -> QuerySet[Resolution]:
    return Resolution.objects.filter(assembly=assembly).select_related("owner", "report")


@dataclass(frozen=True)
class CredentialLine:
    seat: SeatHolder
    credential: Credential | None


def credential_roll(assembly: Assembly) -> list[CredentialLine]:
    """Delegates of the assembly (delegate seats) with their credential, if decided."""
    credentials = {
        credential.seat_id: credential
        for credential in Credential.objects.filter(seat__category__assembly=assembly)
    }
    seats = SeatHolder.objects.filter(
        category__assembly=assembly, ended_on__isnull=True, category__seat_type="delegate"
    ).select_related("category", "organization")
    return [CredentialLine(seat, credentials.get(seat.pk)) for seat in seats]


def queue_place(request: SpeakerRequest | None) -> int | None:
    """1 for the next to speak, 2 after them...; None when not waiting."""
    if request is None or request.status != RequestStatus.WAITING:
        return None
    for place, line in enumerate(speakers_queue(request.item), start=1):
        if line.request.pk == request.pk:
            return place
    return None


@dataclass(frozen=True)
class ProfileLine:
    seat: SeatHolder
    values: list[tuple[str, str]]  # (category, value) in the order of `categories`


def balancing_categories(assembly: Assembly) -> list[str]:
    """The categories the room balances on: the room rules' and any a member has."""
    rules = room_rules_of(assembly.pk)
    named = [
        *rules.table_categories,
        *([rules.speakers_category] if rules.speakers_category else []),
    ]
    held = sorted(
        {
            category
            for values in MemberProfile.objects.filter(
                seat__category__assembly=assembly
            ).values_list("values", flat=True)
            for category in (values or {})
        }
    )
    return list(dict.fromkeys([*named, *held]))


def profile_lines(assembly: Assembly, categories: list[str]) -> list[ProfileLine]:
    seats = list(
        SeatHolder.objects.filter(
            category__assembly=assembly, ended_on__isnull=True, is_alternate=False
        ).select_related("category")
    )
    values = _values(seats)
    return [
        ProfileLine(seat, [(c, values[str(seat.pk)].get(c, "")) for c in categories])
        for seat in seats
    ]
