"""Reads for polls: turnout, voters, receipts, the published ballots, the roll call."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from assemblea.assemblies.models import Assembly
from assemblea.core.privacy import counts_suppressed
from assemblea.decisions import tally
from assemblea.decisions.answers import (
    CONSENSUS_STAGE_LABELS,
)
from assemblea.decisions.methods import method_of
from assemblea.decisions.models import (
    Ballot,
    Poll,
    PollStatus,
    PollVoter,
    Proxy,
    Secrecy,
)

# Polls ---------------------------------------------------------------------------------


def polls_of(assembly: Assembly) -> QuerySet[Poll]:
    return Poll.objects.filter(assembly=assembly).select_related(
        "assembly", "agenda_item", "proposal", "amendment"
    )


def poll_get(*, assembly: Assembly, pk: int) -> Poll:
    poll = polls_of(assembly).filter(pk=pk).first()
    if poll is None:
        raise Http404(_("No such vote."))
    return poll


def poll_for_voting(*, user: Any, slug: str, pk: int) -> Poll:
    """The poll and its assembly in one query (the hot path of a vote), or 404."""
    from assemblea.assemblies.permissions import can
    from assemblea.assemblies.phases import AssemblyAction

    poll = (
        Poll.objects.select_related("assembly")
        .defer("eligible", "result", "quorum", "quorum_at_open")
        .filter(pk=pk, assembly__slug=slug)
        .first()
    )
    if poll is None or not can(user, AssemblyAction.VIEW, poll.assembly):
        raise Http404(_("No such vote."))
    return poll


def consensus_stages(poll: Poll) -> list[tuple[str, str, bool]]:
    """(stage, label, current) for a consensus poll's stages; empty for other methods."""
    if not method_of(poll).has_stages:
        return []
    return [
        (stage, str(label), stage == poll.stage) for stage, label in CONSENSUS_STAGE_LABELS.items()
    ]


def _voted(poll: Poll) -> set[int]:
    voters = PollVoter.objects.filter(poll=poll, voted=True)
    return set(voters.values_list("user_id", flat=True))


@dataclass(frozen=True)
class Turnout:
    voted: int
    eligible: int
    not_voted: list[str]
    names_shown: bool = False


def poll_turnout(poll: Poll) -> Turnout:
    """How many have voted, counted from the voters' list (never from the ballot box while
    the poll is open); and, in a roll-call poll only, who has not voted yet.

    In a secret or anonymous poll nobody, the chair included, sees names of who has or has
    not voted while it is open: the count is what the chair needs to know when to close, and
    the quorum is the room's (check-ins), not the ballots'."""
    voted = _voted(poll)
    names_shown = poll.secrecy == Secrecy.ROLL_CALL
    missing = (
        [entry["name"] for entry in poll.eligible if entry["user"] not in voted]
        if names_shown
        else []
    )
    if poll.status == PollStatus.CLOSED:
        # One ballot per voter, proxies included: the ballot box is the record once closed,
        # and it is what an imported assembly (open data, without accounts) still has.
        return Turnout(poll.ballots.count(), len(poll.eligible), missing, names_shown)
    return Turnout(len(voted), len(poll.eligible), missing, names_shown)


def chair_quorum(poll: Poll) -> Any:
    """The room's quorum now (checked-in members against the rule), for the chair while the
    vote is open: whether the vote will count does not depend on any ballot."""
    from assemblea.deliberation.selectors import session_quorum

    return session_quorum(poll.agenda_item.session)


def voter_status(poll: Poll, user: Any) -> dict[str, Any]:
    """Whether the user may vote here, has voted, and for whom they hold proxies."""
    if not user.is_authenticated:
        return {"eligible": False, "voted": False, "proxies": []}
    eligible_users = {entry["user"]: entry["name"] for entry in poll.eligible}
    voted = _voted(poll)
    proxies = []
    if poll.proxy_limit and user.pk in eligible_users:
        givers = Proxy.objects.filter(
            assembly_id=poll.assembly_id, holder=user, revoked_at__isnull=True
        ).values_list("giver_id", flat=True)
        proxies = [
            {"user": giver, "name": eligible_users[giver]}
            for giver in givers
            if giver in eligible_users and giver not in voted
        ]
    return {
        "eligible": user.pk in eligible_users,
        "voted": user.pk in voted,
        "proxies": proxies,
    }


