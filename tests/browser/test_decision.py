"""A whole decision in the browser, on a phone: a proposal, an amendment voted first, the
amended text voted under an 80 % rule with quorum, and an STV election of three delegates.

Members who vote in the browser log in and use the ballot page; the rest of the room votes
through the same service, to keep the test short."""

import itertools
import re

from playwright.sync_api import expect

from assemblea.decisions import services
from assemblea.decisions.models import Poll, Proposal
from assemblea.deliberation.models import RoomRules

from ..decisions.conftest import build_room


def _log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()


def _go_to_decisions(page, live_server, room):
    page.goto(live_server.url + room.assembly.get_absolute_url())
    page.get_by_role("link", name="Proposals and votes").first.click()


def _open_vote(page, subject, title, method, threshold=None, options=None, seats=None):
    if subject:
        page.get_by_label("What is decided").select_option(label=subject)
    page.get_by_label("Question").fill(title)
    page.get_by_label("Method").select_option(method)
    if threshold:
        page.get_by_label("Threshold").select_option(threshold)
    if options:
        page.get_by_label("Candidates or options").fill("\n".join(options))
    if seats:
        page.get_by_label("Seats to fill").fill(str(seats))
    page.get_by_role("button", name="Open the vote").click()
    expect(page.get_by_text("Voting is open.")).to_be_visible()
    return Poll.objects.order_by("-pk").first()


def _options_are_touch_targets(page):
    """At 390 px each option of the ballot is a full-width label at least 44 px tall, with
    space between neighbours (WCAG 2.2 target size)."""
    boxes = [option.bounding_box() for option in page.locator("#ballot .choice").all()]
    width = page.locator("#ballot fieldset").bounding_box()["width"]
    assert len(boxes) == 3
    for box in boxes:
        assert box["height"] >= 44, boxes
        assert box["width"] >= width * 0.9, (boxes, width)
    for above, below in itertools.pairwise(boxes):
        assert below["y"] - (above["y"] + above["height"]) >= 8, boxes


