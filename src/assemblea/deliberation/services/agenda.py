"""Writes: sessions, their agenda and running it (open, adopt, start and end items, close)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblea.assemblies.models import Assembly
from assemblea.core.events import assembly_event_record
from assemblea.deliberation import events, selectors
from assemblea.deliberation.models import (
    AgendaItem,
    AgendaItemStatus,
    RequestStatus,
    Session,
    SessionFormat,
    SessionStatus,
)
from assemblea.deliberation.permissions import DeliberationAction, require
from assemblea.deliberation.services._base import _locked_session
from assemblea.deliberation.services.speakers import _end_turn


def _check_session(
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    format: str,
    place: str,
    online_link: str,
) -> None:
    if ends_at <= starts_at:
        raise ValidationError(
            {
                "ends_at": ValidationError(
                    _("The session must end after it starts."), code="session_ends_before_start"
                )
            }
        )
    if format in (SessionFormat.ONLINE, SessionFormat.HYBRID) and not online_link:
        raise ValidationError(
            {
                "online_link": ValidationError(
                    _("An online or hybrid session needs the link people join with."),
                    code="session_link_missing",
                )
            }
        )
    if format in (SessionFormat.IN_PERSON, SessionFormat.HYBRID) and not place.strip():
        raise ValidationError(
            {
                "place": ValidationError(
                    _("Say where the session takes place."), code="session_place_missing"
                )
            }
        )


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
    require(actor, DeliberationAction.PLAN, assembly)
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
    assembly_event_record(
        assembly=assembly, verb=events.SESSION_CREATED, actor=actor, data={"title": title}
    )
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
    require(actor, DeliberationAction.PLAN, session.assembly)
    session = _locked_session(session)
    if session.status == SessionStatus.CLOSED:
        raise ValidationError(
            _("This session is closed: its record can no longer change."), code="session_closed"
        )
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
    assembly_event_record(
        assembly=session.assembly, verb=events.SESSION_UPDATED, actor=actor, data={"title": title}
    )
    return session


@transaction.atomic
def agenda_item_add(
    *, actor: Any, session: Session, title: str, description: str = "", minutes_allotted: int = 15
) -> AgendaItem:
    require(actor, DeliberationAction.PLAN, session.assembly)
    if session.status == SessionStatus.CLOSED:
        raise ValidationError(
            _("This session is closed: its agenda can no longer change."), code="session_closed"
        )
    if minutes_allotted < 1:
        raise ValidationError(
            {
                "minutes_allotted": ValidationError(
                    _("Give the item at least one minute."), code="item_minutes_too_few"
                )
            }
        )
    session = _locked_session(session)
    if session.agenda_adopted_at is not None:
        raise ValidationError(
            _("The agenda was adopted: adding an item now needs a new session."),
            code="agenda_adopted",
        )
    position = session.items.count() + 1
    item = AgendaItem.objects.create(
        session=session,
        position=position,
        title=title,
        description=description,
        minutes_allotted=minutes_allotted,
    )
    assembly_event_record(
        assembly=session.assembly, verb=events.ITEM_ADDED, actor=actor, data={"title": title}
    )
    return item


def _editable_item(actor: Any, item: AgendaItem) -> Session:
    require(actor, DeliberationAction.PLAN, item.session.assembly)
    session = _locked_session(item.session)
    if session.agenda_adopted_at is not None:
        raise ValidationError(
            _("The agenda was adopted: it can no longer change."), code="agenda_adopted"
        )
    if item.status != AgendaItemStatus.PENDING:
        raise ValidationError(
            _("Only an item that has not started can be moved or removed."), code="item_started"
        )
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
    assembly_event_record(
        assembly=session.assembly, verb=events.ITEM_MOVED, actor=actor, data={"title": item.title}
    )


@transaction.atomic
def agenda_item_remove(*, actor: Any, item: AgendaItem) -> None:
    session = _editable_item(actor, item)
    title = item.title
    try:
        with transaction.atomic():
            item.delete()
    except ProtectedError:
        raise ValidationError(
            _("This item has votes attached: it cannot be removed."), code="item_has_votes"
        ) from None
    for position, other in enumerate(session.items.order_by("position", "pk"), start=1):
        if other.position != position:
            AgendaItem.objects.filter(pk=other.pk).update(position=position)
    assembly_event_record(
        assembly=session.assembly, verb=events.ITEM_REMOVED, actor=actor, data={"title": title}
    )


@transaction.atomic
def session_open(*, actor: Any, session: Session) -> Session:
    require(actor, DeliberationAction.CHAIR, session.assembly)
    session = _locked_session(session)
    if session.status != SessionStatus.PLANNED:
        raise ValidationError(
            _("Only a planned session can be opened."), code="session_not_planned"
        )
    session.status = SessionStatus.OPEN
    session.save(update_fields=["status"])
    assembly_event_record(
        assembly=session.assembly,
        verb=events.SESSION_OPENED,
        actor=actor,
        data={"title": session.title},
    )
    return session


@transaction.atomic
def session_close(*, actor: Any, session: Session) -> Session:
    require(actor, DeliberationAction.CHAIR, session.assembly)
    session = _locked_session(session)
    if session.status != SessionStatus.OPEN:
        raise ValidationError(_("Only an open session can be closed."), code="session_not_open")
    if session.current_item is not None:
        _finish_item(actor, session, session.current_item)
    session.status = SessionStatus.CLOSED
    session.current_item = None
    session.save(update_fields=["status", "current_item"])
    now = timezone.now()
    session.attendance.filter(left_at__isnull=True).update(left_at=now)
    assembly_event_record(
        assembly=session.assembly,
        verb=events.SESSION_CLOSED,
        actor=actor,
        data={"title": session.title},
    )
    return session


@transaction.atomic
def session_adopt(*, actor: Any, session: Session, what: str) -> Session:
    """Record that the room adopted its rules (`what="rules"`) or the agenda (`"agenda"`)."""
    require(actor, DeliberationAction.CHAIR, session.assembly)
    session = _locked_session(session)
    if session.status != SessionStatus.OPEN:
        raise ValidationError(
            _("Open the session first: adoption happens in the room."), code="session_not_open"
        )
    if what == "rules":
        if session.rules_adopted_at is not None:
            raise ValidationError(
                _("The rules were already adopted."), code="rules_already_adopted"
            )
        session.rules_adopted_at = timezone.now()
        verb = events.RULES_ADOPTED
    elif what == "agenda":
        if not session.items.exists():
            raise ValidationError(
                _("Add the agenda items before adopting the agenda."), code="agenda_empty"
            )
        if session.agenda_adopted_at is not None:
            raise ValidationError(
                _("The agenda was already adopted."), code="agenda_already_adopted"
            )
        session.agenda_adopted_at = timezone.now()
        verb = events.AGENDA_ADOPTED
    else:
        raise ValidationError(_("Choose the rules or the agenda."), code="adopt_what_unknown")
    session.save(update_fields=["rules_adopted_at", "agenda_adopted_at"])
    assembly_event_record(
        assembly=session.assembly, verb=verb, actor=actor, data={"title": session.title}
    )
    return session


def _finish_item(actor: Any, session: Session, item: AgendaItem) -> None:
    _end_turn(actor, item)
    for request in item.speakers.filter(status=RequestStatus.WAITING):
        request.status = RequestStatus.WITHDRAWN
        request.save(update_fields=["status"])
    item.status = AgendaItemStatus.DONE
    item.save(update_fields=["status"])
    assembly_event_record(
        assembly=session.assembly,
        verb=events.ITEM_FINISHED,
        actor=actor,
        data={"title": item.title},
    )


@transaction.atomic
def agenda_item_start(*, actor: Any, item: AgendaItem) -> AgendaItem:
    """Make the item current (the one before it ends); its timer starts now."""
    require(actor, DeliberationAction.CHAIR, item.session.assembly)
    session = _locked_session(item.session)
    item = AgendaItem.objects.get(pk=item.pk)
    if session.status != SessionStatus.OPEN:
        raise ValidationError(
            _("Open the session before starting an agenda item."), code="session_not_open"
        )
    if item.status == AgendaItemStatus.DONE:
        raise ValidationError(
            _("This item is done; add a new item to take it up again."), code="item_done"
        )
    rules = selectors.room_rules_of(session.assembly_id)
    if rules.adopt_before_business and (
        session.rules_adopted_at is None or session.agenda_adopted_at is None
    ):
        raise ValidationError(
            _("Adopt the rules and the agenda before any business, as this room's rules require."),
            code="adoption_before_business",
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
    assembly_event_record(
        assembly=session.assembly, verb=events.ITEM_STARTED, actor=actor, data={"title": item.title}
    )
    return item


@transaction.atomic
def agenda_item_finish(*, actor: Any, item: AgendaItem, minutes_text: str = "") -> AgendaItem:
    require(actor, DeliberationAction.CHAIR, item.session.assembly)
    session = _locked_session(item.session)
    item = AgendaItem.objects.get(pk=item.pk)
    if item.status != AgendaItemStatus.CURRENT:
        raise ValidationError(_("Only the item under way can be ended."), code="item_not_current")
    if minutes_text:
        item.minutes_text = minutes_text
        item.save(update_fields=["minutes_text"])
    _finish_item(actor, session, item)
    session.current_item = None
    session.save(update_fields=["current_item"])
    item.refresh_from_db()
    return item
