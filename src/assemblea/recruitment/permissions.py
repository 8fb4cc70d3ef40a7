"""Who may run an assembly's recruitment, and when: the app's table on the house policy.

Organizers of the assembly see its recruitment in every phase, and run it from the draft
until the assembly is in session (replacements can still be drawn then). The public form is
open while the assembly is recruiting and before the deadline. Personal data is seen by
organizers only.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assemblea.assemblies.models import Assembly
from assemblea.assemblies.permissions import Role
from assemblea.assemblies.phases import Phase
from assemblea.core.policy import Policy, Rule, policy_register
from assemblea.recruitment.models import Recruitment


class RecruitmentAction(models.TextChoices):
    VIEW = "view_recruitment", gettext_lazy("see the recruitment and its registrants")
    MANAGE = "manage_recruitment", gettext_lazy("run the recruitment")
    REGISTER = "register", gettext_lazy("register for the lottery")


RECRUITMENT_PHASES = frozenset(
    {Phase.DRAFT, Phase.CONVENED, Phase.RECRUITING, Phase.ONBOARDING, Phase.IN_SESSION}
)
ALL_PHASES = frozenset(str(phase) for phase in Phase)
ORGANIZERS = frozenset({str(Role.ORGANIZER)})
ORGANIZERS_ONLY = gettext_lazy("Only the assembly's organizers run its recruitment.")

RULES: dict[str, Rule] = {
    RecruitmentAction.VIEW: Rule(roles=ORGANIZERS, phases=ALL_PHASES, refusal=ORGANIZERS_ONLY),
    RecruitmentAction.MANAGE: Rule(
        roles=ORGANIZERS,
        phases=frozenset(str(phase) for phase in RECRUITMENT_PHASES),
        refusal=ORGANIZERS_ONLY,
    ),
    # Anyone who can see the assembly may register, while it recruits (the deadline and the
    # invitation codes are the registration service's own checks).
    RecruitmentAction.REGISTER: Rule(
        roles=frozenset(str(role) for role in Role), phases=frozenset({str(Phase.RECRUITING)})
    ),
}

POLICY = policy_register(Policy(name="recruitment", actions=RecruitmentAction, rules=RULES))


def can(user: Any, action: str, assembly: Assembly) -> bool:
    """True when the user may take the action now."""
    return POLICY.can(user, action, assembly)


def require(user: Any, action: str, assembly: Assembly) -> None:
    """Refuse before any change, in the house order: 404 when the assembly is hidden from the
    user, a message naming the phase when the phase forbids it, 403 for anyone but its
    organizers."""
    POLICY.require(user, action, assembly)


def registration_closed_reason(recruitment: Recruitment) -> str | None:
    """Why the public registration form is closed, or None when it is open."""
    assembly = recruitment.assembly
    if not POLICY.phase_allows(assembly, RecruitmentAction.REGISTER):
        return _(
            "Registration for this assembly is not open: it opens while the assembly is in "
            "the phase “%(recruiting)s” (it is in the phase “%(phase)s”)."
        ) % {"recruiting": Phase.RECRUITING.label, "phase": Phase(assembly.phase).label}
    deadline = recruitment.registration_deadline
    if deadline is not None and timezone.now() > deadline:
        return _("Registration closed on %(date)s.") % {
            "date": date_format(timezone.localtime(deadline), "DATETIME_FORMAT")
        }
    return None
