"""Ballots: checking a choice and casting it exactly once, for oneself or as a proxy."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from assemblea.core.events import event_record
from assemblea.decisions import events
from assemblea.decisions.methods import method_of
from assemblea.decisions.models import (
    Ballot,
    Poll,
    PollStatus,
    PollVoter,
    Proxy,
    Secrecy,
    random_ballot_id,
)
from assemblea.decisions.permissions import POLICY, DecisionAction, require
from assemblea.decisions.selectors import receipt_hash
from assemblea.decisions.services._common import (
    _lock_poll,
    _one_writer,
    _refuse_closed,
)
from assemblea.decisions.services.polls import _check_stage
from assemblea.decisions.services.proxies import may_hold_proxy
from assemblea.deliberation.models import AgendaItem, Attendance, SessionFormat


def choice_clean(poll: Poll, choice: Any) -> Any:
    """The ballot as stored, or a ValidationError saying what is wrong with it."""
    return method_of(poll).clean(poll, choice)


def vote_cast(*, actor: Any, poll: Poll, choice: Any, on_behalf_of: Any = None) -> str:
    """Cast one ballot, for oneself or as a proxy; returns the voter's receipt code.

    The right to vote is the poll's list of voters, fixed when it opened from the seats
    whose category votes; the phase must still allow voting."""
    if poll.status != PollStatus.OPEN:
        raise _refuse_closed()
    assembly = poll.assembly
    if not POLICY.phase_allows(assembly, DecisionAction.VOTE):
        require(actor, DecisionAction.VOTE, assembly)  # raises, naming the phase
    voter = on_behalf_of or actor
    _check_stage(poll)
    stored = choice_clean(poll, choice)
    code = secrets.token_hex(10)
    roll_call = poll.secrecy == Secrecy.ROLL_CALL
    with _one_writer():
        if _lock_poll(poll.pk, exclusive=on_behalf_of is not None) != PollStatus.OPEN:
            raise _refuse_closed()
        if on_behalf_of is not None:
            _check_proxy(poll, actor, on_behalf_of)
        # The exactly-once step: it matches only while the voter has not voted, and a second
        # ballot racing this one from another device waits on the row, then matches nothing.
        marked = PollVoter.objects.filter(poll=poll, user=voter, voted=False).update(
            voted=True, cast_by=actor
        )
        if not marked:
            raise _refuse_voter(poll, voter, proxy=on_behalf_of is not None)
        _check_present(poll, actor)  # a refusal undoes the mark with the transaction
        entry = PollVoter.objects.values("category_id", "weight").get(poll=poll, user=voter)
        Ballot.objects.create(
            id=_free_ballot_id(),
            poll=poll,
            category_id=entry["category_id"],
            weight=entry["weight"],
            choice=stored,
            receipt=receipt_hash(poll.pk, code),
            voter=voter if roll_call else None,
        )
        # The ballot's link in the log: in a secret poll it names nobody and goes to a chain
        # drawn at random, so the log says that a ballot came, not whose.
        event_record(
            stream=events.ballot_stream(
                poll.pk, voter.pk if roll_call else secrets.randbelow(events.BALLOT_CHAINS)
            ),
            verb=events.BALLOT_CAST,
            actor=actor if roll_call else None,
            data={"poll": poll.pk},
            public=False,
        )
    return code


def _free_ballot_id() -> int:
    ballot_id = random_ballot_id()
    while Ballot.objects.filter(pk=ballot_id).exists():
        ballot_id = random_ballot_id()
    return ballot_id


def _check_present(poll: Poll, actor: Any) -> None:
    """In an in-person session, whoever casts a ballot (the member, or the proxy holder for
    the member they vote for) must be checked in and not have left."""
    session_id, session_format = AgendaItem.objects.values_list(
        "session_id", "session__format"
    ).get(pk=poll.agenda_item_id)
    if session_format != SessionFormat.IN_PERSON:
        return
    if not Attendance.objects.filter(
        session_id=session_id, seat__user=actor, left_at__isnull=True
    ).exists():
        raise ValidationError(
            _(
                "This session is held in person: check in at the session before you vote "
                "(or check in again if you left)."
            ),
            code="not_checked_in",
        )


def _refuse_voter(poll: Poll, voter: Any, *, proxy: bool) -> ValidationError:
    if PollVoter.objects.filter(poll=poll, user=voter).exists():
        return ValidationError(
            _("This member has already voted in this poll: a vote is cast once and kept."),
            code="already_voted",
        )
    if proxy:
        return ValidationError(
            _("The member you vote for is not on this poll's list of voters."),
            code="proxy_giver_not_a_voter",
        )
    return ValidationError(
        _(
            "You are not on this poll's list of voters: only members whose seat had a "
            "vote when it opened can vote."
        ),
        code="not_a_voter",
    )


def _check_proxy(poll: Poll, holder: Any, giver: Any) -> None:
    if poll.proxy_limit == 0:
        raise ValidationError(
            _("Proxy votes are not allowed in this poll."), code="proxies_not_allowed"
        )
    if not PollVoter.objects.filter(poll=poll, user=holder).exists() or not may_hold_proxy(
        poll.assembly, holder
    ):
        raise ValidationError(
            _(
                "Only a member with a vote in this poll can carry a proxy: your seat "
                "does not have one."
            ),
            code="proxy_holder_cannot_vote",
        )
    if not Proxy.objects.filter(
        assembly_id=poll.assembly_id, giver=giver, holder=holder, revoked_at__isnull=True
    ).exists():
        raise ValidationError(
            _("This member has not given you their proxy."), code="proxy_not_given"
        )
    carried = PollVoter.objects.filter(poll=poll, cast_by=holder).exclude(user=holder).count()
    if carried >= poll.proxy_limit:
        raise ValidationError(
            _("You already carry %(limit)s proxies in this poll, the most one person may."),
            code="proxy_limit_reached",
            params={"limit": poll.proxy_limit},
        )
