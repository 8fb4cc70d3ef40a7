"""The vote: the one write a large public conversation makes thousands of times a minute.

It costs the permission check, the participant (created on the first vote), one
INSERT … ON CONFLICT UPDATE (the latest vote wins, as in Polis) and the debounced map
request (one UPDATE, a task only when none is pending). No map is computed here."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblea.conversations.maps import map_request
from assemblea.conversations.models import Statement, StatementStatus, Vote
from assemblea.conversations.services._base import participant_of, require_participation

VALUES = {"agree": Vote.AGREE, "disagree": Vote.DISAGREE, "pass": Vote.PASS}


@transaction.atomic
def vote_cast(*, actor: Any, statement: Statement, value: str) -> int:
    """Record the actor's vote (agree, disagree or pass) on the statement; returns -1/0/1."""
    conversation = statement.conversation
    require_participation(actor, conversation)
    if value not in VALUES:
        raise ValidationError(
            _("Vote agree, disagree or pass."), code="vote_value_unknown", params={"value": value}
        )
    if statement.status != StatementStatus.ACCEPTED:
        raise ValidationError(
            _("This statement is not open to votes."), code="statement_not_votable"
        )
    participant = participant_of(conversation, actor)
    Vote.objects.bulk_create(
        [
            Vote(
                participant=participant,
                statement=statement,
                value=VALUES[value],
                updated_at=timezone.now(),
            )
        ],
        update_conflicts=True,
        unique_fields=["participant", "statement"],
        update_fields=["value", "updated_at"],
    )
    map_request(conversation)
    return VALUES[value]
