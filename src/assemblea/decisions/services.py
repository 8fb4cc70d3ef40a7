"""Every write to proposals, amendments, proxies, polls and ballots.

Keyword-only `<thing>_<action>` functions, one transaction each, permission first, a
ValidationError that says what to fix, and an event for every change. A ballot is cast
exactly once: the poll row is locked while a vote is checked and stored, a unique constraint
on (poll, voter) backs that up, and closing takes the same lock, so no vote lands after close.
"""

from __future__ import annotations

import hashlib
import random
import secrets
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblea.assemblies.models import Assembly, SeatHolder
from assemblea.assemblies.phases import Action, phase_allows
from assemblea.core.chain import canonical_json, json_normalized
from assemblea.core.events import event_record
from assemblea.core.models import Event
from assemblea.decisions import events, tally
from assemblea.decisions.models import (
    CANDIDATE_METHODS,
    RANKED_METHODS,
    Amendment,
    AmendmentStatus,
    Ballot,
    Method,
    MinorityReport,
    Poll,
    PollStatus,
    PollVoter,
    Proposal,
    ProposalStatus,
    ProposalVersion,
    Proxy,
    Secrecy,
    random_ballot_id,
    split_paragraphs,
)
from assemblea.decisions.permissions import DecisionAction, require
from assemblea.deliberation.models import AgendaItem, Attendance, SessionFormat
from assemblea.deliberation.selectors import session_quorum
from assemblea.engines.voting import ConsensusStage, next_stage

# SQLite takes one writer at a time, and refuses rather than waits when threads of one
# process share its in-memory test database; votes are serialized in-process there.
_SQLITE_WRITER = threading.RLock()


@contextmanager
def _one_writer() -> Iterator[None]:
    if connection.vendor == "sqlite":
        with _SQLITE_WRITER, transaction.atomic():
            yield
    else:
        with transaction.atomic():
            yield


def _record(assembly: Assembly, verb: str, actor: Any, **data: Any) -> None:
    event_record(stream=events.assembly_stream(assembly.pk), verb=verb, actor=actor, data=data)


def _authors(proposal: Proposal) -> set[int]:
    return {proposal.author_id, *proposal.coauthors.values_list("pk", flat=True)}


def _require_author(actor: Any, proposal: Proposal) -> None:
    if actor.pk not in _authors(proposal):
        raise ValidationError(_("Only the proposal's authors can do this."))


def _require_open(proposal: Proposal) -> None:
    if proposal.status != ProposalStatus.OPEN:
        raise ValidationError(
            _("The proposal is no longer open (it is “%(status)s”).")
            % {"status": ProposalStatus(proposal.status).label}
        )


def _check_text(text: str, field: str = "text") -> str:
    text = text.replace("\r\n", "\n").strip()
    if not split_paragraphs(text):
        raise ValidationError({field: _("Write the text of the proposal.")})
    return text


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
        raise ValidationError({"title": _("Give the proposal a title.")})
    text = _check_text(text)
    proposal = Proposal.objects.create(
        assembly=assembly, title=title.strip(), kind=kind, author=actor
    )
    proposal.coauthors.set([user for user in coauthors if user.pk != actor.pk])
    proposal.derived_from.set(derived_from)
    ProposalVersion.objects.create(proposal=proposal, number=1, text=text, author=actor, note=note)
    _record(assembly, events.PROPOSAL_CREATED, actor, proposal=proposal.pk, title=proposal.title)
    return proposal


def current_version(proposal: Proposal) -> ProposalVersion:
    version = proposal.versions.order_by("-number").first()
    assert version is not None, "a proposal always has a first version"
    return version


def _new_version(
    proposal: Proposal, *, text: str, actor: Any, note: str, amendment: Amendment | None = None
) -> ProposalVersion:
    version = ProposalVersion.objects.create(
        proposal=proposal,
        number=current_version(proposal).number + 1,
        text=text,
        author=actor,
        note=note,
        amendment=amendment,
    )
    _record(
        proposal.assembly,
        events.PROPOSAL_REVISED,
        actor,
        proposal=proposal.pk,
        title=proposal.title,
        version=version.number,
    )
    return version


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
            _("Amendments to this text are waiting for a vote: decide them before rewording it.")
        )
    text = _check_text(text)
    if text == current_version(proposal).text:
        raise ValidationError({"text": _("The text is unchanged.")})
    return _new_version(proposal, text=text, actor=actor, note=note)


