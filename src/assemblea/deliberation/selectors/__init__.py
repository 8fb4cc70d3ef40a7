"""Reads for sessions: quorum and presence, the speakers' list, small tables, the live room
view, calendar feeds, evidence and resolutions."""

from __future__ import annotations

from assemblea.deliberation.selectors.calendar import sessions_for_member
from assemblea.deliberation.selectors.evidence import (
    CredentialLine,
    ProfileLine,
    balancing_categories,
    credential_roll,
    evidence_of,
    evidence_requests_of,
    profile_lines,
    queue_place,
    resolutions_of,
)
from assemblea.deliberation.selectors.quorum import (
    CategoryPresence,
    QuorumStatus,
    quorum_required,
    room_rules_of,
    session_quorum,
)
from assemblea.deliberation.selectors.room import (
    RoomPanel,
    RoomPanelProvider,
    RoomState,
    room_panels_register,
    room_state,
)
from assemblea.deliberation.selectors.sessions import (
    RollLine,
    is_present,
    present_seats,
    roll,
    session_get,
    session_now,
    sessions_of,
)
from assemblea.deliberation.selectors.speakers import (
    QueueLine,
    current_speaker,
    open_request_of,
    speakers_pending,
    speakers_queue,
    speakers_rule,
    speaking_summary,
    speaking_summary_rows,
)
from assemblea.deliberation.selectors.tables import (
    TableInput,
    TablesView,
    TableView,
    table_facilitators,
    table_of,
    table_problem,
    table_problem_input,
    table_refusal,
    tables_of,
)

__all__ = [
    "CategoryPresence",
    "CredentialLine",
    "ProfileLine",
    "QueueLine",
    "QuorumStatus",
    "RollLine",
    "RoomPanel",
    "RoomPanelProvider",
    "RoomState",
    "TableInput",
    "TableView",
    "TablesView",
    "balancing_categories",
    "credential_roll",
    "current_speaker",
    "evidence_of",
    "evidence_requests_of",
    "is_present",
    "open_request_of",
    "present_seats",
    "profile_lines",
    "queue_place",
    "quorum_required",
    "resolutions_of",
    "roll",
    "room_panels_register",
    "room_rules_of",
    "room_state",
    "session_get",
    "session_now",
    "session_quorum",
    "sessions_for_member",
    "sessions_of",
    "speakers_pending",
    "speakers_queue",
    "speakers_rule",
    "speaking_summary",
    "speaking_summary_rows",
    "table_facilitators",
    "table_of",
    "table_problem",
    "table_problem_input",
    "table_refusal",
    "tables_of",
]
