"""Who may do what in an assembly's conversations (opinion maps): one place for this app.

Organizers start conversations, import and export them, and send statements into the
assembly; organizers and facilitators moderate. Taking part (adding statements and voting)
needs a signed-in account: the assembly's members, organizers and facilitators always; the
public too when the conversation is open to it (the condition reads the conversation's
audience, passed as `audience=`). Anyone who can see the assembly reads the map. Nothing is
done while the assembly is a draft (but organizers may prepare a conversation) or after it
closed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy

from assemblea.assemblies.models import Assembly
from assemblea.assemblies.permissions import Role
from assemblea.assemblies.phases import Phase
from assemblea.core.policy import Policy, Rule, policy_register


class ConversationAction(models.TextChoices):
    START = "start", gettext_lazy("start a conversation")
    MODERATE = "moderate", gettext_lazy("moderate the statements of a conversation")
    PARTICIPATE = "participate", gettext_lazy("add statements and vote in a conversation")
    SEND = "send", gettext_lazy("send a statement to the assembly's agenda or evidence")
    IMPORT = "import", gettext_lazy("import a Polis conversation")
    EXPORT = "export", gettext_lazy("export a conversation in the Polis format")


C = ConversationAction

EVERY_PHASE = frozenset(str(phase) for phase in Phase)
PREPARING = EVERY_PHASE - {Phase.CLOSED}
RUNNING = EVERY_PHASE - {Phase.DRAFT, Phase.CLOSED}

ORGANIZERS = frozenset({str(Role.ORGANIZER)})
MODERATORS = frozenset({str(Role.ORGANIZER), str(Role.FACILITATOR)})
PARTICIPANTS = MODERATORS | {str(Role.MEMBER), str(Role.PUBLIC)}


def _open_to_public(user: Any, assembly: Any, narrowing: Mapping[str, Any]) -> bool:
    from assemblea.conversations.models import Audience

    return narrowing.get("audience") == Audience.PUBLIC


POLICY = policy_register(
    Policy(
        name="conversations",
        actions=ConversationAction,
        rules={
            C.START: Rule(roles=ORGANIZERS, phases=PREPARING, signed_in=True),
            C.MODERATE: Rule(roles=MODERATORS, phases=PREPARING, signed_in=True),
            C.PARTICIPATE: Rule(
                roles=PARTICIPANTS,
                phases=RUNNING,
                conditions={str(Role.PUBLIC): _open_to_public},
                signed_in=True,
                refusal=gettext_lazy("This conversation is open to the assembly's members only."),
            ),
            C.SEND: Rule(roles=ORGANIZERS, phases=RUNNING, signed_in=True),
            C.IMPORT: Rule(roles=ORGANIZERS, phases=PREPARING, signed_in=True),
            C.EXPORT: Rule(roles=ORGANIZERS, phases=EVERY_PHASE, signed_in=True),
        },
    )
)


def can(user: Any, action: str, assembly: Assembly, **narrowing: Any) -> bool:
    return POLICY.can(user, action, assembly, **narrowing)


def require(user: Any, action: str, assembly: Assembly, **narrowing: Any) -> None:
    POLICY.require(user, action, assembly, **narrowing)
