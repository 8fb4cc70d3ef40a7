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
    """The account's participant in this conversation, numbered on first use.

    Numbers are handed out one at a time: a first vote takes the conversation's row lock
    (FOR NO KEY UPDATE, which the other votes' inserts do not wait for) until it commits,
    so two first votes at once never draw the same number, and two first votes of the same
    person at once make one participant (the second finds the first's)."""
    found = Participant.objects.filter(conversation=conversation, user=user).first()
    if found is not None:
        return found
    list(
        Conversation.objects.select_for_update(no_key=True)
        .filter(pk=conversation.pk)
        .values_list("pk")
    )
    found = Participant.objects.filter(conversation=conversation, user=user).first()
    if found is not None:
        return found
    number = (
        Participant.objects.filter(conversation=conversation).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    try:
        with transaction.atomic():
            return Participant.objects.create(conversation=conversation, number=number, user=user)
    except IntegrityError:  # only outside a transaction, where the lock did not hold
        found = Participant.objects.filter(conversation=conversation, user=user).first()
        if found is not None:
            return found
    raise ValidationError(_("Too many people at once: try again."), code="participant_busy")
