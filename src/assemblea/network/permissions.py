"""Who may link assemblies and forward items: one place for this app.

Organizers of the child ask to link it to a parent and forward items up; organizers of the
parent accept links and decide on forwarded items. Anyone may read the public directory.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from assemblea.assemblies.models import Assembly
from assemblea.assemblies.permissions import Role, roles_of
from assemblea.assemblies.phases import Phase


def may_organize(user: Any, assembly: Assembly) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_superuser or Role.ORGANIZER in roles_of(user, assembly))


def require_organizer(user: Any, assembly: Assembly) -> None:
    if user is None or not user.is_authenticated:
        raise PermissionDenied(_("Log in first."))
    if not may_organize(user, assembly):
        raise PermissionDenied(
            _("Only the organizers of %(assembly)s can do this.") % {"assembly": assembly.title}
        )


def require_organizer_of_open(user: Any, assembly: Assembly) -> None:
    """An organizer, and the assembly has not ended: a closed assembly's record is frozen,
    so it neither links, forwards nor decides on forwarded items."""
    require_organizer(user, assembly)
    if assembly.phase == Phase.CLOSED:
        raise ValidationError(
            _("%(assembly)s has ended: its place in the network can no longer change.")
            % {"assembly": assembly.title}
        )
