"""Who may run an assembly's recruitment, and when: one place for this app.

Organizers of the assembly run it, from the draft until the assembly is in session
(replacements can still be drawn then). The public form is open while the assembly is
recruiting and before the deadline. Personal data is seen by organizers only.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblea.assemblies.models import Assembly
from assemblea.assemblies.permissions import Role, roles_of
from assemblea.assemblies.phases import Phase
from assemblea.recruitment.models import Recruitment

RECRUITMENT_PHASES = frozenset(
    {Phase.DRAFT, Phase.CONVENED, Phase.RECRUITING, Phase.ONBOARDING, Phase.IN_SESSION}
)


def can_manage(user: Any, assembly: Assembly) -> bool:
    if user is not None and user.is_authenticated and user.is_superuser:
        return True
    return Role.ORGANIZER in roles_of(user, assembly)


def require_manage(user: Any, assembly: Assembly) -> None:
    if not can_manage(user, assembly):
        raise PermissionDenied(_("Only the assembly's organizers run its recruitment."))
    if assembly.phase not in RECRUITMENT_PHASES:
        raise ValidationError(
            _("Recruitment is closed: the assembly is in the phase “%(phase)s”.")
            % {"phase": Phase(assembly.phase).label}
        )


def registration_closed_reason(recruitment: Recruitment) -> str | None:
    """Why the public registration form is closed, or None when it is open."""
    if recruitment.assembly.phase != Phase.RECRUITING:
        return _("Registration for this assembly is not open.")
    deadline = recruitment.registration_deadline
    if deadline is not None and timezone.now() > deadline:
        return _("Registration closed on %(date)s.") % {
            "date": timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M")
        }
    return None
