"""Reads for proposals: pages, the current text with its amendments, provenance, diffs."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from assemblea.assemblies.models import Assembly
from assemblea.decisions.models import (
    Amendment,
    AmendmentStatus,
    Proposal,
    ProposalVersion,
    split_paragraphs,
)

# Proposals -----------------------------------------------------------------------------


def proposals_of(assembly: Assembly) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(assembly=assembly)
        .select_related("author")
        .prefetch_related("coauthors")
    )


def proposal_get(*, assembly: Assembly, pk: int) -> Proposal:
    proposal = proposals_of(assembly).filter(pk=pk).first()
    if proposal is None:
        raise Http404(_("No such proposal."))
    return proposal


@dataclass
class ParagraphLine:
    number: int
    text: str
    amendments: list[Amendment] = field(default_factory=list)


def proposal_paragraphs(proposal: Proposal) -> list[ParagraphLine]:
    """The current text, each paragraph with the amendments still waiting on it (and their
    own amendments, as `subs`)."""
    version = current_version(proposal)
    lines = [ParagraphLine(i + 1, text) for i, text in enumerate(version.paragraphs)]
    pending = (
        proposal.amendments.filter(status=AmendmentStatus.PROPOSED, parent__isnull=True)
        .select_related("author")
        .prefetch_related("subamendments")
    )
    for amendment in pending:
        amendment.subs = [  # type: ignore[attr-defined]
            sub for sub in amendment.subamendments.all() if sub.status == AmendmentStatus.PROPOSED
        ]
        if amendment.paragraph < len(lines):
            lines[amendment.paragraph].amendments.append(amendment)
    return lines


def provenance(proposal: Proposal) -> dict[str, list[Proposal]]:
    """Where the text came from (merges and splits), and what it became."""
    ancestors: list[Proposal] = []
    frontier = list(proposal.derived_from.all())
    while frontier:
        source = frontier.pop(0)
        if source not in ancestors:
            ancestors.append(source)
            frontier.extend(source.derived_from.all())
    return {"from": ancestors, "into": list(proposal.derivatives.all())}


@dataclass(frozen=True)
class DiffPiece:
    kind: str  # "same", "added", "removed"
    text: str


def version_diff(version: ProposalVersion) -> list[list[DiffPiece]]:
    """What changed from the previous version, paragraph by paragraph and word by word."""
    previous = version.proposal.versions.filter(number__lt=version.number).order_by("-number")
    before = split_paragraphs(previous[0].text) if previous else []
    after = version.paragraphs
    paragraphs: list[list[DiffPiece]] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            paragraphs.extend([DiffPiece("same", text)] for text in after[b1:b2])
        elif op == "replace" and a2 - a1 == b2 - b1:
            paragraphs.extend(
                _word_diff(old, new) for old, new in zip(before[a1:a2], after[b1:b2], strict=True)
            )
        else:
            paragraphs.extend([DiffPiece("removed", text)] for text in before[a1:a2])
            paragraphs.extend([DiffPiece("added", text)] for text in after[b1:b2])
    return paragraphs


def _word_diff(old: str, new: str) -> list[DiffPiece]:
    a, b = old.split(" "), new.split(" ")
    pieces: list[DiffPiece] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(DiffPiece("same", " ".join(a[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(DiffPiece("removed", " ".join(a[a1:a2])))
        if b2 > b1:
            pieces.append(DiffPiece("added", " ".join(b[b1:b2])))
    return pieces


def current_version(proposal: Proposal) -> ProposalVersion:
    version = proposal.versions.order_by("-number").first()
    assert version is not None, "a proposal always has a first version"
    return version


def proposal_authors(proposal: Proposal) -> set[int]:
    """The ids of the proposal's author and co-authors."""
    return {proposal.author_id, *proposal.coauthors.values_list("pk", flat=True)}


def is_author(proposal: Proposal, user: Any) -> bool:
    return bool(user.is_authenticated and user.pk in proposal_authors(proposal))
