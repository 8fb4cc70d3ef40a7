"""One permission policy for every app: role × phase × seat right, declared as data.

Each app declares its actions (one `TextChoices` enum named for the app), a `Rule` per action
(which roles may take it, in which phases, and what a role must also hold, such as a seat whose
category grants the right to vote) and builds one `Policy`. `Policy.require` applies the house
order, the same in every app:

1. the assembly is hidden from the person → 404 (`Http404`);
2. the action needs a signed-in person and there is none → 403 with code ``login_required``;
3. the assembly's phase forbids the action → `ValidationError` with code ``phase`` naming the
   phase and the action;
4. no role (with its condition) allows it → 403 (`Refused`, code ``role``).

Core knows no app. Who holds which roles in an assembly, whether it is visible and how a phase
is named come from the `Membership` that the assemblies app registers when it is ready.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext as _

# A condition a role must also meet: (user, assembly, narrowing) -> bool. Narrowing carries what
# the caller knows about the target, e.g. `category=` (a seat category) or `organization_id=`.
Condition = Callable[[Any, Any, Mapping[str, Any]], bool]


class Membership(Protocol):
    """What the policy needs to know about a person and an assembly (see assemblies.apps)."""

    def visible(self, user: Any, assembly: Any) -> bool: ...

    def roles(self, user: Any, assembly: Any) -> set[str]: ...

    def phase_label(self, phase: str) -> str: ...

    def is_standing(self, assembly: Any) -> bool: ...


_membership: Membership | None = None


def membership_register(membership: Membership) -> None:
    """Called once by the assemblies app's `ready()`."""
    global _membership
    _membership = membership


def _members() -> Membership:
    if _membership is None:
        raise RuntimeError("no membership registered: is assemblea.assemblies installed?")
    return _membership


@dataclass(frozen=True)
class Rule:
    """Who may take one action, and when.

    `phases` are the phases that allow it; `standing_phases`, when given, replaces them for a
    standing body. `conditions` narrow a role: the role counts only when its condition holds.
    `refusal` is the 403 message when the app has a more helpful one than the house's.
    """

    roles: frozenset[str]
    phases: frozenset[str]
    standing_phases: frozenset[str] | None = None
    conditions: Mapping[str, Condition] = field(default_factory=dict)
    signed_in: bool = False
    refusal: Promise | str | None = None


class Refused(PermissionDenied):
    """A 403 that says why, with a code the JSON answers and the tests can use."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Policy:
    """An app's permission table. Build one per app; `can` and `require` read it."""

    name: str
    actions: type[models.TextChoices]
    rules: Mapping[str, Rule]
    superuser_bypasses_roles: bool = True

    def __post_init__(self) -> None:
        declared = {str(action) for action in self.actions}
        ruled = {str(action) for action in self.rules}
        if declared != ruled:
            raise ValueError(
                f"{self.name}: actions without a rule {sorted(declared - ruled)}, "
                f"rules without an action {sorted(ruled - declared)}"
            )

    def rule(self, action: str) -> Rule:
        try:
            return self.rules[action]
        except KeyError:
            raise ValueError(f"{self.name}: unknown action {action!r}") from None

    def phase_allows(self, assembly: Any, action: str) -> bool:
        rule = self.rule(action)
        phases = rule.phases
        if rule.standing_phases is not None and _members().is_standing(assembly):
            phases = rule.standing_phases
        return str(assembly.phase) in phases

    def role_allows(self, user: Any, action: str, assembly: Any, **narrowing: Any) -> bool:
        """True when one of the person's roles allows the action (its condition met)."""
        rule = self.rule(action)
        signed_in = user is not None and user.is_authenticated
        if rule.signed_in and not signed_in:
            return False
        if signed_in and user.is_superuser and self.superuser_bypasses_roles:
            return True
        for role in _members().roles(user, assembly) & rule.roles:
            condition = rule.conditions.get(role)
            if condition is None or condition(user, assembly, narrowing):
                return True
        return False

    def can(self, user: Any, action: str, assembly: Any, **narrowing: Any) -> bool:
        """True when the person may take the action now."""
        return self.refusal(user, action, assembly, **narrowing) is None

    def refusal(self, user: Any, action: str, assembly: Any, **narrowing: Any) -> str | None:
        """Why not, as a code (``hidden``, ``login_required``, ``phase``, ``role``), or None."""
        members = _members()
        if not members.visible(user, assembly):
            return "hidden"
        rule = self.rule(action)
        if rule.signed_in and (user is None or not user.is_authenticated):
            return "login_required"
        if not self.phase_allows(assembly, action):
            return "phase"
        if not self.role_allows(user, action, assembly, **narrowing):
            return "role"
        return None

    def require(self, user: Any, action: str, assembly: Any, **narrowing: Any) -> None:
        """Refuse before any change, in the house order (see the module's docstring)."""
        reason = self.refusal(user, action, assembly, **narrowing)
        if reason is None:
            return
        if reason == "hidden":
            raise Http404(_("No such assembly."))
        if reason == "login_required":
            raise Refused(_("Log in first."), code="login_required")
        label = self.actions(action).label
        if reason == "phase":
            raise ValidationError(
                _(
                    "This cannot be done while the assembly is in the phase “%(phase)s”: "
                    "%(action)s."
                ),
                code="phase",
                params={"phase": _members().phase_label(str(assembly.phase)), "action": label},
            )
        message = self.rule(action).refusal
        raise Refused(
            str(message)
            if message is not None
            else _("Your role or seat in this assembly does not allow you to %(action)s.")
            % {"action": label},
            code="role",
        )

    def table(self) -> Iterable[tuple[str, Rule]]:
        """Every action and its rule, for the tests that walk the whole table."""
        return ((str(action), self.rules[action]) for action in self.actions)


_POLICIES: dict[str, Policy] = {}


def policy_register(policy: Policy) -> Policy:
    """Declare an app's policy (in its permissions module) so the tests can walk them all."""
    _POLICIES[policy.name] = policy
    return policy


def policies() -> Mapping[str, Policy]:
    return dict(_POLICIES)
