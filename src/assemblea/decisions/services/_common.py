"""Shared steps of the decisions services: one writer, authorship, versions, the poll lock."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from assemblea.core.events import assembly_event_record
from assemblea.decisions import events
from assemblea.decisions.live import poll_changed
from assemblea.decisions.models import (
    Amendment,
    Poll,
    Proposal,
    ProposalStatus,
    ProposalVersion,
    split_paragraphs,
)
from assemblea.decisions.selectors import current_version, proposal_authors

# SQLite takes one writer at a time, and refuses rather than waits when threads of one
# process share its in-memory test database; votes are serialized in-process there.
_SQLITE_WRITER = threading.RLock()


@contextmanager
def _one_writer() -> Iterator[None]:
    if connection.vendor == "sqlite":
        with _SQLITE_WRITER, transaction.atomic():
            yield
    else:
        with transaction.atomic():
            yield


def _authors(proposal: Proposal) -> set[int]:
    return proposal_authors(proposal)


def _require_author(actor: Any, proposal: Proposal) -> None:
    if actor.pk not in _authors(proposal):
        raise ValidationError(_("Only the proposal's authors can do this."), code="not_an_author")


def _require_open(proposal: Proposal) -> None:
    if proposal.status != ProposalStatus.OPEN:
        raise ValidationError(
            _("The proposal is no longer open (it is “%(status)s”)."),
            code="proposal_not_open",
            params={"status": ProposalStatus(proposal.status).label},
        )


def _check_text(text: str, field: str = "text") -> str:
    text = text.replace("\r\n", "\n").strip()
    if not split_paragraphs(text):
        raise ValidationError(
            {field: ValidationError(_("Write the text of the proposal."), code="text_missing")}
        )
    return text


def _new_version(
    proposal: Proposal, *, text: str, actor: Any, note: str, amendment: Amendment | None = None
) -> ProposalVersion:
    version = ProposalVersion.objects.create(
        proposal=proposal,
        number=current_version(proposal).number + 1,
        text=text,
        author=actor,
        note=note,
        amendment=amendment,
    )
    assembly_event_record(
        assembly=proposal.assembly,
        verb=events.PROPOSAL_REVISED,
        actor=actor,
        data={"proposal": proposal.pk, "title": proposal.title, "version": version.number},
    )
    return version


def _lock_poll(poll_id: int, *, exclusive: bool) -> str:
    """The poll's status, locked until the transaction ends. Voters share the lock, so they
    do not queue behind each other; closing (and a proxy vote, whose limit is counted) takes
    it alone, so it waits for the ballots in flight and no ballot comes after it."""
    poll_changed(poll_id)  # every write to a poll locks it first: its live parts update
    if connection.vendor == "postgresql" and not exclusive:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT status FROM {Poll._meta.db_table} WHERE id = %s FOR SHARE", [poll_id]
            )
            row = cursor.fetchone()
        return str(row[0])
    return str(Poll.objects.select_for_update().values_list("status", flat=True).get(pk=poll_id))


def _refuse_closed() -> ValidationError:
    return ValidationError(
        _("This vote has closed: your ballot was not counted."), code="poll_closed"
    )
