"""Who may link assemblies and forward items: one place for this app.

Organizers of the child ask to link it to a parent and forward items up; organizers of the
parent accept links and decide on forwarded items. Anyone may read the public directory.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from assemblea.assemblies.models import Assembly
from assemblea.assemblies.permissions import Role, roles_of


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
