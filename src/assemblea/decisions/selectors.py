"""Reads for proposals and polls: pages, diffs, turnout, results as people read them, the
published ballots and receipt checks. Secret ballots are never read with a voter."""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assemblea.assemblies.models import Assembly
from assemblea.core.privacy import counts_suppressed
from assemblea.decisions import tally
from assemblea.decisions.models import (
    Amendment,
    AmendmentStatus,
    Ballot,
    Method,
    Poll,
    PollStatus,
    PollVoter,
    Proposal,
    ProposalVersion,
    Proxy,
    Secrecy,
    split_paragraphs,
)
from assemblea.decisions.services import current_version, receipt_hash
from assemblea.engines.voting.scale import GRADIENTS

YES_NO_LABELS = {
    "yes": gettext_lazy("Yes"),
    "no": gettext_lazy("No"),
    "abstain": gettext_lazy("Abstain"),
}
SUPPORT_LABELS = {
    "strongly support": gettext_lazy("Strongly support"),
    "support": gettext_lazy("Support"),
    "oppose": gettext_lazy("Oppose"),
    "strongly oppose": gettext_lazy("Strongly oppose"),
    "unsure": gettext_lazy("Unsure"),
    "no answer": gettext_lazy("No answer"),
}
BAND_LABELS = {
    "strongly supported": gettext_lazy("Strongly supported (more than 75 %)"),
    "majority supported": gettext_lazy("Supported by a majority (more than 50 %)"),
    "not supported": gettext_lazy("Not supported (50 % or less)"),
}
CONSENSUS_LABELS = {
    "consent": gettext_lazy("Consent"),
    "stand_aside": gettext_lazy("Stand aside"),
    "block": gettext_lazy("Block"),
}
CONSENSUS_OUTCOMES = {
    "passed by consensus": gettext_lazy("Passed by consensus: no block."),
    "fallback vote needed": gettext_lazy(
        "Blocked: the body's fallback rule decides; open a yes/no vote under it."
    ),
    "blocked": gettext_lazy("Blocked."),
}
CONSENSUS_STAGE_LABELS = {
    "proposal": gettext_lazy("The proposal is presented"),
    "clarifying questions": gettext_lazy("Clarifying questions"),
    "concerns": gettext_lazy("Concerns, and changes to meet them"),
    "call for blocks": gettext_lazy("Call for blocks: consent, stand aside or block"),
}
GRADIENT_LABELS = [
    gettext_lazy("Endorse"),
    gettext_lazy("Agree with a minor point of contention"),
    gettext_lazy("Support with reservations"),
    gettext_lazy("Abstain"),
    gettext_lazy("More discussion needed"),
    gettext_lazy("Don't like it but will support it"),
    gettext_lazy("Serious disagreement"),
    gettext_lazy("Veto"),
]
assert len(GRADIENT_LABELS) == len(GRADIENTS)


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
    from assemblea.assemblies.phases import Action

    poll = (
        Poll.objects.select_related("assembly")
        .defer("eligible", "result", "quorum", "quorum_at_open")
        .filter(pk=pk, assembly__slug=slug)
        .first()
    )
    if poll is None or not can(user, Action.VIEW, poll.assembly):
        raise Http404(_("No such vote."))
    return poll


def consensus_stages(poll: Poll) -> list[tuple[str, str, bool]]:
    """(stage, label, current) for a consensus poll's stages; empty for other methods."""
    if poll.method != Method.CONSENSUS:
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
    if poll.method == Method.YES_NO:
        return str(YES_NO_LABELS[choice])
    if poll.method == Method.SUPPORT_SCALE:
        return str(SUPPORT_LABELS[choice])
    if poll.method == Method.CONSENSUS:
        return str(CONSENSUS_LABELS[choice])
    if poll.method == Method.GRADIENTS:
        return str(GRADIENT_LABELS[int(choice) - 1])
    if poll.method == Method.SCORE:
        return ", ".join(f"{poll.options[int(k)]}: {v}" for k, v in choice.items())
    return ", ".join(poll.options[int(i)] for i in choice)


# Results as people read them -----------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    value: str
    percent: float
    highlight: bool = False


