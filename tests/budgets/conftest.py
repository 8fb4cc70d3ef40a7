from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from assemblea.assemblies import services as assembly_services
from assemblea.assemblies.models import AssemblyRoleName, SeatCategory, SeatType
from assemblea.assemblies.phases import Phase
from assemblea.budgets import services
from assemblea.budgets.models import Stage


@pytest.fixture
def round_(make_assembly: Any, make_user: Any, organizer: Any) -> Any:
    """An assembly in session with an official, three voting members and a resident, and a
    budget of 100 open to residents, in its proposals stage."""
    assembly = make_assembly(planned_size=6)
    from assemblea.assemblies.models import Assembly

    Assembly.objects.filter(pk=assembly.pk).update(phase=Phase.IN_SESSION)
    assembly.refresh_from_db()
    lottery = assembly.categories.filter(seat_type=SeatType.LOTTERY).first()
    members = []
    for name in ("ana", "ben", "cai"):
        user = make_user(name)
        assembly_services.seat_fill(actor=organizer, category=lottery, name=name, user=user)
        members.append(user)
    official = make_user("official")
    assembly_services.assembly_role_grant(
        actor=organizer, assembly=assembly, user=official, role=AssemblyRoleName.RESPONDENT
    )
    budget = services.budget_create(
        actor=organizer,
        assembly=assembly,
        title="Parks 2027",
        amount=100,
        currency="EUR",
        open_to_residents=True,
        residence="Testville",
        rule="mes",
        completion="none",
    )
    return SimpleNamespace(
        assembly=assembly,
        budget=budget,
        organizer=organizer,
        members=members,
        official=official,
        resident=make_user("resident"),
        lottery=lottery,
    )


@pytest.fixture
def voting(round_: Any) -> Any:
    """Round with projects A (60), B (40), C (50) reviewed feasible, D not; voting open."""
    world = round_
    world.projects = {}
    for title, cost in (("A", 60), ("B", 40), ("C", 50), ("D", 30)):
        world.projects[title] = services.project_propose(
            actor=world.members[0],
            budget=world.budget,
            title=title,
            description="x",
            proposed_cost=cost,
        )
    services.budget_advance(actor=world.organizer, budget=world.budget)
    for title, project in world.projects.items():
        services.project_review(
            actor=world.official,
            project=project,
            feasible=title != "D",
            cost=project.proposed_cost if title != "D" else None,
            reason="" if title != "D" else "Not our land.",
        )
    services.budget_advance(actor=world.organizer, budget=world.budget)
    world.budget.refresh_from_db()
    assert world.budget.stage == Stage.VOTING
    return world


def ids(world: Any, *titles: str) -> dict[str, Any]:
    return {"project": [str(world.projects[t].pk) for t in titles]}


YES = {"lives_in": True}
__all__ = ["YES", "SeatCategory", "ids"]
