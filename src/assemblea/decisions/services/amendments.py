"""Amendments: moving one, and applying it when its poll adopts it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assemblea.core.events import assembly_event_record
from assemblea.decisions import events
from assemblea.decisions.models import (
    Amendment,
    AmendmentStatus,
    Proposal,
)
from assemblea.decisions.permissions import DecisionAction, require
from assemblea.decisions.selectors import current_version
from assemblea.decisions.services._common import (
    _new_version,
    _require_open,
)

# Amendments ----------------------------------------------------------------------------


@transaction.atomic
def amendment_propose(
    *,
    actor: Any,
    proposal: Proposal,
    paragraph: int,
    new_text: str,
    rationale: str = "",
    parent: Amendment | None = None,
) -> Amendment:
    """Change paragraph `paragraph` (1-based) of the current text; with `parent`, change
    that amendment's wording instead. An empty new text deletes the paragraph."""
    require(actor, DecisionAction.PROPOSE, proposal.assembly)
    _require_open(proposal)
    new_text = new_text.replace("\r\n", "\n").strip()
    if parent is not None:
        if parent.proposal_id != proposal.pk or parent.status != AmendmentStatus.PROPOSED:
            raise ValidationError(
                _("Only an amendment still waiting for its vote can be amended."),
                code="amendment_decided",
            )
        original = parent.new_text
        index = parent.paragraph
    else:
        paragraphs = current_version(proposal).paragraphs
        if not 1 <= paragraph <= len(paragraphs):
            raise ValidationError(
                {
                    "paragraph": ValidationError(
                        _("Choose a paragraph between 1 and %(count)s."),
                        code="paragraph_out_of_range",
                        params={"count": len(paragraphs)},
                    )
                }
            )
        index = paragraph - 1
        original = paragraphs[index]
    if new_text == original:
        raise ValidationError(
            {
                "new_text": ValidationError(
                    _("The new wording is the same as the text it changes."),
                    code="wording_unchanged",
                )
            }
        )
    amendment = Amendment.objects.create(
        proposal=proposal,
        parent=parent,
        paragraph=index,
        original_text=original,
        new_text=new_text,
        rationale=rationale.strip(),
        author=actor,
    )
    assembly_event_record(
        assembly=proposal.assembly,
        verb=events.AMENDMENT_PROPOSED,
        actor=actor,
        data={
            "proposal": proposal.pk,
            "amendment": amendment.pk,
            "title": proposal.title,
            "paragraph": index + 1,
        },
    )
    return amendment


def _amendment_adopt(amendment: Amendment, actor: Any) -> str:
    """Apply an adopted amendment; returns the status it ends with."""
    if amendment.parent is not None:
        parent = amendment.parent
        parent.new_text = amendment.new_text
        parent.save(update_fields=["new_text"])
        return AmendmentStatus.ADOPTED
    proposal = amendment.proposal
    paragraphs = current_version(proposal).paragraphs
    index = amendment.paragraph
    if index >= len(paragraphs) or paragraphs[index] != amendment.original_text:
        if amendment.original_text not in paragraphs:
            return AmendmentStatus.LAPSED
        index = paragraphs.index(amendment.original_text)
    if amendment.new_text:
        paragraphs[index] = amendment.new_text
    else:
        del paragraphs[index]
    _new_version(
        proposal,
        text="\n\n".join(paragraphs),
        actor=actor,
        note=_("Amendment to paragraph %(number)s adopted.") % {"number": index + 1},
        amendment=amendment,
    )
    return AmendmentStatus.ADOPTED
