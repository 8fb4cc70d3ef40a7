"""Who may link assemblies and forward items: one place for this app.

Organizers of the child ask to link it to a parent and forward items up; organizers of the
parent accept links and decide on forwarded items. Anyone may read the public directory. A
closed assembly's place in the network is frozen: it neither links, forwards nor decides on
forwarded items (its organizers still see the organizers' part of its page).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assemblea.assemblies.models import Assembly
from assemblea.assemblies.permissions import Role
from assemblea.assemblies.phases import Phase
from assemblea.core.policy import Policy, Refused, Rule, policy_register


class NetworkAction(models.TextChoices):
    ORGANIZE = "organize", gettext_lazy("see the organizers' part of the network page")
    REQUEST_LINK = "request_link", gettext_lazy("ask to link to a parent assembly")
    ACCEPT_LINK = "accept_link", gettext_lazy("accept a local assembly's link")
    FORWARD = "forward", gettext_lazy("forward an item to the parent assembly")
    DECIDE = "decide", gettext_lazy("decide on a forwarded item")


N = NetworkAction

EVERY_PHASE = frozenset(str(phase) for phase in Phase)
OPEN_PHASES = EVERY_PHASE - {Phase.CLOSED}


def _organizers(phases: frozenset[str]) -> Rule:
    return Rule(roles=frozenset({str(Role.ORGANIZER)}), phases=phases, signed_in=True)


POLICY = policy_register(
    Policy(
        name="network",
        actions=NetworkAction,
        rules={
            N.ORGANIZE: _organizers(EVERY_PHASE),
            N.REQUEST_LINK: _organizers(OPEN_PHASES),
            N.ACCEPT_LINK: _organizers(OPEN_PHASES),
            N.FORWARD: _organizers(OPEN_PHASES),
            N.DECIDE: _organizers(OPEN_PHASES),
        },
    )
)


def can(user: Any, action: str, assembly: Assembly) -> bool:
    return POLICY.can(user, action, assembly)


def require(user: Any, action: str, assembly: Assembly) -> None:
    """The house order, with this app's sentences: they name the assembly, which matters
    when a link or an item involves two of them."""
    reason = POLICY.refusal(user, action, assembly)
    if reason == "phase":
        raise ValidationError(
            _("%(assembly)s has ended: its place in the network can no longer change."),
            code="phase",
            params={"assembly": assembly.title},
        )
    if reason == "role":
        raise Refused(
            _("Only the organizers of %(assembly)s can do this.") % {"assembly": assembly.title},
            code="role",
        )
    POLICY.require(user, action, assembly)
