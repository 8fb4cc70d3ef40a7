"""Every write of the conversations, by stage (re-exported here)."""

from assemblea.conversations.services.conversation import conversation_open, conversation_start
from assemblea.conversations.services.importing import (
    Preview,
    conversation_import,
    polis_discard,
    polis_preview,
    polis_stage,
)
from assemblea.conversations.services.sending import statement_send
from assemblea.conversations.services.statements import (
    statement_add,
    statement_moderate,
    statement_translate,
)
from assemblea.conversations.services.votes import VALUES, vote_cast

__all__ = [
    "VALUES",
    "Preview",
    "conversation_import",
    "conversation_open",
    "conversation_start",
    "polis_discard",
    "polis_preview",
    "polis_stage",
    "statement_add",
    "statement_moderate",
    "statement_send",
    "statement_translate",
    "vote_cast",
]
