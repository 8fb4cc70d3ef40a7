"""What every sessions page shares: the assembly, the permission flags, a posted seat."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from assemblea.assemblies.models import Assembly, SeatHolder
from assemblea.assemblies.selectors import assembly_get
from assemblea.core.params import posted_object
from assemblea.deliberation.models import Session
from assemblea.deliberation.permissions import Action, can


def _assembly(request: HttpRequest, slug: str, action: str = Action.VIEW) -> Assembly:
    assembly = assembly_get(user=request.user, slug=slug)
    if action != Action.VIEW and not can(request.user, action, assembly):
        if action == Action.VIEW_ROOM:
            raise PermissionDenied(_("Only people with a role in this assembly see the room."))
        raise PermissionDenied(_("You do not have a role in this assembly that allows this."))
    return assembly


def _flags(request: HttpRequest, assembly: Assembly) -> dict[str, bool]:
    return {
        "can_plan": can(request.user, Action.PLAN, assembly),
        "can_chair": can(request.user, Action.CHAIR, assembly),
        "can_view_room": can(request.user, Action.VIEW_ROOM, assembly),
    }


def _seat(request: HttpRequest, session: Session, name: str) -> SeatHolder:
    """The seat of this assembly whose id is posted as `name` (400/404 otherwise)."""
    return posted_object(
        request, SeatHolder.objects.filter(category__assembly=session.assembly), name
    )
