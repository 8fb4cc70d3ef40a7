"""Moving an assembly through its phases (a standing body loops into a new cycle)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assemblea.assemblies import events
from assemblea.assemblies.models import (
    Assembly,
)
from assemblea.assemblies.permissions import require
from assemblea.assemblies.phases import AssemblyAction, Phase, next_phases
from assemblea.assemblies.services.composition import composition_problems
from assemblea.core.events import assembly_event_record


def phase_change_problems(assembly: Assembly, to_phase: str) -> list[str]:
    """Why the assembly cannot move to `to_phase` now; empty when it can."""
    allowed = next_phases(assembly.phase, standing=assembly.is_standing)
    if to_phase not in allowed:
        return [
            _(
                "An assembly in “%(current)s” cannot move to “%(target)s”. It can move to: "
                "%(allowed)s."
            )
            % {
                "current": Phase(assembly.phase).label,
                "target": Phase(to_phase).label if to_phase in Phase.values else to_phase,
                "allowed": ", ".join(str(Phase(p).label) for p in allowed) or _("nothing"),
            }
        ]
    problems: list[str] = []
    if to_phase == Phase.CONVENED:
        if not assembly.mandate.question.strip():
            problems.append(_("Write the mandate's question before convening."))
        problems.extend(composition_problems(assembly))
    if to_phase == Phase.RESPONDED and not assembly.mandate.commits_to_respond:
        problems.append(
            _("No response was committed to in the mandate: move to monitoring instead.")
        )
    return problems


@transaction.atomic
def assembly_change_phase(*, actor: Any, assembly: Assembly, to_phase: str) -> Assembly:
    require(actor, AssemblyAction.CHANGE_PHASE, assembly)
    problems = phase_change_problems(assembly, to_phase)
    if problems:
        raise ValidationError(
            [ValidationError(problem, code="phase_change_blocked") for problem in problems]
        )
    from_phase = assembly.phase
    new_cycle = to_phase == Phase.CONVENED and from_phase in (Phase.MONITORING, Phase.EVALUATED)
    assembly.phase = to_phase
    if new_cycle:
        assembly.cycle += 1
    assembly.save(update_fields=["phase", "cycle"])
    assembly_event_record(
        assembly=assembly,
        verb=events.PHASE_CHANGED,
        actor=actor,
        data={"from_phase": from_phase, "to_phase": to_phase},
    )
    if new_cycle:
        assembly_event_record(
            assembly=assembly,
            verb=events.CYCLE_STARTED,
            actor=actor,
            data={"cycle": assembly.cycle},
        )
    return assembly
