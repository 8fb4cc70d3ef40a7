"""Checking the polls' record against the event log, for `assemblea manage verify_events`.

The chains alone show an event edited or removed in the middle of a stream. What they do not
show, this does: for every closed poll, the digest recomputed from the stored ballots must
be the one on the poll and in its "voting closed" event; the ballots, the voters marked as
voted, the ballot events and the turnout recorded at close must all be the same number; the
result must hash to what the closing event recorded; the heads of the poll's ballot chains
must still be the ones anchored in the closing event (a deleted or forged tail shows); and
the closing event must still be the one whose hash the poll keeps and publishes (a rewritten
assembly chain shows).
"""

from __future__ import annotations

from typing import Any

from assemblea.core.events import assembly_stream
from assemblea.core.models import Event
from assemblea.decisions import events, tally
from assemblea.decisions.models import Poll, PollStatus, PollVoter, Secrecy
from assemblea.decisions.services import ballots_digest, result_digest


def _closing_events(poll: Poll) -> list[Event]:
    stream = assembly_stream(poll.assembly_id)
    found = list(
        Event.objects.filter(stream=stream, verb=events.POLL_CLOSED, data__poll=poll.pk).order_by(
            "id"
        )
    )
    if found or PollVoter.objects.filter(poll=poll).exists():
        return found
    # An imported poll (open data, no accounts): its closing event came with the timeline and
    # names the poll by its id where it was first held; it is found by the digest it recorded.
    return list(
        Event.objects.filter(stream=stream, verb=events.POLL_CLOSED, data__digest=poll.digest)
    )


def poll_problems(poll: Poll) -> list[str]:
    """What does not hold for one closed poll; empty when its record is whole."""
    name = f"poll {poll.pk} (“{poll.title}”)"
    problems: list[str] = []
    closing = _closing_events(poll)
    if not closing:
        return [f"{name}: closed, but its “voting closed” event is not in the log"]
    if len(closing) > 1:
        problems.append(f"{name}: {len(closing)} “voting closed” events in the log")
    close = closing[-1]
    data: dict[str, Any] = close.data
    imported = not PollVoter.objects.filter(poll=poll).exists()
    held_as = int(data.get("poll", poll.pk)) if imported else poll.pk

    rows = list(poll.ballots.values_list("category_id", "weight", "choice", "receipt"))
    cast = [tally.CastBallot(str(c), w, choice) for c, w, choice, _ in rows]
    digest = ballots_digest(
        poll_id=held_as,
        ballots=cast,
        receipts=[receipt for *_, receipt in rows],
        secret=poll.secrecy != Secrecy.ROLL_CALL,
    )
    if digest != poll.digest:
        problems.append(
            f"{name}: the stored ballots give the digest {digest}, the poll publishes {poll.digest}"
        )
    if data.get("digest") != poll.digest:
        problems.append(
            f"{name}: the poll publishes the digest {poll.digest}, "
            f"its closing event recorded {data.get('digest')}"
        )
    if poll.record_hash and poll.record_hash != close.hash:
        problems.append(
            f"{name}: the poll's published anchor {poll.record_hash} is not its closing event "
            f"({close.hash}): the assembly's chain was rewritten"
        )

    counts = {
        "ballots stored": len(rows),
        "ballots recorded at close": data.get("ballots"),
        "ballots in the result": poll.result.get("ballots"),
    }
    if not imported:
        counts["voters marked as voted"] = PollVoter.objects.filter(poll=poll, voted=True).count()
        counts["ballot events"] = Event.objects.filter(
            stream__in=events.ballot_streams(poll.pk), verb=events.BALLOT_CAST
        ).count()
        if "voted" in data:
            counts["voters marked at close"] = data["voted"]
    if len({value for value in counts.values()}) > 1:
        problems.append(
            f"{name}: the counts disagree: "
            + ", ".join(f"{label} {value}" for label, value in counts.items())
        )
    if "eligible" in data and data["eligible"] != len(poll.eligible):
        problems.append(
            f"{name}: {len(poll.eligible)} on the list of voters, "
            f"{data['eligible']} recorded at close"
        )
    if not imported and PollVoter.objects.filter(poll=poll).count() != len(poll.eligible):
        problems.append(f"{name}: the list of voters no longer matches the one fixed at opening")

    if "result_digest" in data:
        if result_digest(poll.result, poll.passed) != data["result_digest"]:
            problems.append(f"{name}: the result is not the one recorded at close")
    elif data.get("passed") != poll.passed:
        problems.append(f"{name}: the outcome is not the one recorded at close")

    if (
        not imported
        and "ballot_chains" in data
        and events.ballot_chain_heads(poll.pk) != data["ballot_chains"]
    ):
        problems.append(
            f"{name}: the ballot chains do not end where the closing event anchored them "
            "(ballot events removed or added after the close)"
        )
    return problems


def polls_verify() -> list[str]:
    problems: list[str] = []
    for poll in Poll.objects.filter(status=PollStatus.CLOSED).order_by("pk"):
        problems.extend(poll_problems(poll))
    return problems