@transaction.atomic
def proposal_add_coauthor(*, actor: Any, proposal: Proposal, user: Any) -> None:
    require(actor, DecisionAction.PROPOSE, proposal.assembly)
    _require_author(actor, proposal)
    if user.pk in _authors(proposal):
        raise ValidationError(_("This person is already an author of the proposal."))
    proposal.coauthors.add(user)
    _record(
        proposal.assembly, events.COAUTHOR_ADDED, actor, proposal=proposal.pk, title=proposal.title
    )


@transaction.atomic
def proposal_merge(*, actor: Any, sources: Sequence[Proposal], title: str, text: str) -> Proposal:
    """One proposal from several; each source keeps its text and points to the merge."""
    if len(sources) < 2:
        raise ValidationError(_("Choose at least two proposals to merge."))
    assembly = sources[0].assembly
    for source in sources:
        if source.assembly_id != assembly.pk:
            raise ValidationError(_("Only proposals of the same assembly can be merged."))
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
    _record(
        assembly,
        events.PROPOSALS_MERGED,
        actor,
        proposal=merged.pk,
        title=merged.title,
        sources=[s.pk for s in sources],
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
        raise ValidationError(_("A split needs at least two parts, each with a title and text."))
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
    _record(
        proposal.assembly,
        events.PROPOSAL_SPLIT,
        actor,
        proposal=proposal.pk,
        title=proposal.title,
        parts=len(created),
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
        raise ValidationError(_("A minority report goes with a proposal that was not adopted."))
    if not text.strip():
        raise ValidationError({"text": _("Write the minority report.")})
    report = MinorityReport.objects.create(proposal=proposal, text=text.strip())
    report.authors.set([actor, *coauthors])
    _record(
        proposal.assembly,
        events.MINORITY_REPORT_ADDED,
        actor,
        proposal=proposal.pk,
        title=proposal.title,
    )
    return report


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
            raise ValidationError(_("Only an amendment still waiting for its vote can be amended."))
        original = parent.new_text
        index = parent.paragraph
    else:
        paragraphs = current_version(proposal).paragraphs
        if not 1 <= paragraph <= len(paragraphs):
            raise ValidationError(
                {
                    "paragraph": _("Choose a paragraph between 1 and %(count)s.")
                    % {"count": len(paragraphs)}
                }
            )
        index = paragraph - 1
        original = paragraphs[index]
    if new_text == original:
        raise ValidationError(
            {"new_text": _("The new wording is the same as the text it changes.")}
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
    _record(
        proposal.assembly,
        events.AMENDMENT_PROPOSED,
        actor,
        proposal=proposal.pk,
        amendment=amendment.pk,
        title=proposal.title,
        paragraph=index + 1,
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


# Proxies -------------------------------------------------------------------------------


def may_hold_proxy(assembly: Assembly, user: Any) -> bool:
    """A proxy is a vote carried for someone: only a member whose own seat has a vote may
    carry one (an official without a vote may not, even for a voting member)."""
    return SeatHolder.objects.filter(
        category__assembly=assembly,
        category__may_vote=True,
        user=user,
        ended_on__isnull=True,
        is_alternate=False,
    ).exists()


@transaction.atomic
def proxy_give(*, actor: Any, assembly: Assembly, holder: Any) -> Proxy:
    require(actor, DecisionAction.VOTE, assembly)
    if holder.pk == actor.pk:
        raise ValidationError({"holder": _("You cannot give your proxy to yourself.")})
    if not may_hold_proxy(assembly, holder):
        raise ValidationError(
            {
                "holder": _(
                    "A proxy can only go to a member of this assembly whose own seat has a vote."
                )
            }
        )
    Proxy.objects.filter(assembly=assembly, giver=actor, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    proxy = Proxy.objects.create(assembly=assembly, giver=actor, holder=holder)
    _record(assembly, events.PROXY_GIVEN, actor)
    return proxy


@transaction.atomic
def proxy_revoke(*, actor: Any, assembly: Assembly) -> None:
    if not Proxy.objects.filter(assembly=assembly, giver=actor, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    ):
        raise ValidationError(_("You have not given your proxy to anyone."))
    _record(assembly, events.PROXY_REVOKED, actor)


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
) -> Poll:
    assembly = agenda_item.session.assembly
    require(actor, DecisionAction.CHAIR, assembly)
    weights = {str(key): str(value) for key, value in (weights or {}).items()}
    if method not in Method.values:
        raise ValidationError({"method": _("Choose one of the voting methods listed.")})
    if not title.strip():
        raise ValidationError({"title": _("Write the question the members are voting on.")})
    if amendment is not None:
        proposal = amendment.proposal
        if amendment.status != AmendmentStatus.PROPOSED:
            raise ValidationError(_("This amendment has already been decided."))
        waiting = _pending(amendment.subamendments)
        if waiting:
            raise ValidationError(
                _("Vote first on the %(count)s amendments to this amendment.")
                % {"count": len(waiting)}
            )
    elif proposal is not None:
        _require_open(proposal)
        waiting = _pending(proposal.amendments)
        if waiting:
            raise ValidationError(
                _(
                    "Vote first on the %(count)s amendments to this proposal: "
                    "an amendment is decided before the text it changes."
                )
                % {"count": len(waiting)}
            )
    if proposal is not None:
        if proposal.assembly_id != assembly.pk:
            raise ValidationError(_("The proposal belongs to another assembly."))
        if Poll.objects.filter(
            proposal=proposal, amendment=amendment, status=PollStatus.OPEN
        ).exists():
            raise ValidationError(_("A vote on this is already open."))
        if method in CANDIDATE_METHODS:
            raise ValidationError(
                {"method": _("A proposal is decided by a yes/no, scale or consensus method.")}
            )
    names = [name.strip() for name in options if name.strip()]
    if method in CANDIDATE_METHODS:
        if len(names) < 2:
            raise ValidationError({"options": _("List at least two candidates or options.")})
        if len(set(names)) != len(names):
            raise ValidationError({"options": _("Two candidates have the same name.")})
        if not 1 <= seats < len(names):
            raise ValidationError(
                {"seats": _("The number of seats must be at least 1 and less than the candidates.")}
            )
    else:
        names, seats = [], 1
    if method != Method.YES_NO and any(value != "1" for value in weights.values()):
        raise ValidationError(
            {
                "weights": _(
                    "Weighted votes are counted in yes/no polls only; set every weight to 1."
                )
            }
        )
    eligible = _eligible_now(assembly, weights)
    if not eligible:
        raise ValidationError(_("Nobody holds a seat with a vote: seat the members first."))
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
        stage=ConsensusStage.PROPOSAL if method == Method.CONSENSUS else "",
        eligible=eligible,
        quorum_at_open=session_quorum(agenda_item.session).as_record(),
        opened_by=actor,
    )
    PollVoter.objects.bulk_create(
        PollVoter(poll=poll, user_id=e["user"], category_id=e["category"], weight=e["weight"])
        for e in eligible
    )
    _record(assembly, events.POLL_OPENED, actor, poll=poll.pk, title=poll.title)
    return poll


@transaction.atomic
def poll_advance_stage(*, actor: Any, poll: Poll) -> Poll:
    """Consensus: from the proposal to clarifying questions, concerns, then the call for
    blocks, when members can answer consent, stand aside or block."""
    require(actor, DecisionAction.CHAIR, poll.assembly)
    _lock_poll(poll.pk, exclusive=True)
    poll.refresh_from_db(fields=["status", "stage"])
    if poll.method != Method.CONSENSUS or poll.status != PollStatus.OPEN:
        raise ValidationError(_("Only an open consensus poll moves through stages."))
    if poll.stage == ConsensusStage.CALL_FOR_BLOCKS:
        raise ValidationError(_("Blocks have been called for: close the poll to decide."))
    poll.stage = next_stage(ConsensusStage(poll.stage))
    poll.save(update_fields=["stage"])
    _record(poll.assembly, events.POLL_STAGE, actor, poll=poll.pk, title=poll.title)
    return poll


def _check_stage(poll: Poll) -> None:
    if poll.method == Method.CONSENSUS and poll.stage != ConsensusStage.CALL_FOR_BLOCKS:
        raise ValidationError(
            _(
                "The chair has not called for blocks yet: the proposal, clarifying questions "
                "and concerns come first."
            )
        )


def choice_clean(poll: Poll, choice: Any) -> Any:
    """The ballot as stored, or a ValidationError saying what is wrong with it."""
    method = poll.method
    if method == Method.YES_NO:
        allowed: Sequence[Any] = tally.YES_NO_CHOICES
    elif method == Method.SUPPORT_SCALE:
        allowed = tally.SUPPORT_CHOICES
    elif method == Method.CONSENSUS:
        allowed = tally.CONSENSUS_CHOICES
    elif method == Method.GRADIENTS:
        allowed = tally.GRADIENT_CHOICES
        try:
            choice = int(choice)
        except (TypeError, ValueError):
            choice = None
    else:
        return _candidate_choice(poll, choice)
    if choice not in allowed:
        raise ValidationError(_("Choose one of the answers on the ballot."))
    return choice


def _candidate_index(poll: Poll, value: Any) -> int:
    try:
        index = int(value)
    except (TypeError, ValueError):
        index = -1
    if not 0 <= index < len(poll.options):
        raise ValidationError(
            _("“%(value)s” is not a candidate on this ballot.") % {"value": value}
        )
    return index


def _candidate_choice(poll: Poll, choice: Any) -> Any:
    if poll.method == Method.SCORE:
        if not isinstance(choice, dict):
            raise ValidationError(_("Give each option a score."))
        scores = {}
        for key, value in choice.items():
            index = _candidate_index(poll, key)
            try:
                points = int(value)
            except (TypeError, ValueError):
                points = -1
            if not 0 <= points <= poll.max_score:
                raise ValidationError(_("Scores go from 0 to %(max)s.") % {"max": poll.max_score})
            scores[str(index)] = points
        return scores
    if not isinstance(choice, list | tuple):
        raise ValidationError(_("Choose from the candidates on the ballot."))
    indices = [_candidate_index(poll, value) for value in choice]
    if len(set(indices)) != len(indices):
        if poll.method in RANKED_METHODS:
            raise ValidationError(
                _("You gave the same candidate two ranks: give each candidate one rank at most.")
            )
        raise ValidationError(_("You chose the same candidate twice."))
    return indices if poll.method in RANKED_METHODS else sorted(indices)


def receipt_hash(poll_id: int, code: str) -> str:
    return hashlib.sha256(f"assemblea-receipt:{poll_id}:{code.strip()}".encode()).hexdigest()


def _lock_poll(poll_id: int, *, exclusive: bool) -> str:
    """The poll's status, locked until the transaction ends. Voters share the lock, so they
    do not queue behind each other; closing (and a proxy vote, whose limit is counted) takes
    it alone, so it waits for the ballots in flight and no ballot comes after it."""
    if connection.vendor == "postgresql" and not exclusive:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT status FROM {Poll._meta.db_table} WHERE id = %s FOR SHARE", [poll_id]
            )
            row = cursor.fetchone()
        return str(row[0])
    return str(Poll.objects.select_for_update().values_list("status", flat=True).get(pk=poll_id))


def _refuse_closed() -> ValidationError:
    return ValidationError(_("This vote has closed: your ballot was not counted."))


def vote_cast(*, actor: Any, poll: Poll, choice: Any, on_behalf_of: Any = None) -> str:
    """Cast one ballot, for oneself or as a proxy; returns the voter's receipt code.

    The right to vote is the poll's list of voters, fixed when it opened from the seats
    whose category votes; the phase must still allow voting."""
    if poll.status != PollStatus.OPEN:
        raise _refuse_closed()
    assembly = poll.assembly
    if not phase_allows(assembly.phase, Action.VOTE):
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
            )
        )


