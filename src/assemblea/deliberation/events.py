"""Verbs of the sessions app, as they read on the assembly's timeline.

Each verb declares its data keys: a lazy description's %(name)s fields are its keys, and the
status verbs list theirs. Data holds codes (a status, never its label); the description
translates when the event is shown. Registered by the app's `ready()`.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from assemblea.core.events import register_verbs, verb
from assemblea.deliberation.models import CommitteeReportStatus, CredentialStatus, ResolutionStatus

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
SPEAKER_APPROVAL_ASKED = "deliberation.speaker_approval_asked"
SPEAKER_APPROVED = "deliberation.speaker_approved"
SPEAKER_DECLINED = "deliberation.speaker_declined"
EVIDENCE_ADDED = "deliberation.evidence_added"
EVIDENCE_REQUESTED = "deliberation.evidence_requested"
EVIDENCE_ANSWERED = "deliberation.evidence_answered"
REPORT_BACK = "deliberation.report_back"
RESOLUTION_ADDED = "deliberation.resolution_added"
RESOLUTION_STATUS = "deliberation.resolution_status"
CREDENTIAL_SET = "deliberation.credential_set"
COMMITTEE_REPORT = "deliberation.committee_report"
COMMITTEE_REPORT_STATUS = "deliberation.committee_report_status"


def _status(choices: Any, text: Any) -> Any:
    """A describer that shows a stored status code in the reader's language."""

    def describe(data: Mapping[str, Any]) -> str:
        return str(text) % {**data, "status": choices(data["status"]).label}

    return describe


register_verbs(
    {
        ROOM_RULES_UPDATED: verb(_("The room rules were updated.")),
        PROFILE_SET: verb(_("A member's balancing values were recorded.")),
        SESSION_CREATED: verb(_("A session “%(title)s” was scheduled.")),
        SESSION_UPDATED: verb(_("The session “%(title)s” was changed.")),
        SESSION_OPENED: verb(_("The session “%(title)s” opened.")),
        SESSION_CLOSED: verb(_("The session “%(title)s” closed.")),
        RULES_ADOPTED: verb(_("The rules of the session “%(title)s” were adopted.")),
        AGENDA_ADOPTED: verb(_("The agenda of the session “%(title)s” was adopted.")),
        ITEM_ADDED: verb(_("The agenda item “%(title)s” was added.")),
        ITEM_MOVED: verb(_("The agenda item “%(title)s” was moved.")),
        ITEM_REMOVED: verb(_("The agenda item “%(title)s” was removed.")),
        ITEM_STARTED: verb(_("The agenda item “%(title)s” began.")),
        ITEM_FINISHED: verb(_("The agenda item “%(title)s” ended.")),
        CHECKED_IN: verb(_("A member checked in (%(present)s present, %(required)s needed).")),
        LEFT: verb(_("A member left (%(present)s present, %(required)s needed).")),
        TABLES_ASSIGNED: verb(_("%(members)s members were seated at %(tables)s tables.")),
        TABLES_SWAPPED: verb(_("Two members swapped tables.")),
        TABLE_PINNED: verb(_("A member's table was pinned or unpinned.")),
        TABLE_FACILITATOR: verb(_("Table %(number)s has a new facilitator.")),
        SPEAKER_QUEUED: verb(_("A member joined the speakers' list.")),
        SPEAKER_WITHDRAWN: verb(_("A member left the speakers' list.")),
        SPEAKER_CALLED: verb(_("A member was given the floor.")),
        SPEAKER_FINISHED: verb(_("A member spoke for %(seconds)s seconds.")),
        SPEAKER_APPROVAL_ASKED: verb(
            _("A member asked the chair to go ahead of the speakers' list."), keys=["kind"]
        ),
        SPEAKER_APPROVED: verb(
            _("The chair let a member go ahead of the speakers' list."), keys=["kind"]
        ),
        SPEAKER_DECLINED: verb(
            _("The chair declined a request to go ahead of the speakers' list."), keys=["kind"]
        ),
        EVIDENCE_ADDED: verb(_("Evidence was added: “%(title)s”.")),
        EVIDENCE_REQUESTED: verb(_("A member asked for evidence or a speaker.")),
        EVIDENCE_ANSWERED: verb(_("A request for evidence was answered.")),
        REPORT_BACK: verb(_("The breakout group “%(group)s” reported back.")),
        RESOLUTION_ADDED: verb(_("A resolution for action was proposed, owned by %(owner)s.")),
        RESOLUTION_STATUS: verb(
            _status(ResolutionStatus, _("A resolution for action is now “%(status)s”.")),
            keys=["status"],
        ),
        CREDENTIAL_SET: verb(
            _status(CredentialStatus, _("A delegate's credential is now “%(status)s”.")),
            keys=["status"],
        ),
        COMMITTEE_REPORT: verb(_("The %(committee)s committee presented its report.")),
        COMMITTEE_REPORT_STATUS: verb(
            _status(CommitteeReportStatus, _("The %(committee)s committee's report: %(status)s.")),
            keys=["committee", "status"],
        ),
    }
)
