"""Which of the management links a person may follow: only those their role allows, so a
facilitator is not shown pages that would refuse them."""

from __future__ import annotations

from typing import Any

from django import template

from assemblea.assemblies.permissions import can, may_manage
from assemblea.assemblies.phases import AssemblyAction

register = template.Library()


@register.simple_tag(takes_context=True)
def assembly_nav_rights(context: template.Context, assembly: Any) -> dict[str, bool]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "manage": may_manage(user, assembly),
        "roles": can(user, AssemblyAction.MANAGE_ROLES, assembly),
        "translate": len(assembly.languages or []) > 1
        and can(user, AssemblyAction.TRANSLATE, assembly),
    }