def _refuse_voter(poll: Poll, voter: Any, *, proxy: bool) -> ValidationError:
    if PollVoter.objects.filter(poll=poll, user=voter).exists():
        return ValidationError(
            _("This member has already voted in this poll: a vote is cast once and kept.")
        )
    if proxy:
        return ValidationError(_("The member you vote for is not on this poll's list of voters."))
    return ValidationError(
        _(
            "You are not on this poll's list of voters: only members whose seat had a "
            "vote when it opened can vote."
        )
    )


def _check_proxy(poll: Poll, holder: Any, giver: Any) -> None:
    if poll.proxy_limit == 0:
        raise ValidationError(_("Proxy votes are not allowed in this poll."))
    if not PollVoter.objects.filter(poll=poll, user=holder).exists() or not may_hold_proxy(
        poll.assembly, holder
    ):
        raise ValidationError(
            _(
                "Only a member with a vote in this poll can carry a proxy: your seat "
                "does not have one."
            )
        )
    if not Proxy.objects.filter(
        assembly_id=poll.assembly_id, giver=giver, holder=holder, revoked_at__isnull=True
    ).exists():
        raise ValidationError(_("This member has not given you their proxy."))
    carried = PollVoter.objects.filter(poll=poll, cast_by=holder).exclude(user=holder).count()
    if carried >= poll.proxy_limit:
        raise ValidationError(
            _("You already carry %(limit)s proxies in this poll, the most one person may.")
            % {"limit": poll.proxy_limit}
        )


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
            raise ValidationError(_("This vote is already closed."))
        _check_stage(locked)
        names = dict(locked.assembly.categories.values_list("pk", "name"))
        eligible_by_category: dict[int, int] = {}
        for entry in locked.eligible:
            eligible_by_category[entry["category"]] = (
                eligible_by_category.get(entry["category"], 0) + 1
            )
        present = _present_by_category(locked)
        categories = [
            tally.CategoryLine(
                key=str(category_id),
                name=names.get(category_id, str(category_id)),
                eligible=count,
                weight=tally.weight_of(locked.weights, category_id),
                present=present.get(category_id, 0),
            )
            for category_id, count in eligible_by_category.items()
        ]
        rows = list(locked.ballots.values_list("category_id", "weight", "choice", "receipt"))
        cast = [tally.CastBallot(str(c), w, choice) for c, w, choice, _ in rows]
        passed, record = tally.count(
            method=locked.method,
            ballots=cast,
            categories=categories,
            options=locked.options,
            seats=locked.seats,
            max_score=locked.max_score,
            threshold=locked.threshold,
            threshold_base=locked.threshold_base,
        )
        if locked.secrecy != Secrecy.ROLL_CALL:
            tally.withhold_small_groups(record)
        quorum = session_quorum(locked.agenda_item.session).as_record()
        quorum_ok = bool(quorum["met"]) or not locked.requires_quorum
        record["quorum_met"] = bool(quorum["met"])
        record["valid"] = quorum_ok
        if not quorum_ok and passed is not None:
            passed = False
        receipts = sorted(receipt for *_, receipt in rows)
        locked.digest = ballots_digest(
            poll_id=locked.pk,
            ballots=cast,
            receipts=receipts,
            secret=locked.secrecy != Secrecy.ROLL_CALL,
        )
        if locked.secrecy != Secrecy.ROLL_CALL:
            _rewrite_ballots(locked)
        locked.status = PollStatus.CLOSED
        locked.closed_at = timezone.now()
        locked.quorum = quorum
        locked.result = record
        locked.passed = passed
        heads = {
            stream: Event.objects.filter(stream=stream)
            .order_by("id")
            .values_list("hash", flat=True)
            .last()
            for stream in events.ballot_streams(poll.pk)
        }
        closing = event_record(
            stream=events.assembly_stream(locked.assembly_id),
            verb=events.POLL_CLOSED,
            actor=actor,
            data={
                "poll": locked.pk,
                "title": locked.title,
                "ballots": len(rows),
                "voted": PollVoter.objects.filter(poll=locked, voted=True).count(),
                "eligible": len(locked.eligible),
                "digest": locked.digest,
                "result_digest": result_digest(record, passed),
                "passed": passed,
                "ballot_chains": {stream: head for stream, head in heads.items() if head},
            },
        )
        locked.record_hash = closing.hash
        locked.save()
        _apply(locked, actor)
        return locked


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
        _record(
            poll.assembly,
            events.AMENDMENT_DECIDED,
            actor,
            amendment=amendment.pk,
            title=amendment.proposal.title,
            status=status,
        )
    elif poll.proposal is not None:
        proposal = poll.proposal
        proposal.status = ProposalStatus.ADOPTED if poll.passed else ProposalStatus.REJECTED
        proposal.save(update_fields=["status"])
        _record(
            poll.assembly,
            events.PROPOSAL_DECIDED,
            actor,
            proposal=proposal.pk,
            title=proposal.title,
            status=proposal.status,
        )