@dataclass
class ResultView:
    outcome: str
    passed: bool | None
    bars: list[Bar]
    figures: list[tuple[str, str]]
    elected: list[str] = field(default_factory=list)
    rounds_caption: str = ""
    rounds_header: list[str] = field(default_factory=list)
    rounds: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _bars(pairs: list[tuple[str, float, str]], highlight: set[str] | None = None) -> list[Bar]:
    top = max((value for _, value, _ in pairs), default=0) or 1
    return [
        Bar(label, shown, round(100 * value / top, 1), label in (highlight or set()))
        for label, value, shown in pairs
    ]


def _percent(share: str) -> str:
    return f"{float(share) * 100:.1f} %"


def poll_result_view(poll: Poll) -> ResultView | None:
    if poll.status != PollStatus.CLOSED:
        return None
    r = poll.result
    view = _method_view(poll, r)
    quorum = poll.quorum
    view.figures.append(
        (
            _("Quorum"),
            (
                _("met: %(present)s present, %(required)s needed")
                if quorum.get("met")
                else _("not met: %(present)s present, %(required)s needed")
            )
            % {"present": quorum.get("present", 0), "required": quorum.get("required", 0)},
        )
    )
    view.figures.append((_("Ballots"), f"{r['ballots']} / {len(poll.eligible)}"))
    if not r.get("valid", True):
        view.notes.append(_("The quorum was not met, so this vote decides nothing."))
    return view


def _method_view(poll: Poll, r: dict[str, Any]) -> ResultView:
    passed = poll.passed
    if poll.method == Method.YES_NO:
        share, strict = tally.THRESHOLDS[r["threshold"]]
        line = _("%(rule)s: yes must be %(comparison)s %(line)s (%(share)s of %(base)s)") % {
            "rule": tally_label(poll),
            "comparison": _("more than") if strict else _("at least"),
            "line": r["line"],
            "share": f"{float(share) * 100:.0f} %",
            "base": r["base_value"],
        }
        figures = [
            (_("Threshold"), line),
            (_("Threshold met"), _("yes") if r["threshold_met"] else _("no")),
        ]
        bars = _bars([(str(YES_NO_LABELS[k]), float(r[k]), r[k]) for k in ("yes", "no", "abstain")])
        return ResultView(_outcome(passed), passed, bars, figures)
    if poll.method == Method.SUPPORT_SCALE:
        bars = _bars(
            [(str(SUPPORT_LABELS[k]), v, str(v)) for k, v in r["counts"].items()]
            + [(str(SUPPORT_LABELS[k]), v, str(v)) for k, v in r["outside"].items()]
        )
        figures = [
            (_("Support"), f"{r['support']} / {r['answered']} ({_percent(r['share'])})"),
            (_("Band"), str(BAND_LABELS[r["band"]])),
        ]
        return ResultView(str(BAND_LABELS[r["band"]]), passed, bars, figures)
    if poll.method == Method.CONSENSUS:
        bars = _bars([(str(CONSENSUS_LABELS[k]), v, str(v)) for k, v in r["counts"].items()])
        return ResultView(str(CONSENSUS_OUTCOMES[r["outcome"]]), passed, bars, [])
    if poll.method == Method.GRADIENTS:
        bars = _bars(
            [
                (str(GRADIENT_LABELS[i]), r["counts"][level], str(r["counts"][level]))
                for i, level in enumerate(GRADIENTS)
            ]
        )
        figures = [
            (_("Support"), f"{r['support']} / {r['base']} ({_percent(r['share'])})"),
            (_("Needed"), _percent(r["line"])),
        ]
        outcome = (
            _("Vetoed: the body's fallback rule decides.") if r["falls_back"] else _outcome(passed)
        )
        return ResultView(outcome, passed, bars, figures)
    return _candidates_view(poll, r)


def tally_label(poll: Poll) -> str:
    from assemblea.decisions.models import Threshold, ThresholdBase

    label = str(Threshold(poll.threshold).label)
    if poll.threshold == Threshold.ABSOLUTE:
        return label
    return f"{label} {ThresholdBase(poll.threshold_base).label}"


