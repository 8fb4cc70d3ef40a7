"""Closing a poll: the count, the digests, the rewritten ballots and what it decides."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblea.core.chain import canonical_json, json_normalized
from assemblea.core.events import assembly_event_record
from assemblea.core.models import Event
from assemblea.decisions import events, tally
from assemblea.decisions.methods import poll_count
from assemblea.decisions.models import (
    AmendmentStatus,
    Ballot,
    Poll,
    PollStatus,
    PollVoter,
    ProposalStatus,
    Secrecy,
    random_ballot_id,
)
from assemblea.decisions.permissions import DecisionAction, require
from assemblea.decisions.services._common import (
    _lock_poll,
    _one_writer,
)
from assemblea.decisions.services.amendments import _amendment_adopt
from assemblea.decisions.services.polls import _check_stage
from assemblea.deliberation.models import Attendance
from assemblea.deliberation.selectors import session_quorum


def _present_by_category(poll: Poll) -> dict[int, int]:
    eligible_seats = [entry["seat"] for entry in poll.eligible]
    present: dict[int, int] = {}
    for category_id in Attendance.objects.filter(
        session=poll.agenda_item.session, seat_id__in=eligible_seats, left_at__isnull=True
    ).values_list("seat__category_id", flat=True):
        present[category_id] = present.get(category_id, 0) + 1
    return present


def poll_close(*, actor: Any, poll: Poll) -> Poll:
    """Close the poll, count it, publish its digest and apply what it decided."""
    with _one_writer():
        require(actor, DecisionAction.CHAIR, poll.assembly)
        _lock_poll(poll.pk, exclusive=True)
        locked = Poll.objects.select_related("assembly").get(pk=poll.pk)
        if locked.status != PollStatus.OPEN:
            raise ValidationError(_("This vote is already closed."), code="poll_closed")
        _check_stage(locked)
        rows = list(locked.ballots.values_list("category_id", "weight", "choice", "receipt"))
        cast = [tally.CastBallot(str(c), w, choice) for c, w, choice, _ in rows]
        passed, record = _count(locked, cast)
        locked.digest = ballots_digest(
            poll_id=locked.pk,
            ballots=cast,
            receipts=[receipt for *_, receipt in rows],
            secret=locked.secrecy != Secrecy.ROLL_CALL,
        )
        if locked.secrecy != Secrecy.ROLL_CALL:
            _rewrite_ballots(locked)
        locked.status = PollStatus.CLOSED
        locked.closed_at = timezone.now()
        locked.result = record
        locked.passed = passed
        locked.record_hash = _record_close(locked, actor, ballots=len(rows)).hash
        locked.save()
        _apply(locked, actor)
        return locked


def _category_lines(poll: Poll) -> list[tally.CategoryLine]:
    """Each voting seat category as the count sees it: eligible, weight, present."""
    names = dict(poll.assembly.categories.values_list("pk", "name"))
    eligible_by_category: dict[int, int] = {}
    for entry in poll.eligible:
        eligible_by_category[entry["category"]] = eligible_by_category.get(entry["category"], 0) + 1
    present = _present_by_category(poll)
    return [
        tally.CategoryLine(
            key=str(category_id),
            name=names.get(category_id, str(category_id)),
            eligible=count,
            weight=tally.weight_of(poll.weights, category_id),
            present=present.get(category_id, 0),
        )
        for category_id, count in eligible_by_category.items()
    ]


def _count(poll: Poll, cast: Sequence[tally.CastBallot]) -> tuple[bool | None, dict[str, Any]]:
    """The result as recorded, with the room's quorum (sets `poll.quorum`): a vote without
    its required quorum decides nothing."""
    passed, record = poll_count(poll, cast, _category_lines(poll))
    if poll.secrecy != Secrecy.ROLL_CALL:
        tally.withhold_small_groups(record)
    quorum = session_quorum(poll.agenda_item.session).as_record()
    quorum_ok = bool(quorum["met"]) or not poll.requires_quorum
    record["quorum_met"] = bool(quorum["met"])
    record["valid"] = quorum_ok
    if not quorum_ok and passed is not None:
        passed = False
    poll.quorum = quorum
    return passed, record


def _record_close(poll: Poll, actor: Any, *, ballots: int) -> Event:
    """The closing event: the digests, the turnout, and the heads of the ballot chains."""
    return assembly_event_record(
        assembly=poll.assembly,
        verb=events.POLL_CLOSED,
        actor=actor,
        data={
            "poll": poll.pk,
            "title": poll.title,
            "ballots": ballots,
            "voted": PollVoter.objects.filter(poll=poll, voted=True).count(),
            "eligible": len(poll.eligible),
            "digest": poll.digest,
            "result_digest": result_digest(poll.result, poll.passed),
            "passed": poll.passed,
            "ballot_chains": events.ballot_chain_heads(poll.pk),
        },
    )


def ballots_digest(
    *, poll_id: int, ballots: Sequence[tally.CastBallot], receipts: Sequence[str], secret: bool
) -> str:
    """The digest published at close: SHA-256 of the canonical JSON of the poll's id, its
    ballots in the recount form (sorted) and the sorted receipts. Anyone recomputes it from
    ballots.json; `verify_events` recomputes it from the stored ballots."""
    return hashlib.sha256(
        canonical_json(
            {
                "poll": poll_id,
                "ballots": tally.ballots_for_recount(ballots, secret=secret),
                "receipts": sorted(receipts),
            }
        ).encode()
    ).hexdigest()


def result_digest(result: dict[str, Any], passed: bool | None) -> str:
    """SHA-256 of the result as recorded at close, kept in the closing event."""
    return hashlib.sha256(
        canonical_json(json_normalized({"result": result, "passed": passed})).encode()
    ).hexdigest()


def _rewrite_ballots(poll: Poll) -> None:
    """At close, a secret poll's ballots are written again, in the order of fresh random ids,
    in the closing transaction: where and when each row was first written (its place in the
    table, the transaction that wrote it) no longer lines up with the order of voting."""
    rows = list(poll.ballots.values("category_id", "weight", "choice", "receipt"))
    random.SystemRandom().shuffle(rows)
    poll.ballots.all().delete()
    ids: set[int] = set()
    while len(ids) < len(rows):
        ids.update(random_ballot_id() for _ in range(len(rows) - len(ids)))
        ids -= set(Ballot.objects.filter(pk__in=ids).values_list("pk", flat=True))
    Ballot.objects.bulk_create(
        Ballot(id=ballot_id, poll=poll, **row)
        for ballot_id, row in zip(sorted(ids), rows, strict=True)
    )


def _apply(poll: Poll, actor: Any) -> None:
    """What a closed poll decides: an amendment adopted or not, a proposal adopted or not."""
    if poll.passed is None:
        return
    if poll.amendment is not None:
        amendment = poll.amendment
        status = _amendment_adopt(amendment, actor) if poll.passed else AmendmentStatus.REJECTED
        amendment.status = status
        amendment.save(update_fields=["status"])
        assembly_event_record(
            assembly=poll.assembly,
            verb=events.AMENDMENT_DECIDED,
            actor=actor,
            data={"amendment": amendment.pk, "title": amendment.proposal.title, "status": status},
        )
    elif poll.proposal is not None:
        proposal = poll.proposal
        proposal.status = ProposalStatus.ADOPTED if poll.passed else ProposalStatus.REJECTED
        proposal.save(update_fields=["status"])
        assembly_event_record(
            assembly=poll.assembly,
            verb=events.PROPOSAL_DECIDED,
            actor=actor,
            data={"proposal": proposal.pk, "title": proposal.title, "status": proposal.status},
        )
