from django.utils.translation import gettext_lazy as _

from assemblea.core.events import register_verbs

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

register_verbs(
    {
        RECRUITMENT_STARTED: _("Recruitment by lottery began for %(seats)s seats."),
        TARGETS_SET: _("The lottery's targets were set for %(categories)s categories."),
        ADDRESSES_IMPORTED: _("An address list of %(count)s households was imported."),
        INVITATIONS_DRAWN: _(
            "%(size)s invitations were drawn by lottery with the seed “%(seed)s”."
        ),
        REGISTERED: _("A person registered for the lottery."),
        SELECTION_QUEUED: _("The selection was started (%(algorithm)s)."),
        SELECTION_READY: _(
            "The selection is ready: a lottery of %(panels)s panels awaits the public draw."
        ),
        SELECTION_FAILED: _("The selection failed: %(reason)s"),
        SELECTION_CANCELLED: _("An organizer cancelled a selection run before it finished."),
        PANEL_DRAWN: _("The panel was drawn in public with the seed “%(seed)s”."),
        CONFIRMED: _("A selected person confirmed."),
        DECLINED: _("A selected person declined or dropped out."),
        REPLACEMENTS_DRAWN: _("%(count)s replacements were drawn with the seed “%(seed)s”."),
        SEATED: _("%(count)s confirmed members took their lottery seats."),
        PERSONAL_DATA_VIEWED: _("An organizer viewed registrants' personal data."),
        PERSONAL_DATA_EXPORTED: _("An organizer exported registrants' personal data."),
        PERSONAL_DATA_DELETED: _("Personal data of %(count)s registrants was deleted."),
        SUPPORT_UPDATED: _("An organizer updated a member's stipend or support."),
        NOTICE_CHANGED: _("An organizer changed the wording of an e-mail to registrants."),
        FORM_CHANGED: _("The registration form or its pages changed."),
        WALK_IN_OPENED: _("Registration was opened to people without an invitation letter."),
        WALK_IN_CLOSED: _("Registration was closed to people without an invitation letter."),
        DUPLICATE_CHOSEN: _("An organizer chose which of a person's registrations stays."),
        REPLACEMENT_READY: _(
            "The replacement lottery is ready: %(panels)s panels await the public draw."
        ),
        SEAT_CLAIM_SENT: _("A link to claim a lottery seat was sent."),
        SEAT_CLAIMED: _("A member claimed their lottery seat."),
    }
)
