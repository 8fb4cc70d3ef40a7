"""The Polis export format of a conversation (`comments.csv`, `votes.csv`,
`participants-votes.csv`, zipped), with pseudonymous participant numbers only, written
through `core.spreadsheet.csv_writer` (formulas neutralised). An export is recorded as a
private event."""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict
from typing import Any

from django.db import transaction

from assemblea.conversations import events
from assemblea.conversations.models import (
    Conversation,
    MapSnapshot,
    Statement,
    StatementStatus,
    Vote,
)
from assemblea.conversations.permissions import ConversationAction, require
from assemblea.core.events import assembly_event_record
from assemblea.core.spreadsheet import csv_writer

MODERATED = {StatementStatus.ACCEPTED: 1, StatementStatus.REJECTED: -1, StatementStatus.PENDING: 0}
META = ["participant", "xid", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree"]


def _csv(rows: list[list[Any]]) -> str:
    out = io.StringIO()
    csv_writer(out).writerows(rows)
    return out.getvalue()


def _comments(statements: list[Statement], votes: list[tuple[int, int, int, Any]]) -> str:
    agrees: dict[int, int] = defaultdict(int)
    disagrees: dict[int, int] = defaultdict(int)
    for _p, number, v, _t in votes:
        if v == 1:
            agrees[number] += 1
        elif v == -1:
            disagrees[number] += 1
    rows: list[list[Any]] = [
        [
            "timestamp",
            "datetime",
            "comment-id",
            "author-id",
            "agrees",
            "disagrees",
            "moderated",
            "comment-body",
        ]
    ]
    for s in statements:
        rows.append(
            [
                int(s.created_at.timestamp()),
                s.created_at.isoformat(),
                s.number,
                s.author.number if s.author else "",
                agrees[s.number],
                disagrees[s.number],
                MODERATED[StatementStatus(s.status)],
                s.text,
            ]
        )
    return _csv(rows)


def _votes(votes: list[tuple[int, int, int, Any]]) -> str:
    rows: list[list[Any]] = [["timestamp", "datetime", "comment-id", "voter-id", "vote"]]
    for p, number, v, at in votes:
        rows.append([int(at.timestamp()), at.isoformat(), number, p, v])
    return _csv(rows)


def _wide(
    conversation: Conversation, statements: list[Statement], votes: list[tuple[int, int, int, Any]]
) -> str:
    snapshot = MapSnapshot.objects.filter(conversation=conversation).first()
    groups = {}
    if snapshot is not None and not snapshot.too_small:
        groups = {p[0]: p[3] for p in snapshot.data["points"] if p[3] >= 0}
    cells: dict[int, dict[int, int]] = defaultdict(dict)
    for p, number, v, _t in votes:
        cells[p][number] = v
    authored: dict[int, int] = defaultdict(int)
    for s in statements:
        if s.author:
            authored[s.author.number] += 1
    numbers = [s.number for s in statements]
    rows: list[list[Any]] = [[*META, *numbers]]
    for p in sorted(cells):
        mine = cells[p]
        values = list(mine.values())
        rows.append(
            [p, "", groups.get(p, ""), authored[p], len(values), values.count(1), values.count(-1)]
            + [mine.get(n, "") for n in numbers]
        )
    return _csv(rows)


@transaction.atomic
def polis_zip(*, actor: Any, conversation: Conversation) -> bytes:
    require(actor, ConversationAction.EXPORT, conversation.assembly)
    statements = list(
        Statement.objects.filter(conversation=conversation)
        .select_related("author")
        .order_by("number")
    )
    votes = list(
        Vote.objects.filter(statement__conversation=conversation)
        .order_by("updated_at", "pk")
        .values_list("participant__number", "statement__number", "value", "updated_at")
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("comments.csv", _comments(statements, votes))
        archive.writestr("votes.csv", _votes(votes))
        archive.writestr("participants-votes.csv", _wide(conversation, statements, votes))
    assembly_event_record(
        assembly=conversation.assembly,
        verb=events.EXPORTED,
        actor=actor,
        data={"conversation": conversation.pk},
        public=False,
    )
    return buffer.getvalue()
