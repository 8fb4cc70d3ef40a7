"""Polls: opening one with its list of voters, and the stages of consensus."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assemblea.assemblies.models import Assembly, SeatHolder
from assemblea.assemblies.services import translations_from_organizer
from assemblea.core.events import assembly_event_record
from assemblea.decisions import events, tally
from assemblea.decisions.live import poll_changed
from assemblea.decisions.methods import CANDIDATE_METHODS, method_get, method_of
from assemblea.decisions.models import (
    Amendment,
    AmendmentStatus,
    Poll,
    PollStatus,
    PollVoter,
    Proposal,
    Secrecy,
)
from assemblea.decisions.permissions import DecisionAction, require
from assemblea.decisions.selectors import current_version
from assemblea.decisions.services._common import (
    _lock_poll,
    _require_open,
)
from assemblea.deliberation.models import AgendaItem
from assemblea.deliberation.selectors import session_quorum
from assemblea.engines.voting import ConsensusStage, next_stage

# Polls ---------------------------------------------------------------------------------


def _eligible_now(assembly: Assembly, weights: dict[str, Any]) -> list[dict[str, Any]]:
    """Members whose seat has a vote, one entry each, as the poll opens."""
    seen: set[int] = set()
    entries = []
    seats = (
        SeatHolder.objects.filter(
            category__assembly=assembly,
            category__may_vote=True,
            ended_on__isnull=True,
            is_alternate=False,
            user__isnull=False,
        )
        .select_related("category")
        .order_by("category__position", "name", "pk")
    )
    for seat in seats:
        assert seat.user_id is not None
        if seat.user_id in seen:
            continue
        seen.add(seat.user_id)
        entries.append(
            {
                "user": seat.user_id,
                "seat": seat.pk,
                "category": seat.category_id,
                "name": seat.name,
                "weight": tally.number(tally.weight_of(weights, seat.category_id)),
            }
        )
    return entries


def _pending(amendments: Any) -> list[Amendment]:
    return list(amendments.filter(status=AmendmentStatus.PROPOSED))


@transaction.atomic
def poll_open(
    *,
    actor: Any,
    agenda_item: AgendaItem,
    title: str,
    method: str,
    proposal: Proposal | None = None,
    amendment: Amendment | None = None,
    options: Sequence[str] = (),
    seats: int = 1,
    max_score: int = 5,
    threshold: str = "simple-majority",
    threshold_base: str = "votes_cast",
    requires_quorum: bool = True,
    secrecy: str = Secrecy.SECRET,
    weights: dict[str, Any] | None = None,
    proxy_limit: int = 0,
    translations: Mapping[str, Mapping[str, Any]] | None = None,
) -> Poll:
    assembly = agenda_item.session.assembly
    require(actor, DecisionAction.CHAIR, assembly)
    weights = {str(key): str(value) for key, value in (weights or {}).items()}
    try:
        voting_method = method_get(method)
    except ValidationError as unknown:
        raise ValidationError({"method": unknown}) from None
    if not title.strip():
        raise ValidationError(
            {
                "title": ValidationError(
                    _("Write the question the members are voting on."), code="title_missing"
                )
            }
        )
    proposal = _check_subject(assembly, method, proposal, amendment)
    names, seats = _check_candidates(method, options, seats)
    _check_weights(method, weights)
    eligible = _eligible_now(assembly, weights)
    if not eligible:
        raise ValidationError(
            _("Nobody holds a seat with a vote: seat the members first."), code="no_voters"
        )
    poll = Poll.objects.create(
        assembly=assembly,
        agenda_item=agenda_item,
        proposal=proposal,
        amendment=amendment,
        version=current_version(proposal) if proposal is not None else None,
        title=title.strip(),
        method=method,
        secrecy=secrecy,
        threshold=threshold,
        threshold_base=threshold_base,
        requires_quorum=requires_quorum,
        options=names,
        seats=seats,
        max_score=max_score,
        weights=weights,
        proxy_limit=proxy_limit,
        stage=ConsensusStage.PROPOSAL if voting_method.has_stages else "",
        eligible=eligible,
        quorum_at_open=session_quorum(agenda_item.session).as_record(),
        opened_by=actor,
    )
    PollVoter.objects.bulk_create(
        PollVoter(poll=poll, user_id=e["user"], category_id=e["category"], weight=e["weight"])
        for e in eligible
    )
    poll_changed(poll.pk)  # the room shows the vote in progress
    assembly_event_record(
        assembly=assembly,
        verb=events.POLL_OPENED,
        actor=actor,
        data={"poll": poll.pk, "title": poll.title},
    )
    if translations:  # the question and options in the other languages, side by side
        translations_from_organizer(
            actor=actor, assembly=assembly, obj=poll, translations=translations
        )
    return poll


def _check_subject(
    assembly: Assembly, method: str, proposal: Proposal | None, amendment: Amendment | None
) -> Proposal | None:
    """What the poll decides, if anything: an amendment waiting for its vote (after its own
    amendments), or an open proposal (after its amendments). Returns the proposal concerned."""
    if amendment is not None:
        proposal = amendment.proposal
        if amendment.status != AmendmentStatus.PROPOSED:
            raise ValidationError(
                _("This amendment has already been decided."), code="amendment_decided"
            )
        waiting = _pending(amendment.subamendments)
        if waiting:
            raise ValidationError(
                _("Vote first on the %(count)s amendments to this amendment."),
                code="subamendments_pending",
                params={"count": len(waiting)},
            )
    elif proposal is not None:
        _require_open(proposal)
        waiting = _pending(proposal.amendments)
        if waiting:
            raise ValidationError(
                _(
                    "Vote first on the %(count)s amendments to this proposal: "
                    "an amendment is decided before the text it changes."
                ),
                code="amendments_pending",
                params={"count": len(waiting)},
            )
    if proposal is None:
        return None
    if proposal.assembly_id != assembly.pk:
        raise ValidationError(
            _("The proposal belongs to another assembly."), code="proposal_other_assembly"
        )
    if Poll.objects.filter(proposal=proposal, amendment=amendment, status=PollStatus.OPEN).exists():
        raise ValidationError(_("A vote on this is already open."), code="poll_already_open")
    if method in CANDIDATE_METHODS:
        raise ValidationError(
            {
                "method": ValidationError(
                    _("A proposal is decided by a yes/no, scale or consensus method."),
                    code="method_not_for_proposal",
                )
            }
        )
    return proposal


def _check_candidates(method: str, options: Sequence[str], seats: int) -> tuple[list[str], int]:
    """The candidates' names and the seats to fill (none and one for a question)."""
    if method not in CANDIDATE_METHODS:
        return [], 1
    names = [name.strip() for name in options if name.strip()]
    if len(names) < 2:
        raise ValidationError(
            {
                "options": ValidationError(
                    _("List at least two candidates or options."), code="options_too_few"
                )
            }
        )
    if len(set(names)) != len(names):
        raise ValidationError(
            {
                "options": ValidationError(
                    _("Two candidates have the same name."), code="options_duplicate"
                )
            }
        )
    if not 1 <= seats < len(names):
        raise ValidationError(
            {
                "seats": ValidationError(
                    _("The number of seats must be at least 1 and less than the candidates."),
                    code="seats_out_of_range",
                )
            }
        )
    return names, seats


