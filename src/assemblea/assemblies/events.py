from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assemblea.assemblies.phases import Phase
from assemblea.core.events import register_verbs, verb

ASSEMBLY_CREATED = "assembly.created"
ASSEMBLY_UPDATED = "assembly.updated"
MANDATE_UPDATED = "assembly.mandate_updated"
PHASE_CHANGED = "assembly.phase_changed"
CYCLE_STARTED = "assembly.cycle_started"
CATEGORY_ADDED = "assembly.category_added"
CATEGORY_CHANGED = "assembly.category_changed"
CATEGORY_REMOVED = "assembly.category_removed"
ALLOCATION_SET = "assembly.allocation_set"
SEAT_FILLED = "assembly.seat_filled"
SEAT_ENDED = "assembly.seat_ended"
COHORT_ROTATED = "assembly.cohort_rotated"
ROLE_GRANTED = "assembly.role_granted"
ROLE_REVOKED = "assembly.role_revoked"
PUBLISHED = "assembly.published"
UNPUBLISHED = "assembly.unpublished"
PERSONAL_DATA_VIEWED = "assembly.personal_data_viewed"
SEAT_INVITATION_SENT = "assembly.seat_invitation_sent"
SEAT_INVITATION_ACCEPTED = "assembly.seat_invitation_accepted"
TRANSLATION_SAVED = "assembly.translation_saved"


def _describe_personal_data_viewed(data: Mapping[str, Any]) -> str:
    what = PERSONAL_DATA_LABELS.get(data.get("what", ""))
    return gettext("Personal data was viewed: %(what)s.") % {
        "what": str(what) if what is not None else data.get("what", "")
    }


# What a private "personal data viewed" event names (never the data itself).
PERSONAL_DATA_LABELS = {
    "members": _("the list of members, named or not"),
    "roles": _("the people holding roles"),
    "member_profiles": _("the members' balancing values"),
    "roll": _("a session's roll of attendance"),
    "tables": _("a session's tables"),
    "credentials": _("the delegates' credentials"),
    "evaluators": _("the evaluators"),
}


def _describe_phase_change(data: Mapping[str, Any]) -> str:
    return gettext("The assembly moved from “%(from)s” to “%(to)s”.") % {
        "from": Phase(data["from_phase"]).label,
        "to": Phase(data["to_phase"]).label,
    }


def _describe_seat_filled(data: Mapping[str, Any]) -> str:
    if data.get("name"):
        return gettext("%(name)s took a seat in “%(category)s”.") % data
    return gettext("A seat in “%(category)s” was filled.") % data


def _describe_role(data: Mapping[str, Any], *, granted: bool) -> str:
    from assemblea.assemblies.models import AssemblyRoleName

    label = AssemblyRoleName(data["role"]).label
    if granted:
        return gettext("Someone was given the role “%(role)s”.") % {"role": label}
    return gettext("Someone's role “%(role)s” was removed.") % {"role": label}


register_verbs(
    {
        ASSEMBLY_CREATED: verb(_("The assembly “%(title)s” was created."), keys=["kind"]),
        ASSEMBLY_UPDATED: verb(_("The assembly's description was updated.")),
        MANDATE_UPDATED: verb(_("The mandate was updated.")),
        PHASE_CHANGED: verb(_describe_phase_change, keys=["from_phase", "to_phase"]),
        CYCLE_STARTED: verb(_("Cycle %(cycle)s of the standing body began.")),
        CATEGORY_ADDED: verb(_("A seat category “%(name)s” with %(seats)s seats was added.")),
        CATEGORY_CHANGED: verb(_("The seat category “%(name)s” now has %(seats)s seats.")),
        CATEGORY_REMOVED: verb(_("The seat category “%(name)s” was removed.")),
        ALLOCATION_SET: verb(_("%(organization)s was allocated %(seats)s delegate seats.")),
        SEAT_FILLED: verb(_describe_seat_filled, keys=["category", "name"]),
        SEAT_ENDED: verb(_("A seat in “%(category)s” ended: %(reason)s.")),
        COHORT_ROTATED: verb(
            _("Cohort %(cohort)s rotated out: %(count)s members completed their term.")
        ),
        ROLE_GRANTED: verb(lambda data: _describe_role(data, granted=True), keys=["role"]),
        ROLE_REVOKED: verb(lambda data: _describe_role(data, granted=False), keys=["role"]),
        PUBLISHED: verb(
            _("The assembly was published: its page and public record are open to all.")
        ),
        UNPUBLISHED: verb(_("The assembly was made private again.")),
        PERSONAL_DATA_VIEWED: verb(_describe_personal_data_viewed, keys=["what"]),
        SEAT_INVITATION_SENT: verb(
            _("A seat in “%(category)s” was sent a link to set up its account."),
            keys=["category", "by_email"],
        ),
        SEAT_INVITATION_ACCEPTED: verb(
            _("The holder of a seat in “%(category)s” set up their account."), keys=["category"]
        ),
        TRANSLATION_SAVED: verb(
            _("A translation into “%(language)s” was saved."),
            keys=["model", "object_id", "language", "fields"],
        ),
    }
)
