"""Writes: a conversation started, closed and opened again."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assemblea.assemblies.models import Assembly
from assemblea.conversations import events
from assemblea.conversations.models import Audience, Conversation
from assemblea.conversations.permissions import ConversationAction, require
from assemblea.core.events import assembly_event_record


def language_check(language: str, field: str = "language") -> str:
    code = (language or "").strip().lower()
    if not code or len(code) > 8 or not code.replace("-", "").isalpha():
        raise ValidationError(
            {
                field: ValidationError(
                    _("Give the language as a code such as “en” or “es”."),
                    code="language_unknown",
                )
            }
        )
    return code


@transaction.atomic
def conversation_start(
    *,
    actor: Any,
    assembly: Assembly,
    question: str,
    rules: str = "",
    audience: str = Audience.MEMBERS,
    language: str = "en",
) -> Conversation:
    require(actor, ConversationAction.START, assembly)
    question = question.strip()
    if not question:
        raise ValidationError(
            {"question": ValidationError(_("Write the question."), code="question_missing")}
        )
    if audience not in Audience.values:
        raise ValidationError(
            {
                "audience": ValidationError(
                    _("Choose the members or the public."), code="audience_unknown"
                )
            }
        )
    conversation = Conversation.objects.create(
        assembly=assembly,
        question=question,
        rules=rules.strip(),
        audience=audience,
        language=language_check(language),
    )
    assembly_event_record(
        assembly=assembly,
        verb=events.STARTED,
        actor=actor,
        data={"conversation": conversation.pk, "question": question},
    )
    return conversation


@transaction.atomic
def conversation_open(*, actor: Any, conversation: Conversation, is_open: bool) -> Conversation:
    """Close a conversation to new statements and votes, or open it again."""
    require(actor, ConversationAction.START, conversation.assembly)
    if conversation.is_open == is_open:
        raise ValidationError(
            _("The conversation is already open.")
            if is_open
            else _("The conversation is already closed."),
            code="conversation_unchanged",
        )
    conversation.is_open = is_open
    conversation.save(update_fields=["is_open"])
    assembly_event_record(
        assembly=conversation.assembly,
        verb=events.REOPENED if is_open else events.CLOSED,
        actor=actor,
        data={"conversation": conversation.pk},
    )
    return conversation
