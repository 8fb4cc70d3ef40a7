"""The decisions app's event verbs and how they read on timelines."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assemblea.core.events import register_verbs, verb

PROPOSAL_CREATED = "decisions.proposal_created"
PROPOSAL_REVISED = "decisions.proposal_revised"
PROPOSAL_DECIDED = "decisions.proposal_decided"
PROPOSALS_MERGED = "decisions.proposals_merged"
PROPOSAL_SPLIT = "decisions.proposal_split"
COAUTHOR_ADDED = "decisions.coauthor_added"
MINORITY_REPORT_ADDED = "decisions.minority_report_added"
AMENDMENT_PROPOSED = "decisions.amendment_proposed"
AMENDMENT_DECIDED = "decisions.amendment_decided"
POLL_OPENED = "decisions.poll_opened"
POLL_CLOSED = "decisions.poll_closed"
POLL_STAGE = "decisions.poll_stage"
BALLOT_CAST = "decisions.ballot_cast"
PROXY_GIVEN = "decisions.proxy_given"
PROXY_REVOKED = "decisions.proxy_revoked"


def _describe_decided(data: Mapping[str, Any], *, amendment: bool) -> str:
    from assemblea.decisions.models import AmendmentStatus, ProposalStatus

    if amendment:
        status = AmendmentStatus(data["status"]).label
        return gettext("An amendment to “%(title)s” was decided: %(status)s.") % {
            "title": data["title"],
            "status": status,
        }
    status = ProposalStatus(data["status"]).label
    return gettext("The proposal “%(title)s” was decided: %(status)s.") % {
        "title": data["title"],
        "status": status,
    }


_PROPOSAL = ("proposal", "title")

register_verbs(
    {
        PROPOSAL_CREATED: verb(_("The proposal “%(title)s” was tabled."), keys=_PROPOSAL),
        PROPOSAL_REVISED: verb(
            _("The proposal “%(title)s” has a new version %(version)s."), keys=_PROPOSAL
        ),
        PROPOSAL_DECIDED: verb(
            lambda data: _describe_decided(data, amendment=False),
            keys=[*_PROPOSAL, "status"],
        ),
        PROPOSALS_MERGED: verb(
            _("Proposals were merged into “%(title)s”."), keys=[*_PROPOSAL, "sources"]
        ),
        PROPOSAL_SPLIT: verb(
            _("The proposal “%(title)s” was split into %(parts)s proposals."), keys=_PROPOSAL
        ),
        COAUTHOR_ADDED: verb(_("The proposal “%(title)s” has a new co-author."), keys=_PROPOSAL),
        MINORITY_REPORT_ADDED: verb(
            _("A minority report was added to “%(title)s”."), keys=_PROPOSAL
        ),
        AMENDMENT_PROPOSED: verb(
            _("An amendment to paragraph %(paragraph)s of “%(title)s” was moved."),
            keys=[*_PROPOSAL, "amendment"],
        ),
        AMENDMENT_DECIDED: verb(
            lambda data: _describe_decided(data, amendment=True),
            keys=["amendment", "title", "status"],
        ),
        POLL_OPENED: verb(_("Voting opened: “%(title)s”."), keys=["poll"]),
        POLL_STAGE: verb(_("“%(title)s” moved to the next stage of consensus."), keys=["poll"]),
        POLL_CLOSED: verb(
            _("Voting closed: “%(title)s” (%(ballots)s ballots, digest %(digest)s)."),
            keys=["poll", "voted", "eligible", "result_digest", "passed", "ballot_chains"],
        ),
        BALLOT_CAST: verb(_("A ballot was cast."), keys=["poll"]),
        PROXY_GIVEN: verb(_("A member gave their proxy to another member.")),
        PROXY_REVOKED: verb(_("A member took back their proxy.")),
    }
)


BALLOT_CHAINS = 8


def ballot_stream(poll_id: int, chain: int) -> str:
    """Ballots are chained apart from the assembly's timeline, in eight chains per poll, so
    that voters at the same moment rarely wait for each other's link. A roll-call ballot goes
    to the chain of its voter (`voter id % 8`); a secret one to a chain drawn at random, and
    its event names nobody."""
    return f"poll:{poll_id}:{chain % BALLOT_CHAINS}"


def ballot_streams(poll_id: int) -> list[str]:
    return [f"poll:{poll_id}:{chain}" for chain in range(BALLOT_CHAINS)]


def ballot_chain_heads(poll_id: int) -> dict[str, str]:
    """The last hash of each of the poll's ballot chains that has one, found the way the
    chain itself finds a predecessor (the highest id of the stream): anchored in the closing
    event, and checked against it by `verify_events`."""
    from assemblea.core.models import Event

    heads = {}
    for stream in ballot_streams(poll_id):
        head = Event.objects.filter(stream=stream).order_by("-id").values_list("hash", flat=True)
        last = head.first()
        if last:
            heads[stream] = last
    return heads
