import hashlib

import pytest
from django.core.exceptions import PermissionDenied

from assemblea.core.chain import canonical_json
from assemblea.core.events import event_chain_verify
from assemblea.core.models import Event
from assemblea.decisions import selectors, services
from assemblea.decisions.models import (
    AmendmentStatus,
    Ballot,
    PollVoter,
    ProposalStatus,
    Secrecy,
)
from assemblea.deliberation.models import Attendance, RoomRules, Session, SessionFormat
from tests.decisions.refusals import refused

pytestmark = pytest.mark.django_db

TEXT = "The city funds safe crossings.\n\nEvery school gets a crossing guard.\n\nReview yearly."


def _proposal(room, text=TEXT):
    return services.proposal_create(
        actor=room.members[0], assembly=room.assembly, title="Safe streets", text=text
    )


def _open(room, **options):
    return services.poll_open(actor=room.facilitator, agenda_item=room.item, **options)


def _vote_all(room, poll, choices):
    for member, choice in zip(room.members, choices, strict=False):
        services.vote_cast(actor=member, poll=poll, choice=choice)


def test_a_proposal_has_versions_and_a_readable_diff(room):
    proposal = _proposal(room)
    services.proposal_add_coauthor(actor=room.members[0], proposal=proposal, user=room.members[1])
    version = services.proposal_revise(
        actor=room.members[1],
        proposal=proposal,
        text=TEXT.replace("safe crossings", "safe, lit crossings") + "\n\nPublish the data.",
    )
    assert version.number == 2
    diff = selectors.version_diff(version)
    assert [(p.kind, p.text) for p in diff[0]] == [
        ("same", "The city funds"),
        ("removed", "safe"),
        ("added", "safe, lit"),
        ("same", "crossings."),
    ]
    assert [(p.kind, p.text) for p in diff[-1]] == [("added", "Publish the data.")]
    with refused("not_an_author"):
        services.proposal_revise(actor=room.members[2], proposal=proposal, text="Other text.")


def test_amendments_are_voted_before_the_text_they_change_and_an_80_percent_rule(room):
    proposal = _proposal(room)
    amendment = services.amendment_propose(
        actor=room.members[2],
        proposal=proposal,
        paragraph=2,
        new_text="Every school gets two crossing guards.",
    )
    sub = services.amendment_propose(
        actor=room.members[3],
        proposal=proposal,
        paragraph=2,
        parent=amendment,
        new_text="Every school gets two crossing guards at opening and closing time.",
    )
    with refused("amendments_pending"):
        _open(
            room,
            title="Adopt?",
            method="yes_no",
            proposal=proposal,
        )
    with refused("subamendments_pending"):
        _open(
            room,
            title="Amend?",
            method="yes_no",
            amendment=amendment,
        )
    sub_poll = services.poll_open(
        actor=room.facilitator, agenda_item=room.item, title="Sub", method="yes_no", amendment=sub
    )
    _vote_all(room, sub_poll, ["yes"] * 6 + ["no"] * 4)
    services.poll_close(actor=room.facilitator, poll=sub_poll)
    amendment.refresh_from_db()
    assert amendment.new_text.endswith("at opening and closing time.")

    poll = _open(
        room,
        title="Amend",
        method="yes_no",
        amendment=amendment,
    )
    _vote_all(room, poll, ["yes"] * 7 + ["no"] * 2 + ["abstain"])
    services.poll_close(actor=room.facilitator, poll=poll)
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.ADOPTED
    current = services.current_version(proposal)
    assert current.number == 2 and current.amendment == amendment
    assert current.paragraphs[1].startswith("Every school gets two crossing guards at opening")

    final = _open(
        room,
        title="Adopt",
        method="yes_no",
        proposal=proposal,
        threshold="80",
    )
    assert final.version == current
    _vote_all(room, final, ["yes"] * 8 + ["no"] * 2)  # 8 of 10 cast: exactly 80 %
    closed = services.poll_close(actor=room.facilitator, poll=final)
    assert closed.passed is True and closed.result["line"] == "8"
    assert closed.quorum["met"] is True and closed.quorum["present"] == 10
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ADOPTED


def test_below_80_percent_fails_and_a_minority_report_can_follow(room):
    proposal = _proposal(room)
    poll = _open(
        room,
        title="Adopt",
        method="yes_no",
        proposal=proposal,
        threshold="80",
    )
    _vote_all(room, poll, ["yes"] * 7 + ["no"] * 2 + ["abstain"])  # 7 of 9: 77.8 %
    assert services.poll_close(actor=room.facilitator, poll=poll).passed is False
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED
    report = services.minority_report_add(
        actor=room.members[0],
        proposal=proposal,
        text="Seven of nine wanted this.",
        coauthors=[room.members[1]],
    )
    assert set(report.authors.all()) == {room.members[0], room.members[1]}


