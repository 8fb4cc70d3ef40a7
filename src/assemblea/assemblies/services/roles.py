"""Roles given and removed in one assembly."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assemblea.assemblies import events
from assemblea.assemblies.models import (
    Assembly,
    AssemblyRole,
    AssemblyRoleName,
)
from assemblea.assemblies.permissions import require
from assemblea.assemblies.phases import AssemblyAction
from assemblea.core.events import assembly_event_record


@transaction.atomic
def assembly_role_grant(*, actor: Any, assembly: Assembly, user: Any, role: str) -> AssemblyRole:
    require(actor, AssemblyAction.MANAGE_ROLES, assembly)
    if role not in AssemblyRoleName.values:
        raise ValidationError({"role": ValidationError(_("Choose a role."), code="choose_role")})
    granted, created = AssemblyRole.objects.get_or_create(assembly=assembly, user=user, role=role)
    if not created:
        raise ValidationError(
            {
                "user": ValidationError(
                    _("This person already has that role."), code="person_already_role"
                )
            }
        )
    assembly_event_record(
        assembly=assembly, verb=events.ROLE_GRANTED, actor=actor, data={"role": role}
    )
    return granted


@transaction.atomic
def assembly_role_revoke(*, actor: Any, role: AssemblyRole) -> None:
    assembly = role.assembly
    require(actor, AssemblyAction.MANAGE_ROLES, assembly)
    if role.role == AssemblyRoleName.ORGANIZER and (
        assembly.roles.filter(role=AssemblyRoleName.ORGANIZER).count() == 1
    ):
        raise ValidationError(
            _("An assembly keeps at least one organizer."), code="assembly_keeps_least_organizer"
        )
    role_name = role.role
    role.delete()
    assembly_event_record(
        assembly=assembly, verb=events.ROLE_REVOKED, actor=actor, data={"role": role_name}
    )
