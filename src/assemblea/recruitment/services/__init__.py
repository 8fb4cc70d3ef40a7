"""Every write of the civic lottery: targets, invitations, registrations, selection,
the public draw, confirmations, replacements and seating.

Keyword-only functions, one transaction each, permission first, a ValidationError that says
what to fix (with a code), and an event on the assembly's log. One module per stage; every
public name is importable from here, as before the split.
"""

from assemblea.recruitment.services.invitations import (
    SkippedRows,
    addresses_import,
    invitations_draw,
)
from assemblea.recruitment.services.letters import (
    LETTERS_KEPT,
    letters_build,
    letters_delete_expired,
    letters_download,
    letters_prepare,
)
from assemblea.recruitment.services.panel import (
    CLAIM_DAYS,
    RESPONSE_DAYS,
    claim_by_token,
    latest_drawn_run,
    notice_template_save,
    pending_dropouts,
    recruitment_seat,
    registration_by_token,
    registration_respond,
    registration_respond_by_link,
    registrations_confirm,
    replacement_start,
    response_link_issue,
    seat_claim,
    seat_claim_reissue,
    selection_draw,
    support_update,
)
from assemblea.recruitment.services.personal_data import (
    personal_data_access_record,
    personal_data_delete,
    personal_data_delete_expired,
)
from assemblea.recruitment.services.registration import (
    SUPPORT_NEEDS,
    duplicate_groups,
    registration_duplicate_keep,
    registration_submit,
    walk_in_set,
)
from assemblea.recruitment.services.registration_form import (
    registration_form_set,
    registration_page_delete,
    registration_page_save,
)
from assemblea.recruitment.services.seat_mail import seat_claim_new_account
from assemblea.recruitment.services.selection import (
    HEARTBEAT_SECONDS,
    STOP_CHECK_SECONDS,
    _RunWatch,
    relaxation_accept,
    selection_cancel,
    selection_execute,
    selection_restart_relaxed,
    selection_retry,
    selection_start,
)
from assemblea.recruitment.services.targets import (
    CategorySpec,
    ValueSpec,
    recruitment_start,
    targets_set,
)

__all__ = [
    "CLAIM_DAYS",
    "HEARTBEAT_SECONDS",
    "LETTERS_KEPT",
    "RESPONSE_DAYS",
    "STOP_CHECK_SECONDS",
    "SUPPORT_NEEDS",
    "CategorySpec",
    "SkippedRows",
    "ValueSpec",
    "_RunWatch",
    "addresses_import",
    "claim_by_token",
    "duplicate_groups",
    "invitations_draw",
    "latest_drawn_run",
    "letters_build",
    "letters_delete_expired",
    "letters_download",
    "letters_prepare",
    "notice_template_save",
    "pending_dropouts",
    "personal_data_access_record",
    "personal_data_delete",
    "personal_data_delete_expired",
    "recruitment_seat",
    "recruitment_start",
    "registration_by_token",
    "registration_duplicate_keep",
    "registration_form_set",
    "registration_page_delete",
    "registration_page_save",
    "registration_respond",
    "registration_respond_by_link",
    "registration_submit",
    "registrations_confirm",
    "relaxation_accept",
    "replacement_start",
    "response_link_issue",
    "seat_claim",
    "seat_claim_new_account",
    "seat_claim_reissue",
    "selection_cancel",
    "selection_draw",
    "selection_execute",
    "selection_restart_relaxed",
    "selection_retry",
    "selection_start",
    "support_update",
    "targets_set",
    "walk_in_set",
]