def test_without_quorum_nothing_passes(room):
    # A hybrid session: members may vote from afar; the quorum is still the room's.
    Session.objects.filter(pk=room.session.pk).update(format=SessionFormat.HYBRID)
    RoomRules.objects.create(assembly=room.assembly)
    Attendance.objects.filter(session=room.session).exclude(seat=room.seats[0]).delete()
    proposal = _proposal(room)
    poll = _open(
        room,
        title="Adopt",
        method="yes_no",
        proposal=proposal,
    )
    _vote_all(room, poll, ["yes"] * 3)
    closed = services.poll_close(actor=room.facilitator, poll=poll)
    assert closed.result["threshold_met"] is True
    assert closed.quorum["met"] is False and closed.passed is False
    assert selectors.poll_result_view(closed).notes


def test_bad_votes_are_refused_with_a_clear_message(room, make_user):
    poll = _open(
        room,
        title="Delegates",
        method="stv",
        options=["Ana", "Ben", "Cleo", "Dev"],
        seats=2,
    )
    member = room.members[0]
    with refused("candidate_unknown"):
        services.vote_cast(actor=member, poll=poll, choice=[0, 7])
    with refused("candidate_ranked_twice"):
        services.vote_cast(actor=member, poll=poll, choice=[0, 0])
    with refused("not_a_voter"):
        services.vote_cast(actor=room.official, poll=poll, choice=[0])
    with refused("not_a_voter"):
        services.vote_cast(actor=make_user("outsider"), poll=poll, choice=[0])
    services.vote_cast(actor=member, poll=poll, choice=[2, 0])
    with refused("already_voted"):
        services.vote_cast(actor=member, poll=poll, choice=[1])
    services.poll_close(actor=room.facilitator, poll=poll)
    with refused("poll_closed"):
        services.vote_cast(actor=room.members[1], poll=poll, choice=[1])
    assert Ballot.objects.filter(poll=poll).count() == 1
    assert PollVoter.objects.filter(poll=poll, voted=True).count() == 1


def test_a_member_seated_after_the_poll_opened_is_not_on_its_list(room, make_user):
    from assemblea.assemblies.models import SeatHolder

    poll = services.poll_open(
        actor=room.facilitator, agenda_item=room.item, title="Q", method="yes_no"
    )
    late = make_user("late")
    SeatHolder.objects.create(
        category=room.residents, user=late, name="Late", started_on=room.seats[0].started_on
    )
    with refused("not_a_voter"):
        services.vote_cast(actor=late, poll=poll, choice="yes")


def test_only_chairs_open_and_close_and_only_in_session(room):
    with pytest.raises(PermissionDenied):
        services.poll_open(actor=room.members[0], agenda_item=room.item, title="Q", method="yes_no")
    room.assembly.phase = "reported"
    room.assembly.save()
    with refused("phase"):
        services.poll_open(
            actor=room.facilitator, agenda_item=room.item, title="Q", method="yes_no"
        )
    with refused("phase"):
        _proposal(room)


def test_an_official_without_the_right_to_propose_cannot(room):
    with pytest.raises(PermissionDenied):
        services.proposal_create(
            actor=room.official, assembly=room.assembly, title="T", text="Some text."
        )


def test_secret_ballots_have_no_voter_and_receipts_show_they_were_counted(room):
    poll = _open(
        room,
        title="Q",
        method="yes_no",
        secrecy=Secrecy.SECRET,
    )
    codes = [
        services.vote_cast(actor=member, poll=poll, choice=choice)
        for member, choice in zip(room.members[:4], ["yes", "no", "yes", "abstain"], strict=True)
    ]
    assert not Ballot.objects.filter(poll=poll, voter__isnull=False).exists()
    turnout = selectors.poll_turnout(poll)
    # How many, never who: no names of who has (not) voted while a secret poll is open.
    assert turnout.voted == 4 and turnout.not_voted == [] and not turnout.names_shown
    assert not selectors.receipt_counted(poll, codes[0])  # not before the close
    assert selectors.poll_published(poll) == {"poll": poll.pk, "status": "open"}
    closed = services.poll_close(actor=room.facilitator, poll=poll)
    assert all(selectors.receipt_counted(closed, code) for code in codes)
    assert not selectors.receipt_counted(closed, "not-a-real-code")
    published = selectors.poll_published(closed)
    # The receipts and the ballots are published apart: no receipt says how anyone voted.
    assert all("receipt" not in row and "voter" not in row for row in published["ballots"])
    assert [row["id"] for row in published["ballots"]] == sorted(
        Ballot.objects.filter(poll=poll).values_list("pk", flat=True)
    )
    # Four residents voted, more than the small-cell minimum: their category is shown.
    assert {row["category"] for row in published["ballots"]} == {room.residents.pk}
    assert all(len(row) == 2 for row in published["recount"])  # no seat category when secret
    assert sorted(services.receipt_hash(poll.pk, c) for c in codes) == published["receipts"]
    digest = hashlib.sha256(
        canonical_json(
            {"poll": poll.pk, "ballots": published["recount"], "receipts": published["receipts"]}
        ).encode()
    ).hexdigest()
    assert digest == closed.digest
    assert selectors.roll_call(closed) == []
    chains = [event_chain_verify(f"poll:{poll.pk}:{n}") for n in range(8)]
    assert all(c.intact for c in chains) and sum(c.events for c in chains) == 4
    heads = Event.objects.get(verb="decisions.poll_closed").data["ballot_chains"]
    assert heads == {f"poll:{poll.pk}:{n}": c.head for n, c in enumerate(chains) if c.events}
    assert event_chain_verify(f"assembly:{room.assembly.pk}").intact


