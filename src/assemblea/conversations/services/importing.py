"""Import a Polis export (`comments.csv`, `votes.csv`, optionally `participants-votes.csv`)
through the engine's reader: preview first (problems counted with examples), then, only
when the organizer confirms, one transaction creates the conversation. Before that nothing
is saved in the conversations: the uploaded files wait in a staging folder named by a
random token (kept in the organizer's session), deleted after the import or within a day."""

from __future__ import annotations

import contextlib
import csv
import secrets
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblea.assemblies.models import Assembly
from assemblea.conversations import events
from assemblea.conversations.maps import map_request
from assemblea.conversations.models import (
    Conversation,
    Participant,
    Source,
    Statement,
    StatementStatus,
    Vote,
)
from assemblea.conversations.permissions import ConversationAction, require
from assemblea.conversations.services.conversation import conversation_start
from assemblea.core.events import assembly_event_record
from assemblea.engines.opinion import Conversation as PolisConversation
from assemblea.engines.opinion import InputError, read_polis

FILES = ("comments.csv", "votes.csv", "participants-votes.csv")
STAGING_HOURS = 24
BATCH = 5000


@dataclass
class Preview:
    statements: int
    participants: int
    votes: int
    problems: list[tuple[str, int, list[str]]] = field(default_factory=list)  # code, n, examples


def _staging_root() -> Path:
    return Path(settings.VAR_DIR) / "polis-imports"


def _folder(token: str) -> Path:
    if not (token and len(token) == 32 and all(c in "0123456789abcdef" for c in token)):
        raise ValidationError(_("Upload the files again."), code="import_expired")
    folder = _staging_root() / token
    if not folder.is_dir():
        raise ValidationError(_("Upload the files again."), code="import_expired")
    return folder


def _sweep() -> None:
    root = _staging_root()
    if not root.is_dir():
        return
    limit = time.time() - STAGING_HOURS * 3600
    for old in root.iterdir():
        if old.is_dir() and old.stat().st_mtime < limit:
            shutil.rmtree(old, ignore_errors=True)


def polis_stage(*, actor: Any, assembly: Assembly, files: dict[str, Any]) -> str:
    """Keep the uploaded files for the preview; returns the staging token."""
    require(actor, ConversationAction.IMPORT, assembly)
    if "comments.csv" not in files or not ({"votes.csv", "participants-votes.csv"} & set(files)):
        raise ValidationError(
            _("Upload comments.csv and votes.csv (or participants-votes.csv)."),
            code="polis_files_missing",
        )
    _sweep()
    token = secrets.token_hex(16)
    folder = _staging_root() / token
    folder.mkdir(parents=True)
    for name, upload in files.items():
        if name in FILES:
            with open(folder / name, "wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
    return token


def _read(token: str) -> PolisConversation:
    try:
        return read_polis(_folder(token), accept=True)
    except (InputError, KeyError, ValueError, csv.Error) as error:
        raise ValidationError(
            _("These files are not a Polis export: %(problem)s"),
            code="polis_unreadable",
            params={"problem": str(error)[:200]},
        ) from error


def polis_preview(*, actor: Any, assembly: Assembly, token: str) -> Preview:
    require(actor, ConversationAction.IMPORT, assembly)
    read = _read(token)
    return Preview(
        statements=len(read.statements),
        participants=len(read.matrix.participants),
        votes=len(read.matrix.rows),
        problems=[
            (code, issue.count, list(issue.examples))
            for code, issue in sorted(read.report.issues.items())
        ],
    )


def polis_discard(token: str) -> None:
    with contextlib.suppress(ValidationError):
        shutil.rmtree(_folder(token), ignore_errors=True)


def _numbers(ids: list[str]) -> list[int]:
    """Polis ids are numbers; keep them, else number in order."""
    if all(i.isdigit() for i in ids) and len({int(i) for i in ids}) == len(ids):
        return [int(i) for i in ids]
    return list(range(1, len(ids) + 1))


_STATUS = {1: StatementStatus.ACCEPTED, -1: StatementStatus.REJECTED, 0: StatementStatus.PENDING}


def _save(conversation: Conversation, read: PolisConversation) -> None:
    s_numbers = _numbers([s.id for s in read.statements])
    statements = Statement.objects.bulk_create(
        Statement(
            conversation=conversation,
            number=s_numbers[i],
            text=s.text,
            language=conversation.language,
            status=_STATUS.get(s.moderated, StatementStatus.PENDING),
        )
        for i, s in enumerate(read.statements)
    )
    p_numbers = _numbers(read.matrix.participants)
    participants = Participant.objects.bulk_create(
        Participant(conversation=conversation, number=n) for n in p_numbers
    )
    m = read.matrix
    now = timezone.now()
    Vote.objects.bulk_create(
        (
            Vote(
                participant_id=participants[r].pk,
                statement_id=statements[c].pk,
                value=v,
                updated_at=now,
            )
            for r, c, v in zip(m.rows.tolist(), m.cols.tolist(), m.values.tolist(), strict=True)
        ),
        batch_size=BATCH,
    )


@transaction.atomic
def conversation_import(
    *, actor: Any, assembly: Assembly, token: str, question: str, language: str, source_name: str
) -> Conversation:
    """Import the staged files the organizer previewed and confirmed."""
    require(actor, ConversationAction.IMPORT, assembly)
    read = _read(token)
    conversation = conversation_start(
        actor=actor, assembly=assembly, question=question, language=language
    )
    conversation.source = Source.POLIS
    conversation.source_name = source_name.strip()[:200]
    conversation.save(update_fields=["source", "source_name"])
    _save(conversation, read)
    assembly_event_record(
        assembly=assembly,
        verb=events.IMPORTED,
        actor=actor,
        data={
            "conversation": conversation.pk,
            "statements": len(read.statements),
            "participants": len(read.matrix.participants),
            "votes": len(read.matrix.rows),
        },
    )
    map_request(conversation)
    transaction.on_commit(lambda: polis_discard(token))
    return conversation
