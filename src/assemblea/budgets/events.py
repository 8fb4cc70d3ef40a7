"""The participatory budgets' events. Data holds ids, codes and amounts, never a person.

Ballots are never events: an event would tell who voted when (see docs/participatory-budgeting.md).
A proposal's event names the project, not who proposed it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assemblea.core.events import register_verbs, verb

CREATED = "budgets.created"
STAGE_CHANGED = "budgets.stage_changed"
PROPOSED = "budgets.proposed"
REVIEWED = "budgets.reviewed"
COUNTED = "budgets.counted"
IMPORTED = "budgets.imported"
COMMITTED = "budgets.committed"


def _stage(data: Mapping[str, Any]) -> str:
    from assemblea.budgets.models import Stage

    return str(Stage(data["stage"]).label)


def _verdict(data: Mapping[str, Any]) -> str:
    from assemblea.budgets.models import ProjectStatus

    return str(ProjectStatus(data["status"]).label)


register_verbs(
    {
        CREATED: verb(
            gettext_lazy("The participatory budget “%(title)s” was set up."), keys=["budget"]
        ),
        STAGE_CHANGED: verb(
            lambda data: (
                _("A participatory budget moved to the stage “%(stage)s”.")
                % {"stage": _stage(data)}
            ),
            keys=["budget", "stage"],
        ),
        PROPOSED: verb(
            gettext_lazy("Project %(number)s was proposed for a participatory budget."),
            keys=["budget", "project"],
        ),
        REVIEWED: verb(
            lambda data: (
                _("Project %(number)s was reviewed: %(verdict)s.")
                % {"number": data["number"], "verdict": _verdict(data)}
            ),
            keys=["budget", "project", "number", "status"],
        ),
        COUNTED: verb(
            gettext_lazy(
                "A participatory budget was counted: %(funded)s projects funded, "
                "%(spent)s spent of %(amount)s."
            ),
            keys=["budget", "rule"],
        ),
        IMPORTED: verb(
            gettext_lazy(
                "A participatory budget was imported from a .pb file: %(projects)s projects, "
                "%(ballots)s ballots, %(skipped)s lines skipped."
            ),
            keys=["budget"],
        ),
        COMMITTED: verb(
            gettext_lazy(
                "The funded projects of a participatory budget became %(commitments)s "
                "commitments on the public record."
            ),
            keys=["budget", "recommendation"],
        ),
    }
)