def test_a_roll_call_shows_each_members_vote(room):
    poll = _open(
        room,
        title="Q",
        method="yes_no",
        secrecy=Secrecy.ROLL_CALL,
    )
    _vote_all(room, poll, ["yes", "no"])
    closed = services.poll_close(actor=room.facilitator, poll=poll)
    assert selectors.roll_call(closed) == [("Member 0", "Yes"), ("Member 1", "No")]


def test_weights_and_tallies_by_seat_category(room):
    poll = _open(
        room,
        title="Q",
        method="yes_no",
        weights={room.residents.pk: "2.5"},
    )
    _vote_all(room, poll, ["yes", "yes", "no"])
    closed = services.poll_close(actor=room.facilitator, poll=poll)
    assert closed.result["yes"] == "5" and closed.result["no"] == "2.5"
    line = closed.result["by_category"][0]
    assert line["name"] == "Residents" and line["counts"] == {"yes": 2, "no": 1}
    with refused("weights_not_yes_no"):
        _open(
            room,
            title="Q",
            method="support_scale",
            weights={room.residents.pk: "2"},
        )


def test_proxies_with_a_limit_per_person(room):
    giver, other, holder = room.members[1], room.members[2], room.members[0]
    services.proxy_give(actor=giver, assembly=room.assembly, holder=holder)
    services.proxy_give(actor=other, assembly=room.assembly, holder=holder)
    poll = services.poll_open(
        actor=room.facilitator, agenda_item=room.item, title="Q", method="yes_no", proxy_limit=1
    )
    services.vote_cast(actor=holder, poll=poll, choice="yes")
    services.vote_cast(actor=holder, poll=poll, choice="no", on_behalf_of=giver)
    with refused("proxy_limit_reached"):
        services.vote_cast(actor=holder, poll=poll, choice="no", on_behalf_of=other)
    with refused("proxy_not_given"):
        services.vote_cast(actor=holder, poll=poll, choice="no", on_behalf_of=room.members[5])
    with refused("already_voted"):
        services.vote_cast(actor=giver, poll=poll, choice="yes")


def test_an_stv_election_of_three_delegates_shows_its_stages(room):
    poll = _open(
        room,
        title="Delegates",
        method="stv",
        options=["Ana", "Ben", "Cleo", "Dev", "Eli"],
        seats=3,
    )
    rankings = [[0, 1], [0, 2], [0, 1], [0, 3], [1, 0], [2, 3], [2], [3, 2], [4, 3], [1, 2]]
    _vote_all(room, poll, rankings)
    closed = services.poll_close(actor=room.facilitator, poll=poll)
    assert closed.result["quota"] == 3
    view = selectors.poll_result_view(closed)
    assert view.elected == ["Ana", "Cleo", "Ben"]
    assert view.rounds[0][1] == "First preferences — elected: Ana"
    assert view.rounds[-1][1] == "Dev excluded — elected: Cleo, Ben"


@pytest.mark.parametrize(
    ("method", "choices", "outcome"),
    [
        ("support_scale", ["strongly support"] * 6 + ["oppose"] * 2 + ["unsure"], True),
        ("consensus", ["consent"] * 8 + ["stand_aside"], True),
        ("consensus", ["consent"] * 8 + ["block"], None),
        ("gradients", [1, 2, 3, 6, 1, 2, 7, 4], True),
        ("gradients", [1, 2, 8], None),
    ],
)
def test_scales_consensus_and_gradients(room, method, choices, outcome):
    poll = _open(
        room,
        title="Q",
        method=method,
        threshold="75",
    )
    if method == "consensus":
        for _ in range(3):
            services.poll_advance_stage(actor=room.facilitator, poll=poll)
    _vote_all(room, poll, choices)
    closed = services.poll_close(actor=room.facilitator, poll=poll)
    assert closed.passed is outcome
    assert selectors.poll_result_view(closed).bars


