"""Every read of the conversations. Public reads show statements that were not rejected,
pseudonymous participant numbers and counts; never an account."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblea.assemblies.models import Assembly
from assemblea.conversations.maps import GROUP_LABELS
from assemblea.conversations.models import (
    Conversation,
    MapSnapshot,
    Participant,
    Statement,
    StatementStatus,
    Vote,
)
from assemblea.deliberation.models import Session, SessionStatus


def conversations_of(assembly: Assembly) -> QuerySet[Conversation]:
    return Conversation.objects.filter(assembly=assembly).select_related("snapshot")


def conversation_get(assembly: Assembly, pk: int) -> Conversation:
    found = Conversation.objects.filter(assembly=assembly, pk=pk).select_related("assembly").first()
    if found is None:
        raise Http404(_("No such conversation."))
    return found


def statements_shown(conversation: Conversation) -> QuerySet[Statement]:
    """What the public sees: accepted statements (rejected ones never, pending ones not yet)."""
    return Statement.objects.filter(conversation=conversation, status=StatementStatus.ACCEPTED)


def statement_get(conversation: Conversation, number: int, *, moderator: bool) -> Statement:
    found = Statement.objects.filter(conversation=conversation, number=number).first()
    if found is None or (not moderator and found.status != StatementStatus.ACCEPTED):
        raise Http404(_("No such statement."))
    found.conversation = conversation
    return found


def pending_statements(conversation: Conversation) -> QuerySet[Statement]:
    return Statement.objects.filter(conversation=conversation, status=StatementStatus.PENDING)


def rejected_statements(conversation: Conversation) -> QuerySet[Statement]:
    return Statement.objects.filter(conversation=conversation, status=StatementStatus.REJECTED)


def participant_get(conversation: Conversation, user: Any) -> Participant | None:
    if user is None or not user.is_authenticated:
        return None
    return Participant.objects.filter(conversation=conversation, user=user).first()


def my_votes(conversation: Conversation, user: Any) -> dict[int, int]:
    """The reader's own votes, statement id -> value (shown to them only)."""
    participant = participant_get(conversation, user)
    if participant is None:
        return {}
    return dict(Vote.objects.filter(participant=participant).values_list("statement_id", "value"))


def my_vote_count(conversation: Conversation, user: Any) -> int:
    """How many statements the reader has voted on."""
    if user is None or not user.is_authenticated:
        return 0
    return Vote.objects.filter(
        participant__conversation=conversation, participant__user=user
    ).count()


def my_statements(conversation: Conversation, user: Any) -> QuerySet[Statement]:
    """The reader's own statements, with their moderation (a rejection says why)."""
    participant = participant_get(conversation, user)
    return Statement.objects.filter(conversation=conversation, author=participant).exclude(
        author__isnull=True
    )


def next_statement(conversation: Conversation, user: Any) -> Statement | None:
    """An accepted statement the reader has not voted on yet, at random (as Polis does, so
    that early statements do not collect every vote)."""
    shown = statements_shown(conversation)
    participant = participant_get(conversation, user)
    if participant is not None:
        shown = shown.exclude(votes__participant=participant)
    found = shown.order_by("?").first()
    if found is not None:
        found.conversation = conversation
    return found


def snapshot_of(conversation: Conversation) -> MapSnapshot | None:
    return MapSnapshot.objects.filter(conversation=conversation).first()


def statement_standing(statement: Statement) -> str | None:
    """ "consensus" or "divisive" when the current map names the statement so, else None."""
    snapshot = snapshot_of(statement.conversation)
    if snapshot is None or snapshot.too_small:
        return None
    for why in ("consensus", "divisive"):
        if any(p["statement"] == statement.number for p in snapshot.data.get(why, [])):
            return why
    return None


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def statement_split_text(statement: Statement) -> str:
    """The statement's split per group, in one line (for agenda items and evidence)."""
    snapshot = snapshot_of(statement.conversation)
    if snapshot is None:
        return ""
    rows = snapshot.data.get("counts", {}).get(str(statement.number), [])
    parts = []
    for g, cell in enumerate(rows):
        if cell is None:  # a group too small to show (maps.snapshot_data)
            continue
        agree, disagree, passed = cell
        seen = agree + disagree + passed
        parts.append(
            _("group %(group)s: %(agree)s%% agree, %(disagree)s%% disagree (%(votes)s votes)")
            % {
                "group": GROUP_LABELS[g],
                "agree": _percent(agree, seen),
                "disagree": _percent(disagree, seen),
                "votes": seen,
            }
        )
    return "; ".join(parts)


def next_session(assembly: Assembly) -> Session | None:
    """The next session whose agenda can still take an item."""
    return (
        Session.objects.filter(
            assembly=assembly,
            status=SessionStatus.PLANNED,
            agenda_adopted_at__isnull=True,
            ends_at__gte=timezone.now(),
        )
        .order_by("starts_at", "pk")
        .first()
    )


def sent_of(statement: Statement) -> list[Any]:
    return list(statement.sent.select_related("agenda_item__session", "evidence"))