def _outcome(passed: bool | None) -> str:
    if passed is None:
        return _("No decision yet.")
    return _("Adopted.") if passed else _("Not adopted.")


def _candidates_view(poll: Poll, r: dict[str, Any]) -> ResultView:
    names = {str(c["number"]): c["name"] for c in r.get("candidates", [])} or {
        str(i + 1): name for i, name in enumerate(poll.options)
    }
    elected = [c["name"] for c in r["elected"]]
    view = ResultView(
        _("Elected: %(names)s.") % {"names": ", ".join(elected)}
        if len(elected) > 1
        else _("Winner: %(name)s.") % {"name": elected[0]},
        None,
        [],
        [],
        elected=elected,
    )
    if poll.method in (Method.APPROVAL, Method.SCORE):
        view.bars = _bars(
            [(names[k], float(v), str(v)) for k, v in r["totals"].items()], set(elected)
        )
        return view
    if poll.method == Method.STV:
        view.figures = [
            (_("Seats"), str(r["seats"])),
            (_("Valid ballots"), str(r["valid_ballots"])),
            (_("Quota (Droop)"), str(r["quota"])),
        ]
        last = r["stages"][-1]["totals"] if r["stages"] else {}
        first = r["stages"][0]["totals"] if r["stages"] else {}
        view.bars = _bars([(names[k], float(v), v) for k, v in first.items()], set(elected))
        view.rounds_caption = _("Stages of the count (votes to 5 decimals)")
        numbers = sorted(first or last, key=int)
        view.rounds_header = (
            [_("Stage"), _("Action")] + [names[n] for n in numbers] + [_("Non-transferable")]
        )
        for stage in r["stages"]:
            action = _stage_action(stage, names)
            view.rounds.append(
                [str(stage["stage"]), action]
                + [stage["totals"].get(n, "–") for n in numbers]
                + [stage["non_transferable"]]
            )
        view.notes.append(r["rules"])
        if r.get("lots"):
            view.notes.append(_("A tie was broken by lot; the draw is in the published record."))
        return view
    if "rounds" in r:
        numbers = sorted(names, key=int)
        view.rounds_caption = _("Rounds of the count")
        view.rounds_header = [_("Round")] + [names[n] for n in numbers] + [_("Exhausted"), _("Out")]
        for rnd in r["rounds"]:
            out = names.get(str(rnd["eliminated"]), "") if rnd["eliminated"] else ""
            view.rounds.append(
                [str(rnd["round"])]
                + [str(rnd["tallies"].get(n, "–")) for n in numbers]
                + [str(rnd["exhausted"]), out]
            )
        first = r["rounds"][0]["tallies"]
        view.bars = _bars([(names[k], float(v), str(v)) for k, v in first.items()], set(elected))
    if "pairwise" in r:
        numbers = sorted(r["pairwise"], key=int)
        view.rounds_caption = _("Head to head: voters preferring the row to the column")
        view.rounds_header = [""] + [names[n] for n in numbers]
        for row in numbers:
            view.rounds.append(
                [names[row]] + [str(r["pairwise"][row].get(col, "–")) for col in numbers]
            )
        wins = {
            row: sum(
                1
                for col in numbers
                if col != row and r["pairwise"][row][col] > r["pairwise"][col][row]
            )
            for row in numbers
        }
        view.bars = _bars([(names[n], float(wins[n]), str(wins[n])) for n in numbers], set(elected))
        view.figures.append((_("Chart"), _("head-to-head wins of each candidate")))
    if r.get("lots"):
        view.notes.append(_("A tie was broken by lot; the draw is in the published record."))
    return view


def _stage_action(stage: dict[str, Any], names: dict[str, str]) -> str:
    candidate = names.get(str(stage["candidate"]), "") if stage["candidate"] else ""
    if stage["action"] == "first preferences":
        text = _("First preferences")
    elif stage["action"] == "surplus":
        text = _("Surplus of %(name)s transferred") % {"name": candidate}
    else:
        text = _("%(name)s excluded") % {"name": candidate}
    if stage["elected"]:
        text += " — " + _("elected: %(names)s") % {
            "names": ", ".join(names[str(n)] for n in stage["elected"])
        }
    return text


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
