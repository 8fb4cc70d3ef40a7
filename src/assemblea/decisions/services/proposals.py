"""Proposals: tabling, rewording, co-authors, merges, splits and minority reports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assemblea.assemblies.models import Assembly
from assemblea.core.events import assembly_event_record
from assemblea.decisions import events
from assemblea.decisions.models import (
    AmendmentStatus,
    MinorityReport,
    Proposal,
    ProposalStatus,
    ProposalVersion,
)
from assemblea.decisions.permissions import DecisionAction, require
from assemblea.decisions.selectors import current_version
from assemblea.decisions.services._common import (
    _authors,
    _check_text,
    _new_version,
    _require_author,
    _require_open,
)

# Proposals -----------------------------------------------------------------------------


@transaction.atomic
def proposal_create(
    *,
    actor: Any,
    assembly: Assembly,
    title: str,
    text: str,
    kind: str = "proposal",
    coauthors: Sequence[Any] = (),
    derived_from: Sequence[Proposal] = (),
    note: str = "",
) -> Proposal:
    require(actor, DecisionAction.PROPOSE, assembly)
    if not title.strip():
        raise ValidationError(
            {"title": ValidationError(_("Give the proposal a title."), code="title_missing")}
        )
    text = _check_text(text)
    proposal = Proposal.objects.create(
        assembly=assembly, title=title.strip(), kind=kind, author=actor
    )
    proposal.coauthors.set([user for user in coauthors if user.pk != actor.pk])
    proposal.derived_from.set(derived_from)
    ProposalVersion.objects.create(proposal=proposal, number=1, text=text, author=actor, note=note)
    assembly_event_record(
        assembly=assembly,
        verb=events.PROPOSAL_CREATED,
        actor=actor,
        data={"proposal": proposal.pk, "title": proposal.title},
    )
    return proposal


@transaction.atomic
def proposal_revise(
    *, actor: Any, proposal: Proposal, text: str, note: str = ""
) -> ProposalVersion:
    """The authors' own new wording, before the assembly amends it."""
    require(actor, DecisionAction.PROPOSE, proposal.assembly)
    _require_author(actor, proposal)
    _require_open(proposal)
    if proposal.amendments.filter(status=AmendmentStatus.PROPOSED).exists():
        raise ValidationError(
            _("Amendments to this text are waiting for a vote: decide them before rewording it."),
            code="amendments_pending",
        )
    text = _check_text(text)
    if text == current_version(proposal).text:
        raise ValidationError(
            {"text": ValidationError(_("The text is unchanged."), code="text_unchanged")}
        )
    return _new_version(proposal, text=text, actor=actor, note=note)


@transaction.atomic
def proposal_add_coauthor(*, actor: Any, proposal: Proposal, user: Any) -> None:
    require(actor, DecisionAction.PROPOSE, proposal.assembly)
    _require_author(actor, proposal)
    if user.pk in _authors(proposal):
        raise ValidationError(
            _("This person is already an author of the proposal."), code="already_author"
        )
    proposal.coauthors.add(user)
    assembly_event_record(
        assembly=proposal.assembly,
        verb=events.COAUTHOR_ADDED,
        actor=actor,
        data={"proposal": proposal.pk, "title": proposal.title},
    )


@transaction.atomic
def proposal_merge(*, actor: Any, sources: Sequence[Proposal], title: str, text: str) -> Proposal:
    """One proposal from several; each source keeps its text and points to the merge."""
    if len(sources) < 2:
        raise ValidationError(_("Choose at least two proposals to merge."), code="merge_too_few")
    assembly = sources[0].assembly
    for source in sources:
        if source.assembly_id != assembly.pk:
            raise ValidationError(
                _("Only proposals of the same assembly can be merged."), code="merge_other_assembly"
            )
        _require_author(actor, source)
        _require_open(source)
    merged = proposal_create(
        actor=actor,
        assembly=assembly,
        title=title,
        text=text,
        kind=sources[0].kind,
        derived_from=sources,
        note=_("Merged from: %(titles)s") % {"titles": "; ".join(s.title for s in sources)},
    )
    for source in sources:
        source.status = ProposalStatus.MERGED
        source.save(update_fields=["status"])
    assembly_event_record(
        assembly=assembly,
        verb=events.PROPOSALS_MERGED,
        actor=actor,
        data={"proposal": merged.pk, "title": merged.title, "sources": [s.pk for s in sources]},
    )
    return merged


@transaction.atomic
def proposal_split(
    *, actor: Any, proposal: Proposal, parts: Sequence[tuple[str, str]]
) -> list[Proposal]:
    """Several proposals from one; each part points back to the proposal it came from."""
    _require_author(actor, proposal)
    _require_open(proposal)
    if len(parts) < 2:
        raise ValidationError(
            _("A split needs at least two parts, each with a title and text."), code="split_too_few"
        )
    created = [
        proposal_create(
            actor=actor,
            assembly=proposal.assembly,
            title=title,
            text=text,
            kind=proposal.kind,
            coauthors=list(proposal.coauthors.all()),
            derived_from=[proposal],
            note=_("Split from: %(title)s") % {"title": proposal.title},
        )
        for title, text in parts
    ]
    proposal.status = ProposalStatus.SPLIT
    proposal.save(update_fields=["status"])
    assembly_event_record(
        assembly=proposal.assembly,
        verb=events.PROPOSAL_SPLIT,
        actor=actor,
        data={"proposal": proposal.pk, "title": proposal.title, "parts": len(created)},
    )
    return created


@transaction.atomic
def minority_report_add(
    *, actor: Any, proposal: Proposal, text: str, coauthors: Sequence[Any] = ()
) -> MinorityReport:
    """Members who did not carry the vote say why; only on a proposal that did not pass."""
    require(actor, DecisionAction.PROPOSE, proposal.assembly)
    proposal.refresh_from_db(fields=["status"])
    if proposal.status != ProposalStatus.REJECTED:
        raise ValidationError(
            _("A minority report goes with a proposal that was not adopted."),
            code="minority_report_not_rejected",
        )
    if not text.strip():
        raise ValidationError(
            {"text": ValidationError(_("Write the minority report."), code="text_missing")}
        )
    report = MinorityReport.objects.create(proposal=proposal, text=text.strip())
    report.authors.set([actor, *coauthors])
    assembly_event_record(
        assembly=proposal.assembly,
        verb=events.MINORITY_REPORT_ADDED,
        actor=actor,
        data={"proposal": proposal.pk, "title": proposal.title},
    )
    return report
