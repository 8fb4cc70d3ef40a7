"""Verbs of the sessions app, as they read on the assembly's timeline."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from assemblea.core.events import register_verbs

ROOM_RULES_UPDATED = "deliberation.room_rules_updated"
PROFILE_SET = "deliberation.profile_set"
SESSION_CREATED = "deliberation.session_created"
SESSION_UPDATED = "deliberation.session_updated"
SESSION_OPENED = "deliberation.session_opened"
SESSION_CLOSED = "deliberation.session_closed"
RULES_ADOPTED = "deliberation.rules_adopted"
AGENDA_ADOPTED = "deliberation.agenda_adopted"
ITEM_ADDED = "deliberation.item_added"
ITEM_MOVED = "deliberation.item_moved"
ITEM_REMOVED = "deliberation.item_removed"
ITEM_STARTED = "deliberation.item_started"
ITEM_FINISHED = "deliberation.item_finished"
CHECKED_IN = "deliberation.checked_in"
LEFT = "deliberation.left"
TABLES_ASSIGNED = "deliberation.tables_assigned"
TABLES_SWAPPED = "deliberation.tables_swapped"
TABLE_PINNED = "deliberation.table_pinned"
TABLE_FACILITATOR = "deliberation.table_facilitator"
SPEAKER_QUEUED = "deliberation.speaker_queued"
SPEAKER_WITHDRAWN = "deliberation.speaker_withdrawn"
SPEAKER_CALLED = "deliberation.speaker_called"
SPEAKER_FINISHED = "deliberation.speaker_finished"
EVIDENCE_ADDED = "deliberation.evidence_added"
EVIDENCE_REQUESTED = "deliberation.evidence_requested"
EVIDENCE_ANSWERED = "deliberation.evidence_answered"
REPORT_BACK = "deliberation.report_back"
RESOLUTION_ADDED = "deliberation.resolution_added"
RESOLUTION_STATUS = "deliberation.resolution_status"
CREDENTIAL_SET = "deliberation.credential_set"
COMMITTEE_REPORT = "deliberation.committee_report"
COMMITTEE_REPORT_STATUS = "deliberation.committee_report_status"
CALENDAR_LINK = "deliberation.calendar_link"


def _status(choices: Any, text: Any) -> Any:
    """A describer that shows a stored status code in the reader's language."""

    def describe(data: Mapping[str, Any]) -> str:
        return str(text) % {**data, "status": choices(data["status"]).label}

    return describe


def _models() -> Any:
    from assemblea.deliberation import models

    return models


register_verbs(
    {
        ROOM_RULES_UPDATED: _("The room rules were updated."),
        PROFILE_SET: _("A member's balancing values were recorded."),
        SESSION_CREATED: _("A session “%(title)s” was scheduled."),
        SESSION_UPDATED: _("The session “%(title)s” was changed."),
        SESSION_OPENED: _("The session “%(title)s” opened."),
        SESSION_CLOSED: _("The session “%(title)s” closed."),
        RULES_ADOPTED: _("The rules of the session “%(title)s” were adopted."),
        AGENDA_ADOPTED: _("The agenda of the session “%(title)s” was adopted."),
        ITEM_ADDED: _("The agenda item “%(title)s” was added."),
        ITEM_MOVED: _("The agenda item “%(title)s” was moved."),
        ITEM_REMOVED: _("The agenda item “%(title)s” was removed."),
        ITEM_STARTED: _("The agenda item “%(title)s” began."),
        ITEM_FINISHED: _("The agenda item “%(title)s” ended."),
        CHECKED_IN: _("A member checked in (%(present)s present, %(required)s needed)."),
        LEFT: _("A member left (%(present)s present, %(required)s needed)."),
        TABLES_ASSIGNED: _("%(members)s members were seated at %(tables)s tables."),
        TABLES_SWAPPED: _("Two members swapped tables."),
        TABLE_PINNED: _("A member's table was pinned or unpinned."),
        TABLE_FACILITATOR: _("Table %(number)s has a new facilitator."),
        SPEAKER_QUEUED: _("A member joined the speakers' list."),
        SPEAKER_WITHDRAWN: _("A member left the speakers' list."),
        SPEAKER_CALLED: _("A member was given the floor."),
        SPEAKER_FINISHED: _("A member spoke for %(seconds)s seconds."),
        EVIDENCE_ADDED: _("Evidence was added: “%(title)s”."),
        EVIDENCE_REQUESTED: _("A member asked for evidence or a speaker."),
        EVIDENCE_ANSWERED: _("A request for evidence was answered."),
        REPORT_BACK: _("The breakout group “%(group)s” reported back."),
        RESOLUTION_ADDED: _("A resolution for action was proposed, owned by %(owner)s."),
        RESOLUTION_STATUS: lambda data: _status(
            _models().ResolutionStatus, _("A resolution for action is now “%(status)s”.")
        )(data),
        CREDENTIAL_SET: lambda data: _status(
            _models().CredentialStatus, _("A delegate's credential is now “%(status)s”.")
        )(data),
        COMMITTEE_REPORT: _("The %(committee)s committee presented its report."),
        COMMITTEE_REPORT_STATUS: lambda data: _status(
            _models().CommitteeReportStatus, _("The %(committee)s committee's report: %(status)s.")
        )(data),
        CALENDAR_LINK: _("A member made a personal calendar link."),
    }
)
