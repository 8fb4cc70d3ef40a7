"""What the services share: the conversation's permission with its audience, open checks,
and the pseudonymous participant of an account."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from assemblea.conversations.models import Conversation, Participant
from assemblea.conversations.permissions import ConversationAction, require


def require_participation(actor: Any, conversation: Conversation) -> None:
    require(
        actor,
        ConversationAction.PARTICIPATE,
        conversation.assembly,
        audience=conversation.audience,
    )
    if not conversation.is_open:
        raise ValidationError(
            _("This conversation is closed: it takes no more statements or votes."),
            code="conversation_closed",
        )


def participant_of(conversation: Conversation, user: Any) -> Participant:
    """The account's participant in this conversation, numbered on first use."""
    found = Participant.objects.filter(conversation=conversation, user=user).first()
    if found is not None:
        return found
    for _attempt in range(5):
        number = (
            Participant.objects.filter(conversation=conversation).aggregate(n=Max("number"))["n"]
            or 0
        ) + 1
        try:
            with transaction.atomic():
                return Participant.objects.create(
                    conversation=conversation, number=number, user=user
                )
        except IntegrityError:
            found = Participant.objects.filter(conversation=conversation, user=user).first()
            if found is not None:
                return found
    raise ValidationError(_("Too many people at once: try again."), code="participant_busy")