@pytest.mark.parametrize("method", ["approval", "score", "irv", "schulze", "ranked_pairs"])
def test_every_candidate_method_counts_and_shows_a_result(room, method):
    poll = _open(
        room,
        title="Q",
        method=method,
        options=["Ana", "Ben", "Cleo"],
    )
    choice = {"0": 5, "1": 2} if method == "score" else [0, 1]
    services.vote_cast(actor=room.members[0], poll=poll, choice=choice)
    services.vote_cast(
        actor=room.members[1], poll=poll, choice={"2": 1} if method == "score" else [2]
    )
    services.vote_cast(
        actor=room.members[2], poll=poll, choice={"0": 3} if method == "score" else [0]
    )
    closed = services.poll_close(actor=room.facilitator, poll=poll)
    view = selectors.poll_result_view(closed)
    assert view.elected == ["Ana"] and view.bars


def test_merge_and_split_keep_the_chain_of_where_a_text_came_from(room):
    first = _proposal(room)
    second = services.proposal_create(
        actor=room.members[0], assembly=room.assembly, title="Lights", text="Light every path."
    )
    merged = services.proposal_merge(
        actor=room.members[0], sources=[first, second], title="Streets", text=TEXT
    )
    parts = services.proposal_split(
        actor=room.members[0], proposal=merged, parts=[("A", "Part A."), ("B", "Part B.")]
    )
    assert selectors.provenance(parts[0])["from"] == [merged, first, second] or set(
        selectors.provenance(parts[0])["from"]
    ) == {merged, first, second}
    first.refresh_from_db()
    merged.refresh_from_db()
    assert first.status == ProposalStatus.MERGED and merged.status == ProposalStatus.SPLIT
    assert set(selectors.provenance(merged)["into"]) == set(parts)


def test_a_failure_mid_vote_leaves_no_half_vote(room, monkeypatch):
    poll = _open(room, title="Q", method="yes_no")

    def dropped(**kwargs):
        raise ConnectionError("the connection dropped")

    monkeypatch.setattr(services.ballots, "event_record", dropped)
    with pytest.raises(ConnectionError):
        services.vote_cast(actor=room.members[0], poll=poll, choice="yes")
    assert not PollVoter.objects.filter(poll=poll, voted=True).exists()
    assert not Ballot.objects.filter(poll=poll).exists()
    monkeypatch.undo()
    services.vote_cast(actor=room.members[0], poll=poll, choice="yes")
    assert Ballot.objects.filter(poll=poll).count() == 1


def test_consensus_moves_through_its_stages_before_blocks_are_called(room):
    poll = _open(room, title="Adopt by consensus?", method="consensus")
    assert poll.stage == "proposal"
    with refused("blocks_not_called"):
        services.vote_cast(actor=room.members[0], poll=poll, choice="consent")
    with refused("blocks_not_called"):
        services.poll_close(actor=room.facilitator, poll=poll)
    with pytest.raises(PermissionDenied):
        services.poll_advance_stage(actor=room.members[0], poll=poll)
    stages = [services.poll_advance_stage(actor=room.facilitator, poll=poll).stage for _ in "abc"]
    assert stages == ["clarifying questions", "concerns", "call for blocks"]
    with refused("blocks_called"):
        services.poll_advance_stage(actor=room.facilitator, poll=poll)
    services.vote_cast(actor=room.members[0], poll=poll, choice="block")
    closed = services.poll_close(actor=room.facilitator, poll=poll)
    assert closed.passed is None and closed.result["outcome"] == "fallback vote needed"


def test_a_secret_polls_tally_of_a_tiny_category_is_withheld(room):
    poll = _open(room, title="Q", method="yes_no")
    _vote_all(room, poll, ["yes", "no"])
    closed = services.poll_close(actor=room.facilitator, poll=poll)
    line = closed.result["by_category"][0]
    assert line["ballots"] == 2 and line["counts"] == {} and line["withheld"]
    assert closed.result["yes"] == "1"  # the totals stay


def test_the_projector_shows_the_vote_in_progress_without_a_tally(room):
    from assemblea.deliberation.selectors import room_state

    room.session.current_item = room.item
    room.session.save()
    poll = _open(room, title="Adopt the plan", method="yes_no")
    _vote_all(room, poll, ["yes"] * 3)
    panels = room_state(room.session).panels
    assert [(p.title, p.lines) for p in panels] == [
        ("Vote in progress: Adopt the plan", ["3 of 10 have voted."])
    ]
    services.poll_close(actor=room.facilitator, poll=poll)
    assert room_state(room.session).panels == []
