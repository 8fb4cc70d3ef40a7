"""What every sessions page shares: the assembly, the permission flags, a posted seat."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from assemblea.assemblies.models import Assembly, SeatHolder
from assemblea.assemblies.selectors import assembly_get
from assemblea.core.params import posted_object
from assemblea.deliberation.models import Session
from assemblea.deliberation.permissions import POLICY, DeliberationAction, can


def _assembly(request: HttpRequest, slug: str, action: str = DeliberationAction.VIEW) -> Assembly:
    """The assembly the page is about (404 when hidden), refused with a 403 saying why when
    the user may not take `action` now."""
    assembly = assembly_get(user=request.user, slug=slug)
    if action != DeliberationAction.VIEW and not can(request.user, action, assembly):
        raise PermissionDenied(str(POLICY.rule(action).refusal))
    return assembly


def _flags(request: HttpRequest, assembly: Assembly) -> dict[str, bool]:
    return {
        "can_plan": can(request.user, DeliberationAction.PLAN, assembly),
        "can_chair": can(request.user, DeliberationAction.CHAIR, assembly),
        "can_view_room": can(request.user, DeliberationAction.VIEW_ROOM, assembly),
    }


def _seat(request: HttpRequest, session: Session, name: str) -> SeatHolder:
    """The seat of this assembly whose id is posted as `name` (400/404 otherwise)."""
    return posted_object(
        request, SeatHolder.objects.filter(category__assembly=session.assembly), name
    )
