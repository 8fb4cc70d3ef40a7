"""Writes: a statement of common ground or division sent into the assembly, through the
deliberation app's own services: an agenda item of the next session, or evidence. Each
keeps its origin: the item or evidence links back to the statement, and `StatementSent`
links the statement to them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assemblea.conversations import events, selectors
from assemblea.conversations.models import SentKind, Statement, StatementSent
from assemblea.conversations.permissions import ConversationAction, require
from assemblea.core.events import assembly_event_record
from assemblea.deliberation.models import EvidenceKind
from assemblea.deliberation.services import agenda_item_add, evidence_add


def _why(statement: Statement) -> str:
    why = selectors.statement_standing(statement)
    if why is None:
        raise ValidationError(
            _(
                "Only a statement of common ground or one of the most divisive, on the "
                "current map, can be sent."
            ),
            code="statement_not_notable",
        )
    return why


def _description(statement: Statement, why: str, origin: str) -> str:
    question = statement.conversation.question
    if why == "consensus":
        lead = _("Common ground in the conversation “%(question)s”.")
    else:
        lead = _("What divides the conversation “%(question)s”.")
    split = selectors.statement_split_text(statement)
    parts = [lead % {"question": question}, split, _("Origin: %(link)s") % {"link": origin}]
    return "\n".join(part for part in parts if part)


@transaction.atomic
def statement_send(*, actor: Any, statement: Statement, kind: str, origin: str) -> StatementSent:
    """Send the statement to the next session's agenda or to the evidence; `origin` is the
    statement's absolute address, written into what is created."""
    conversation = statement.conversation
    assembly = conversation.assembly
    require(actor, ConversationAction.SEND, assembly)
    if kind not in SentKind.values:
        raise ValidationError(
            _("Send it to the agenda or to the evidence."), code="send_kind_unknown"
        )
    why = _why(statement)
    description = _description(statement, why, origin)
    title = statement.text[:200]
    sent = StatementSent(statement=statement, kind=kind, why=why)
    if kind == SentKind.AGENDA:
        session = selectors.next_session(assembly)
        if session is None:
            raise ValidationError(
                _(
                    "No session is planned whose agenda can still change: plan one first, or "
                    "send the statement to the evidence."
                ),
                code="no_next_session",
            )
        sent.agenda_item = agenda_item_add(
            actor=actor, session=session, title=title, description=description
        )
    else:
        sent.evidence = evidence_add(
            actor=actor,
            assembly=assembly,
            kind=EvidenceKind.DOCUMENT,
            title=title,
            provided_by=_("Opinion map of the conversation “%(question)s”")
            % {"question": conversation.question[:120]},
            perspective=_("common ground across opinion groups")
            if why == "consensus"
            else _("division between opinion groups"),
            summary=description[:3000],
            link=origin,
        )
    sent.save()
    assembly_event_record(
        assembly=assembly,
        verb=events.SENT,
        actor=actor,
        data={
            "conversation": conversation.pk,
            "statement": statement.number,
            "kind": kind,
            "why": why,
        },
    )
    return sent
