"""Thin views: parse the request, call one selector or service, render.

Every form posts and redirects, so the pages work without JavaScript; htmx only refreshes the
live room fragment every second."""

from __future__ import annotations

from assemblea.deliberation.views.calendars import assembly_calendar, member_calendar, my_calendar
from assemblea.deliberation.views.console import chair
from assemblea.deliberation.views.library import evidence
from assemblea.deliberation.views.live import (
    happening_now,
    room,
    room_live,
    room_stream,
    session_stream,
    summary,
)
from assemblea.deliberation.views.member import session_detail, session_leave, session_you
from assemblea.deliberation.views.planning import profiles, room_rules, session_edit, sessions
from assemblea.deliberation.views.practice import credentials, resolutions
from assemblea.deliberation.views.seating import tables

__all__ = [
    "assembly_calendar",
    "chair",
    "credentials",
    "evidence",
    "happening_now",
    "member_calendar",
    "my_calendar",
    "profiles",
    "resolutions",
    "room",
    "room_live",
    "room_rules",
    "room_stream",
    "session_detail",
    "session_edit",
    "session_leave",
    "session_stream",
    "session_you",
    "sessions",
    "summary",
    "tables",
]