def _check_weights(method: str, weights: dict[str, str]) -> None:
    if not method_get(method).weighted and any(value != "1" for value in weights.values()):
        raise ValidationError(
            {
                "weights": ValidationError(
                    _("Weighted votes are counted in yes/no polls only; set every weight to 1."),
                    code="weights_not_yes_no",
                )
            }
        )


@transaction.atomic
def poll_advance_stage(*, actor: Any, poll: Poll) -> Poll:
    """Consensus: from the proposal to clarifying questions, concerns, then the call for
    blocks, when members can answer consent, stand aside or block."""
    require(actor, DecisionAction.CHAIR, poll.assembly)
    _lock_poll(poll.pk, exclusive=True)
    poll.refresh_from_db(fields=["status", "stage"])
    if not method_of(poll).has_stages or poll.status != PollStatus.OPEN:
        raise ValidationError(
            _("Only an open consensus poll moves through stages."), code="not_open_consensus"
        )
    if poll.stage == ConsensusStage.CALL_FOR_BLOCKS:
        raise ValidationError(
            _("Blocks have been called for: close the poll to decide."), code="blocks_called"
        )
    poll.stage = next_stage(ConsensusStage(poll.stage))
    poll.save(update_fields=["stage"])
    assembly_event_record(
        assembly=poll.assembly,
        verb=events.POLL_STAGE,
        actor=actor,
        data={"poll": poll.pk, "title": poll.title},
    )
    return poll


def _check_stage(poll: Poll) -> None:
    if method_of(poll).has_stages and poll.stage != ConsensusStage.CALL_FOR_BLOCKS:
        raise ValidationError(
            _(
                "The chair has not called for blocks yet: the proposal, clarifying questions "
                "and concerns come first."
            ),
            code="blocks_not_called",
        )
