"""The conversations' events. Data holds numbers and codes. Votes and new statements are
never events: an event would tell who voted or wrote what and when. A rejection is private
(rejected statements are not shown publicly)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from assemblea.core.events import register_verbs, verb

STARTED = "conversations.started"
CLOSED = "conversations.closed"
REOPENED = "conversations.reopened"
ACCEPTED = "conversations.statement_accepted"
REJECTED = "conversations.statement_rejected"
TRANSLATED = "conversations.statement_translated"
SENT = "conversations.statement_sent"
IMPORTED = "conversations.imported"
EXPORTED = "conversations.exported"


def _sent(data: Mapping[str, Any]) -> str:
    where = _("the agenda") if data["kind"] == "agenda" else _("the evidence")
    why = _("common ground") if data["why"] == "consensus" else _("division")
    return _(
        "Statement %(statement)s of conversation %(conversation)s was sent to %(where)s as %(why)s."
    ) % {
        "statement": data["statement"],
        "conversation": data["conversation"],
        "where": where,
        "why": why,
    }


register_verbs(
    {
        STARTED: verb(
            lambda data: (
                _("A conversation was started: “%(question)s”.") % {"question": data["question"]}
            ),
            keys=["conversation", "question"],
        ),
        CLOSED: verb(
            lambda data: (
                _("Conversation %(conversation)s was closed to new votes.")
                % {"conversation": data["conversation"]}
            ),
            keys=["conversation"],
        ),
        REOPENED: verb(
            lambda data: (
                _("Conversation %(conversation)s was opened again.")
                % {"conversation": data["conversation"]}
            ),
            keys=["conversation"],
        ),
        ACCEPTED: verb(
            lambda data: (
                _("Statement %(statement)s of conversation %(conversation)s was accepted.")
                % {"statement": data["statement"], "conversation": data["conversation"]}
            ),
            keys=["conversation", "statement"],
        ),
        REJECTED: verb(
            lambda data: (
                _(
                    "Statement %(statement)s of conversation %(conversation)s was rejected: "
                    "%(reason)s"
                )
                % {
                    "statement": data["statement"],
                    "conversation": data["conversation"],
                    "reason": data["reason"],
                }
            ),
            keys=["conversation", "statement", "reason"],
        ),
        TRANSLATED: verb(
            lambda data: (
                _(
                    "Statement %(statement)s of conversation %(conversation)s was translated "
                    "(%(language)s)."
                )
                % {
                    "statement": data["statement"],
                    "conversation": data["conversation"],
                    "language": data["language"],
                }
            ),
            keys=["conversation", "statement", "language"],
        ),
        SENT: verb(_sent, keys=["conversation", "statement", "kind", "why"]),
        IMPORTED: verb(
            lambda data: (
                _(
                    "A Polis conversation was imported: %(statements)s statements, "
                    "%(participants)s participants, %(votes)s votes."
                )
                % data
            ),
            keys=["conversation", "statements", "participants", "votes"],
        ),
        EXPORTED: verb(
            lambda data: (
                _("Conversation %(conversation)s was exported in the Polis format.")
                % {"conversation": data["conversation"]}
            ),
            keys=["conversation"],
        ),
    }
)
