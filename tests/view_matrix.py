"""The shared shape of the apps' view matrices (tests/<app>/test_authorization.py): one rule
per write view or private read, checked for every role of the `cast` fixture by the
`matrix_check` fixture (tests/conftest.py). Each app keeps its own rules and set-up."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from assemblea.assemblies.models import Assembly, Visibility
from assemblea.assemblies.phases import Phase

# Every kind of person the permission rules tell apart, and two who must be told apart from
# them (a member and an organizer of *another* assembly).
ROLES = (
    "anonymous",
    "stranger",
    "member",
    "other_member",
    "facilitator",
    "organizer",
    "other_organizer",
    "observer",
    "respondent",
    "evaluator",
    "delegating",
)
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
ORGANIZER = frozenset({"organizer"})
WITH_A_ROLE = frozenset({"member", "facilitator", "organizer", "observer", "respondent"})


@dataclass(frozen=True)
class ViewRule:
    """A view, who may use it, and in which phase and visibility of the assembly."""

    name: str
    method: str
    url: Callable[[Any], str]
    allowed: frozenset[str]
    data: Callable[[Any], dict[str, Any]] = lambda c: {}
    phase: str = Phase.IN_SESSION
    private: bool = False
    refused: tuple[int, ...] = (403, 404)
    setup: Callable[[Any], object] = lambda c: None


def assembly_url(name: str, *more: Callable[[Any], Any]) -> Callable[[Any], str]:
    """The address of view `name` of the cast's assembly, with more arguments from the cast."""
    return lambda c: reverse(name, args=[c.assembly.slug, *(f(c) for f in more)])


def assembly_put_in(c: Any, rule: ViewRule) -> None:
    """Move the cast's assembly to the rule's phase and visibility."""
    Assembly.objects.filter(pk=c.assembly.pk).update(
        phase=rule.phase, visibility=Visibility.PRIVATE if rule.private else Visibility.PUBLIC
    )
    c.assembly.refresh_from_db()


def rule_check(c: Any, matrix_check: Any, rule: ViewRule, role: str) -> Any:
    """Use the rule's view as `role`: allowed, it works and changes something (a POST);
    refused, nothing at all changes."""
    return matrix_check(
        c, role, rule.method, rule.url(c), rule.data(c), role in rule.allowed, rule.refused
    )
