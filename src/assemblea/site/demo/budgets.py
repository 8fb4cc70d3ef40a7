"""Demo: a small participatory budget of the Eastside governing-power assembly, from
proposals through the officials' review and a residents' vote to its Equal Shares results."""

from __future__ import annotations

from typing import Any

from assemblea.assemblies.models import Assembly
from assemblea.budgets import services
from assemblea.budgets.models import Budget

PROJECTS = [
    # title, proposed cost, district, feasible, estimated cost, reason
    ("Shade trees on Mill Street", 400_000, "North", True, 450_000, ""),
    ("Bike lanes to the schools", 900_000, "South", True, 850_000, ""),
    ("Playground at Eastside Park", 300_000, "North", True, 300_000, ""),
    ("Library late-night opening", 500_000, "South", True, 500_000, ""),
    ("Covered market on River Square", 1_500_000, "South", True, 1_400_000, ""),
    ("A new fire station", 1_900_000, "North", False, None, "The fire service's own budget."),
]
BALLOTS = [
    ("maria", [0, 2]),
    ("sam", [1, 3]),
    ("grace", [4]),
    ("tomas", [0, 2, 3]),
    ("ana", [1]),
]


def budgets_load(people: dict[str, Any]) -> Budget:
    """One budget of $2 million: proposals by residents, Rhea's review, five ballots."""
    olu, rhea = people["olu"], people["rhea"]
    assembly = Assembly.objects.get(title="Eastside Participatory Budget Assembly")
    budget = services.budget_create(
        actor=olu,
        assembly=assembly,
        title="Eastside capital budget 2027",
        description="Projects for Eastside's neighbourhoods, proposed by residents and checked "
        "by the city's engineers.",
        amount=2_000_000,
        currency="USD",
        grouping="districts",
        groups=["North", "South"],
        ballot_type="approval",
        max_projects=3,
        rule="mes",
        satisfaction="cost",
        completion="add-one",
        open_to_residents=True,
        residence="Riverton",
        min_age=16,
        office="Riverton Department of Public Works",
    )
    proposers = ["maria", "sam", "grace", "tomas", "maria", "sam"]
    made = [
        services.project_propose(
            actor=people[who],
            budget=budget,
            title=title,
            description=f"{title}: proposed by a resident of the {district} district.",
            proposed_cost=cost,
            group=district,
        )
        for who, (title, cost, district, *_rest) in zip(proposers, PROJECTS, strict=True)
    ]
    services.budget_advance(actor=olu, budget=budget)
    for project, (_t, _c, _d, feasible, estimate, reason) in zip(made, PROJECTS, strict=True):
        services.project_review(
            actor=rhea, project=project, feasible=feasible, cost=estimate, reason=reason
        )
    services.budget_advance(actor=olu, budget=budget)
    declared = {"lives_in": True, "old_enough": True}
    for who, chosen in BALLOTS:
        posted = {"project": [str(made[i].pk) for i in chosen]}
        services.vote_cast(actor=people[who], budget=budget, posted=posted, declared=declared)
    services.budget_advance(actor=olu, budget=budget)
    return budget
