"""Reads: the live room view (what the screen and the chair's console show)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from assemblea.deliberation.models import (
    AgendaItem,
    Session,
    SpeakerRequest,
)
from assemblea.deliberation.selectors.quorum import QuorumStatus, room_rules_of, session_quorum
from assemblea.deliberation.selectors.speakers import QueueLine, current_speaker, speakers_queue


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
    url: str = ""  # where a member takes part (e.g. the ballot), shown on "happening now"


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
