"""Every write to sessions: agenda, attendance, small tables, the speakers' list, evidence and
movement practice.

Each function is keyword-only, runs in one transaction, checks permission first, refuses
bad input with a ValidationError that says what to fix, and records an event. Rows that many
people change at once (the session, the item) are locked, so several app processes agree."""

from __future__ import annotations

from assemblea.deliberation.services.agenda import (
    agenda_item_add,
    agenda_item_finish,
    agenda_item_move,
    agenda_item_remove,
    agenda_item_start,
    session_adopt,
    session_close,
    session_create,
    session_open,
    session_update,
)
from assemblea.deliberation.services.attendance import attendance_check_in, attendance_leave
from assemblea.deliberation.services.calendar import calendar_token_get, calendar_token_renew
from assemblea.deliberation.services.evidence import (
    evidence_add,
    evidence_request_add,
    evidence_request_answer,
)
from assemblea.deliberation.services.practice import (
    breakout_report_add,
    committee_report_add,
    committee_report_set_status,
    credential_set,
    resolution_add,
    resolution_set_status,
)
from assemblea.deliberation.services.room_rules import (
    member_profile_set,
    member_profiles_set,
    room_rules_update,
)
from assemblea.deliberation.services.speakers import (
    speaker_call_next,
    speaker_finish,
    speaker_request_add,
    speaker_request_decide,
    speaker_request_withdraw,
)
from assemblea.deliberation.services.tables import (
    table_facilitator_set,
    table_pin,
    tables_assign,
    tables_swap,
)

__all__ = [
    "agenda_item_add",
    "agenda_item_finish",
    "agenda_item_move",
    "agenda_item_remove",
    "agenda_item_start",
    "attendance_check_in",
    "attendance_leave",
    "breakout_report_add",
    "calendar_token_get",
    "calendar_token_renew",
    "committee_report_add",
    "committee_report_set_status",
    "credential_set",
    "evidence_add",
    "evidence_request_add",
    "evidence_request_answer",
    "member_profile_set",
    "member_profiles_set",
    "resolution_add",
    "resolution_set_status",
    "room_rules_update",
    "session_adopt",
    "session_close",
    "session_create",
    "session_open",
    "session_update",
    "speaker_call_next",
    "speaker_finish",
    "speaker_request_add",
    "speaker_request_decide",
    "speaker_request_withdraw",
    "table_facilitator_set",
    "table_pin",
    "tables_assign",
    "tables_swap",
]
