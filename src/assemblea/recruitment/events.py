"""The recruitment app's event verbs: each with the data keys its services record.

Data holds codes and numbers (a channel, a run status, a seed), never a translated label; the
descriptions below translate when the event is shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from assemblea.core.events import register_verbs, verb

RECRUITMENT_STARTED = "recruitment.started"
TARGETS_SET = "recruitment.targets_set"
ADDRESSES_IMPORTED = "recruitment.addresses_imported"
INVITATIONS_DRAWN = "recruitment.invitations_drawn"
REGISTERED = "recruitment.registered"
SELECTION_QUEUED = "recruitment.selection_queued"
SELECTION_READY = "recruitment.selection_ready"
SELECTION_FAILED = "recruitment.selection_failed"
SELECTION_CANCELLED = "recruitment.selection_cancelled"
PANEL_DRAWN = "recruitment.panel_drawn"
CONFIRMED = "recruitment.confirmed"
DECLINED = "recruitment.declined"
REPLACEMENTS_DRAWN = "recruitment.replacements_drawn"
SEATED = "recruitment.seated"
PERSONAL_DATA_VIEWED = "recruitment.personal_data_viewed"
PERSONAL_DATA_EXPORTED = "recruitment.personal_data_exported"
PERSONAL_DATA_DELETED = "recruitment.personal_data_deleted"
SUPPORT_UPDATED = "recruitment.support_updated"
NOTICE_CHANGED = "recruitment.notice_changed"
FORM_CHANGED = "recruitment.form_changed"
WALK_IN_OPENED = "recruitment.walk_in_opened"
WALK_IN_CLOSED = "recruitment.walk_in_closed"
DUPLICATE_CHOSEN = "recruitment.duplicate_chosen"
REPLACEMENT_READY = "recruitment.replacement_ready"
SEAT_CLAIM_SENT = "recruitment.seat_claim_sent"
SEAT_CLAIMED = "recruitment.seat_claimed"


def _failed(data: Mapping[str, Any]) -> str:
    """A failed run in the reader's language when the engine gave its reason as a code (see
    engine_errors.py); the reason as it was stored otherwise (older events, other failures)."""
    from assemblea.recruitment.engine_errors import engine_error_text

    reason = engine_error_text(data.get("code", ""), data.get("params") or {}) or data["reason"]
    return gettext_now("The selection failed: %(reason)s") % {"reason": reason}


def _queued(data: Mapping[str, Any]) -> str:
    """The selection's start, with the pool's size and the registrations' count (events
    recorded before they were counted have only the algorithm)."""
    if "pool" in data:
        return gettext_now(
            "The selection was started (%(algorithm)s) on a pool of %(pool)s people, "
            "from %(registrations)s registrations."
        ) % {
            "algorithm": data["algorithm"],
            "pool": data["pool"],
            "registrations": data.get("registrations", data["pool"]),
        }
    return gettext_now("The selection was started (%(algorithm)s).") % {
        "algorithm": data["algorithm"]
    }


register_verbs(
    {
        RECRUITMENT_STARTED: verb(_("Recruitment by lottery began for %(seats)s seats.")),
        TARGETS_SET: verb(_("The lottery's targets were set for %(categories)s categories.")),
        ADDRESSES_IMPORTED: verb(_("An address list of %(count)s households was imported.")),
        INVITATIONS_DRAWN: verb(
            _("%(size)s invitations were drawn by lottery with the seed “%(seed)s”.")
        ),
        REGISTERED: verb(
            _("A person registered for the lottery."), keys=["channel", "with_invitation"]
        ),
        SELECTION_QUEUED: verb(_queued, keys=["algorithm"], optional=["pool", "registrations"]),
        SELECTION_READY: verb(
            _("The selection is ready: a lottery of %(panels)s panels awaits the public draw.")
        ),
        SELECTION_FAILED: verb(_failed, keys=["reason"], optional=["code", "params"]),
        SELECTION_CANCELLED: verb(
            _("An organizer cancelled a selection run before it finished."), keys=["kind", "was"]
        ),
        PANEL_DRAWN: verb(_("The panel was drawn in public with the seed “%(seed)s”.")),
        CONFIRMED: verb(_("A selected person confirmed.")),
        DECLINED: verb(_("A selected person declined or dropped out.")),
        REPLACEMENTS_DRAWN: verb(_("%(count)s replacements were drawn with the seed “%(seed)s”.")),
        SEATED: verb(_("%(count)s confirmed members took their lottery seats.")),
        # `what` names the page or file in the organizers' words (English, never shown as
        # the description): the log says who saw which personal data, never the data.
        PERSONAL_DATA_VIEWED: verb(
            _("An organizer viewed registrants' personal data."), keys=["what"]
        ),
        PERSONAL_DATA_EXPORTED: verb(
            _("An organizer exported registrants' personal data."), keys=["what"]
        ),
        PERSONAL_DATA_DELETED: verb(_("Personal data of %(count)s registrants was deleted.")),
        SUPPORT_UPDATED: verb(_("An organizer updated a member's stipend or support.")),
        NOTICE_CHANGED: verb(_("An organizer changed the wording of an e-mail to registrants.")),
        FORM_CHANGED: verb(_("The registration form or its pages changed.")),
        WALK_IN_OPENED: verb(_("Registration was opened to people without an invitation letter.")),
        WALK_IN_CLOSED: verb(_("Registration was closed to people without an invitation letter.")),
        DUPLICATE_CHOSEN: verb(
            _("An organizer chose which of a person's registrations stays."),
            keys=["kept", "left_out"],
        ),
        REPLACEMENT_READY: verb(
            _("The replacement lottery is ready: %(panels)s panels await the public draw.")
        ),
        SEAT_CLAIM_SENT: verb(_("A link to claim a lottery seat was sent.")),
        SEAT_CLAIMED: verb(_("A member claimed their lottery seat.")),
    }
)