def test_a_whole_decision(
    live_server, page, transactional_db, make_assembly, make_user, serious_violations
):
    room = build_room(make_assembly(), make_user, members=10)
    RoomRules.objects.create(assembly=room.assembly)  # quorum: half of the seats plus one
    members = room.members

    # A member tables a proposal and another moves an amendment to its second paragraph.
    _log_in(page, live_server, members[0].username)
    _go_to_decisions(page, live_server, room)
    page.get_by_label("Title").fill("Safe routes to school")
    page.get_by_label("Text").fill(
        "The city builds protected crossings near every school.\n\n"
        "Crossings are reviewed every year."
    )
    page.get_by_role("button", name="Table the proposal").click()
    expect(page.get_by_role("heading", name="Safe routes to school")).to_be_visible()
    proposal = Proposal.objects.get()

    _log_in(page, live_server, members[1].username)
    page.goto(live_server.url + f"/a/{room.assembly.slug}/decisions/proposals/{proposal.pk}/")
    page.get_by_label("Paragraph number").fill("2")
    page.get_by_label("New wording").fill("Crossings are reviewed every year with the children.")
    page.get_by_role("button", name="Move the amendment").click()
    expect(page.get_by_text("The amendment was moved.")).to_be_visible()

    # The chair cannot put the text to the vote before the amendment.
    _log_in(page, live_server, room.facilitator.username)
    page.goto(live_server.url + f"/a/{room.assembly.slug}/decisions/votes/new/")
    page.get_by_label("Agenda item").select_option(str(room.item.pk))
    _open_vote_refused = page.get_by_label("What is decided")
    _open_vote_refused.select_option(label="Proposal: Safe routes to school")
    page.get_by_label("Question").fill("Adopt the text?")
    page.get_by_role("button", name="Open the vote").click()
    expect(page.get_by_text("an amendment is decided before the text it changes")).to_be_visible()

    amendment_poll = _open_vote(
        page,
        "Amendment to ¶2 of “Safe routes to school”: "
        "Crossings are reviewed every year with the children.",
        "Amendment: review with the children?",
        "yes_no",
    )
    _log_in(page, live_server, members[2].username)
    page.goto(live_server.url + f"/a/{room.assembly.slug}/decisions/votes/{amendment_poll.pk}/")
    assert serious_violations(page) == []
    _options_are_touch_targets(page)
    expect(page.get_by_role("status").filter(has_text="Voting is open")).to_be_attached()
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Cast my vote").click()
    expect(page.get_by_role("heading", name="Your vote is recorded")).to_be_visible()
    code = page.locator(".receipt-code").inner_text()
    # Post/redirect/get: the receipt has its own address; reloading it and switching
    # language on it show the same receipt, and the code is never in the address.
    assert page.url.endswith(f"/votes/{amendment_poll.pk}/voted/") and code not in page.url
    page.reload()
    expect(page.locator(".receipt-code")).to_have_text(code)
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change language").click()
    expect(page.get_by_role("heading", name="Tu voto está registrado")).to_be_visible()
    expect(page.locator(".receipt-code")).to_have_text(code)
    assert serious_violations(page) == []
    page.get_by_label("Idioma").select_option("en")
    page.get_by_role("button", name="Cambiar idioma").click()
    expect(page.locator(".receipt-code")).to_have_text(code)
    for member, choice in zip(members[3:], ["yes"] * 5 + ["no"] * 2, strict=True):
        services.vote_cast(actor=member, poll=amendment_poll, choice=choice)

    _log_in(page, live_server, room.facilitator.username)
    page.goto(live_server.url + f"/a/{room.assembly.slug}/decisions/votes/{amendment_poll.pk}/")
    # A secret vote: the chair sees how many have voted and the quorum, never who.
    chair = page.locator("#chair-panel")
    expect(chair.get_by_text("8 of 10 have voted")).to_be_visible()
    expect(chair.get_by_text("Quorum met")).to_be_visible()
    expect(chair.get_by_text("Member 0")).to_have_count(0)
    page.get_by_role("button", name="Close the vote and count").click()
    expect(page.locator(".outcome")).to_have_text("Adopted.")

    # The amended text, under 80 % of votes cast with quorum.
    page.goto(live_server.url + f"/a/{room.assembly.slug}/decisions/proposals/{proposal.pk}/")
    expect(
        page.get_by_text("Crossings are reviewed every year with the children.", exact=True)
    ).to_be_visible()
    expect(page.get_by_text("— Adopted")).to_be_visible()
    page.get_by_role("link", name="Open the vote on the text").click()
    page.get_by_label("Agenda item").select_option(str(room.item.pk))
    final = _open_vote(page, None, "Adopt the amended text?", "yes_no", threshold="80")
    assert final.proposal == proposal and final.version.number == 2
    for member, choice in zip(members, ["yes"] * 8 + ["no"] * 2, strict=True):
        services.vote_cast(actor=member, poll=final, choice=choice)
    page.reload()
    page.get_by_role("button", name="Close the vote and count").click()
    expect(page.locator(".outcome")).to_have_text("Adopted.")
    expect(page.get_by_text("yes must be at least 8 (80 % of 10)")).to_be_visible()
    expect(page.get_by_text("met: 10 present, 6 needed")).to_be_visible()

    # A member checks their receipt from the amendment vote.
    page.goto(live_server.url + f"/a/{room.assembly.slug}/decisions/votes/{amendment_poll.pk}/")
    page.get_by_label("Receipt code").fill(code)
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_text("the ballot was counted")).to_be_visible()

    # An STV election of three delegates.
    page.goto(live_server.url + f"/a/{room.assembly.slug}/decisions/votes/new/")
    page.get_by_label("Agenda item").select_option(str(room.item.pk))
    election = _open_vote(
        page,
        None,
        "Delegates to the regional convention",
        "stv",
        options=["Ana", "Ben", "Cleo", "Dev", "Eli"],
        seats=3,
    )
    _log_in(page, live_server, members[0].username)
    page.goto(live_server.url + f"/a/{room.assembly.slug}/decisions/votes/{election.pk}/")
    page.get_by_label("Ana").select_option("1")
    page.get_by_label("Ben").select_option("2")
    page.get_by_role("button", name="Cast my vote").click()
    expect(page.get_by_role("heading", name="Your vote is recorded")).to_be_visible()
    rankings = [[0, 2], [0, 1], [0, 3], [1, 0], [2, 3], [2], [3, 2], [4, 3], [1, 2]]
    for member, ranking in zip(members[1:], rankings, strict=True):
        services.vote_cast(actor=member, poll=election, choice=ranking)

    _log_in(page, live_server, room.facilitator.username)
    page.goto(live_server.url + f"/a/{room.assembly.slug}/decisions/votes/{election.pk}/")
    page.get_by_role("button", name="Close the vote and count").click()
    expect(page.locator(".outcome")).to_have_text("Elected: Ana, Cleo, Ben.")
    expect(page.get_by_text("Quota (Droop)")).to_be_visible()
    stages = page.get_by_role("table", name="Stages of the count (votes to 5 decimals)")
    expect(stages.get_by_role("row")).to_have_count(5)  # header + 4 stages
    expect(stages).to_contain_text("Surplus of Ana transferred")
    assert serious_violations(page) == []
    page.goto(live_server.url + f"/a/{room.assembly.slug}/decisions/proposals/{proposal.pk}/")
    assert serious_violations(page) == []

    # The public results list shows every decision.
    page.context.clear_cookies()
    _go_to_decisions(page, live_server, room)
    results = page.get_by_role("heading", name="Results").locator("xpath=following-sibling::ul[1]")
    expect(results.get_by_role("listitem")).to_have_count(3)
    assert re.search(r"[0-9a-f]{64}", Poll.objects.get(pk=election.pk).digest)