def receipt_counted(poll: Poll, code: str) -> bool:
    if poll.status != PollStatus.CLOSED or not code.strip():
        return False
    return Ballot.objects.filter(poll=poll, receipt=receipt_hash(poll.pk, code)).exists()


def small_categories(poll: Poll) -> set[int]:
    """Seat categories with fewer than SMALL_CELL_MINIMUM ballots in a secret or anonymous
    poll: their ballots are published without the category, which would single them out.
    If that leaves a single category unnamed, the next smallest goes unnamed too (otherwise
    the ballots without a category would all be that one's)."""
    if poll.secrecy == Secrecy.ROLL_CALL:
        return set()
    counts = Counter(poll.ballots.values_list("category_id", flat=True))
    return {category for category, shown in counts_suppressed(counts).items() if shown is None}


def poll_published(poll: Poll) -> dict[str, Any]:
    """What a closed poll publishes: the ballots in the order of their random ids (no voter
    unless it was a roll call, no time, no order of casting; no seat category for a category
    with fewer than SMALL_CELL_MINIMUM voters), the receipts apart from them (sorted, so a
    receipt does not show which ballot is whose), the digest over both, the result, and the
    anchors of the event log. Anyone can recount from it. Nothing before the poll closes."""
    if poll.status != PollStatus.CLOSED:
        return {"poll": poll.pk, "status": poll.status}
    rows = list(
        poll.ballots.order_by("id").values_list("id", "category_id", "weight", "choice", "receipt")
    )
    cast = [tally.CastBallot(str(c), w, choice) for _, c, w, choice, _ in rows]
    hidden = small_categories(poll)
    roll_call_poll = poll.secrecy == Secrecy.ROLL_CALL
    ballots = [
        {
            "id": ballot_id,
            "category": None if category in hidden else category,
            "weight": tally.number(weight),
            "choice": choice,
        }
        for ballot_id, category, weight, choice, _ in rows
    ]
    return {
        "poll": poll.pk,
        "title": poll.title,
        "method": poll.method,
        "options": poll.options,
        "seats": poll.seats,
        "threshold": poll.threshold,
        "threshold_base": poll.threshold_base,
        "eligible": len(poll.eligible),
        "ballots": ballots,
        "recount": tally.ballots_for_recount(cast, secret=not roll_call_poll),
        "receipts": sorted(receipt for *_, receipt in rows),
        "digest": poll.digest,
        "digest_of": {"poll": poll.pk, "ballots": "recount", "receipts": "receipts"},
        "record_hash": poll.record_hash,
        "result": poll.result,
        "quorum": poll.quorum,
        "passed": poll.passed,
    }


def roll_call(poll: Poll) -> list[tuple[str, str]]:
    """In a roll-call poll, each member's vote, once the poll is closed."""
    if poll.secrecy != Secrecy.ROLL_CALL or poll.status != PollStatus.CLOSED:
        return []
    names = {entry["user"]: entry["name"] for entry in poll.eligible}
    return sorted(
        (names.get(voter, "?"), _choice_text(poll, choice))
        for voter, choice in poll.ballots.values_list("voter_id", "choice")
    )


def _choice_text(poll: Poll, choice: Any) -> str:
    return method_of(poll).choice_text(poll, choice)


def room_panels(session: Any) -> list[Any]:
    """The vote in progress on the session's current item, for the projector: the question
    and the turnout (never a running tally)."""
    from assemblea.deliberation.selectors import RoomPanel

    if session.current_item_id is None:
        return []
    panels = []
    for poll in Poll.objects.filter(agenda_item_id=session.current_item_id, status=PollStatus.OPEN):
        turnout = poll_turnout(poll)
        panels.append(
            RoomPanel(
                title=_("Vote in progress: %(title)s") % {"title": poll.title},
                lines=[
                    _("%(voted)s of %(eligible)s have voted.")
                    % {"voted": turnout.voted, "eligible": turnout.eligible}
                ],
            )
        )
    return panels


def receipt_normal(code: str) -> str:
    """A receipt code as issued (lower-case hex): what a member types, without the spaces,
    hyphens and capitals people add when they copy a code from paper or a phone."""
    return "".join(code.split()).replace("-", "").replace("\u2010", "").lower()


def receipt_hash(poll_id: int, code: str) -> str:
    return hashlib.sha256(
        f"assemblea-receipt:{poll_id}:{receipt_normal(code)}".encode()
    ).hexdigest()
