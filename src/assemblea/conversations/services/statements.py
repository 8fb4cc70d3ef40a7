"""Writes: statements added by participants, moderated (accepted, rejected with a reason)
and translated. A statement by a moderator needs no moderation. Adding a statement records
no event: it would tell who wrote what."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from assemblea.conversations import events
from assemblea.conversations.models import (
    STATEMENT_MAX_LENGTH,
    Conversation,
    Statement,
    StatementStatus,
)
from assemblea.conversations.permissions import ConversationAction, can, require
from assemblea.conversations.services._base import participant_of, require_participation
from assemblea.conversations.services.conversation import language_check
from assemblea.core.events import assembly_event_record


def _text_check(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise ValidationError(
            {"text": ValidationError(_("Write the statement."), code="statement_missing")}
        )
    if len(text) > STATEMENT_MAX_LENGTH:
        raise ValidationError(
            {
                "text": ValidationError(
                    _("Keep it under %(limit)s characters (it has %(length)s)."),
                    code="statement_too_long",
                    params={"limit": STATEMENT_MAX_LENGTH, "length": len(text)},
                )
            }
        )
    return text


@transaction.atomic
def statement_add(
    *, actor: Any, conversation: Conversation, text: str, language: str = ""
) -> Statement:
    require_participation(actor, conversation)
    text = _text_check(text)
    language = language_check(language or conversation.language)
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if Statement.objects.filter(conversation=conversation, text__iexact=text).exists():
        raise ValidationError(
            {
                "text": ValidationError(
                    _("This statement is already in the conversation: vote on it instead."),
                    code="statement_duplicate",
                )
            }
        )
    moderator = can(actor, ConversationAction.MODERATE, conversation.assembly)
    number = (conversation.statements.aggregate(n=Max("number"))["n"] or 0) + 1
    return Statement.objects.create(
        conversation=conversation,
        number=number,
        text=text,
        language=language,
        author=participant_of(conversation, actor),
        status=StatementStatus.ACCEPTED if moderator else StatementStatus.PENDING,
    )


@transaction.atomic
def statement_moderate(
    *, actor: Any, statement: Statement, accept: bool, reason: str = ""
) -> Statement:
    """Accept a statement, or reject it with a reason the author and moderators see."""
    conversation = statement.conversation
    require(actor, ConversationAction.MODERATE, conversation.assembly)
    reason = " ".join(reason.split())
    if not accept and not reason:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Say which rule the statement breaks."), code="reject_reason_missing"
                )
            }
        )
    statement.status = StatementStatus.ACCEPTED if accept else StatementStatus.REJECTED
    statement.reject_reason = "" if accept else reason[:300]
    statement.save(update_fields=["status", "reject_reason"])
    data: dict[str, Any] = {"conversation": conversation.pk, "statement": statement.number}
    if not accept:
        data["reason"] = statement.reject_reason
    assembly_event_record(
        assembly=conversation.assembly,
        verb=events.ACCEPTED if accept else events.REJECTED,
        actor=actor,
        data=data,
        public=accept,
    )
    if statement.votes.exists():
        from assemblea.conversations.maps import map_request

        map_request(conversation)
    return statement


@transaction.atomic
def statement_translate(*, actor: Any, statement: Statement, language: str, text: str) -> Statement:
    """Add (or replace) a translation; the original stays as written."""
    conversation = statement.conversation
    require(actor, ConversationAction.MODERATE, conversation.assembly)
    language = language_check(language)
    if language == statement.language:
        raise ValidationError(
            {
                "language": ValidationError(
                    _("The statement was written in this language: choose another."),
                    code="translation_same_language",
                )
            }
        )
    text = " ".join(text.split())
    if not text:
        raise ValidationError(
            {"text": ValidationError(_("Write the translation."), code="translation_missing")}
        )
    statement.translations = {**statement.translations, language: text}
    statement.save(update_fields=["translations"])
    assembly_event_record(
        assembly=conversation.assembly,
        verb=events.TRANSLATED,
        actor=actor,
        data={"conversation": conversation.pk, "statement": statement.number, "language": language},
    )
    return statement
