"""Invitation letters as a background job: prepared by a task, with its progress on the page.

A city's mailing is often thousands of letters: rendering them inside the request would hold
the organizer's browser (and a server thread) for many seconds. The PDF holds addresses, so
it is kept for `LETTERS_KEPT` and then deleted.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblea.recruitment.models import Invitation, LetterBatch, LetterStatus, Recruitment
from assemblea.recruitment.permissions import RecruitmentAction, require
from assemblea.recruitment.services.personal_data import personal_data_access_record
from assemblea.recruitment.tasks import build_letters

logger = logging.getLogger(__name__)

LETTERS_KEPT = datetime.timedelta(days=7)
PROGRESS_EVERY = 50


@transaction.atomic
def letters_prepare(*, actor: Any, recruitment: Recruitment, registration_url: str) -> LetterBatch:
    """Start preparing the letters of every invitation drawn so far. Pressing the button
    again while a batch is being prepared returns that batch: one at a time."""
    require(actor, RecruitmentAction.MANAGE, recruitment.assembly)
    total = Invitation.objects.filter(draw__recruitment=recruitment).count()
    if total == 0:
        raise ValidationError(
            _("Draw the invitations first: there are no letters to print yet."),
            code="no_invitations",
        )
    pending = recruitment.letter_batches.filter(
        status__in=[LetterStatus.QUEUED, LetterStatus.RUNNING]
    ).first()
    if pending is not None:
        return pending
    batch = LetterBatch.objects.create(
        recruitment=recruitment,
        requested_by=actor,
        registration_url=registration_url,
        total=total,
    )
    transaction.on_commit(lambda: build_letters.enqueue(batch.pk))
    return batch


def letters_build(batch_id: int) -> None:
    """The task's body: render the letters, saving the progress every few dozen."""
    from assemblea.recruitment.letters import invitation_letters_render

    claimed = LetterBatch.objects.filter(pk=batch_id, status=LetterStatus.QUEUED).update(
        status=LetterStatus.RUNNING
    )
    if not claimed:
        return  # already taken by another worker, or gone
    batch = LetterBatch.objects.select_related("recruitment__assembly").get(pk=batch_id)

    def progress(done: int, total: int) -> None:
        LetterBatch.objects.filter(pk=batch_id).update(done=done, total=total)

    try:
        pdf = invitation_letters_render(
            batch.recruitment, batch.registration_url, progress=progress
        )
    except Exception:
        logger.exception("letters %s failed", batch_id)
        LetterBatch.objects.filter(pk=batch_id).update(
            status=LetterStatus.FAILED, error="render_failed", finished_at=timezone.now()
        )
        raise
    LetterBatch.objects.filter(pk=batch_id).update(
        status=LetterStatus.DONE, pdf=pdf, finished_at=timezone.now()
    )


def letters_download(*, actor: Any, batch: LetterBatch) -> bytes:
    """The finished PDF, recorded as an export of personal data (it holds addresses)."""
    require(actor, RecruitmentAction.MANAGE, batch.recruitment.assembly)
    if batch.status != LetterStatus.DONE or batch.pdf is None:
        raise ValidationError(
            _("These letters are not ready: prepare them again."), code="letters_not_ready"
        )
    personal_data_access_record(
        actor=actor,
        recruitment=batch.recruitment,
        exported=True,
        what="invitation letters with addresses (PDF)",
    )
    return bytes(batch.pdf)


def letters_delete_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete prepared letters older than LETTERS_KEPT (run with the daily clean-up)."""
    cutoff = (now or timezone.now()) - LETTERS_KEPT
    deleted, _by_model = LetterBatch.objects.filter(created_at__lt=cutoff).delete()
    return deleted
