"""Every write to assemblies, their mandates, composition, seats and roles.

Each function is keyword-only, runs in one transaction, checks permission first, refuses
bad input with a ValidationError that says what to fix, and records an event."""

from __future__ import annotations

from assemblea.assemblies.services.assembly import (
    assembly_create,
    assembly_publish,
    assembly_unpublish,
    assembly_update,
    mandate_update,
    personal_data_viewed,
    unique_slug,
)
from assemblea.assemblies.services.composition import (
    composition_problems,
    delegate_allocation_set,
    seat_category_delete,
    seat_category_save,
)
from assemblea.assemblies.services.invitations import (
    invitation_by_token,
    seat_invitation_accept,
    seat_invitation_check,
    seat_invitation_issue,
)
from assemblea.assemblies.services.lifecycle import (
    assembly_change_phase,
    phase_change_problems,
)
from assemblea.assemblies.services.roles import (
    assembly_role_grant,
    assembly_role_revoke,
)
from assemblea.assemblies.services.seats import (
    assembly_rotate_cohort,
    seat_end,
    seat_fill,
)
from assemblea.assemblies.services.translations import (
    translation_save,
    translations_from_organizer,
)

__all__ = [
    "assembly_change_phase",
    "assembly_create",
    "assembly_publish",
    "assembly_role_grant",
    "assembly_role_revoke",
    "assembly_rotate_cohort",
    "assembly_unpublish",
    "assembly_update",
    "composition_problems",
    "delegate_allocation_set",
    "invitation_by_token",
    "mandate_update",
    "personal_data_viewed",
    "phase_change_problems",
    "seat_category_delete",
    "seat_category_save",
    "seat_end",
    "seat_fill",
    "seat_invitation_accept",
    "seat_invitation_check",
    "seat_invitation_issue",
    "translation_save",
    "translations_from_organizer",
    "unique_slug",
]
