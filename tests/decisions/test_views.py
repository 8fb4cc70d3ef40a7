import json
import re

import pytest
from django.urls import reverse

from assemblea.decisions.models import Poll, Proposal

pytestmark = pytest.mark.django_db


def _url(room, name, **kwargs):
    return reverse(f"decisions:{name}", kwargs={"slug": room.assembly.slug, **kwargs})


def test_a_decision_through_the_pages(client, room):
    client.force_login(room.members[0])
    response = client.post(
        _url(room, "index"),
        {"title": "Parks", "kind": "proposal", "text": "Open parks at night.\n\nAdd lights."},
    )
    proposal = Proposal.objects.get(title="Parks")
    assert response.status_code == 302
    response = client.post(
        _url(room, "proposal", pk=proposal.pk),
        {"amend": "1", "paragraph": "2", "new_text": "Add solar lights."},
    )
    assert response.status_code == 302
    amendment = proposal.amendments.get()

    client.force_login(room.facilitator)
    form = client.get(_url(room, "poll_new") + f"?subject=a{amendment.pk}")
    assert form.status_code == 200
    response = client.post(
        _url(room, "poll_new"),
        {
            "agenda_item": room.item.pk,
            "subject": f"a{amendment.pk}",
            "title": "Solar lights?",
            "method": "yes_no",
            "threshold": "simple-majority",
            "threshold_base": "votes_cast",
            "requires_quorum": "on",
            "secrecy": "secret",
            "options": "",
            "seats": 1,
            "max_score": 5,
            "proxy_limit": 0,
            f"weight_{room.residents.pk}": "1",
        },
    )
    poll = Poll.objects.get()
    assert response.status_code == 302, response.content.decode()[:2000]

    codes = []
    for member in room.members[:3]:
        client.force_login(member)
        page = client.get(_url(room, "poll", pk=poll.pk))
        assert b"Cast my vote" in page.content
        voted = client.post(_url(room, "vote", pk=poll.pk), {"choice": "yes"}, follow=True)
        assert voted.status_code == 200
        codes.append(re.search(rb'class="receipt-code">([0-9a-f]+)<', voted.content)[1].decode())
    again = client.post(_url(room, "vote", pk=poll.pk), {"choice": "no"})
    assert again.status_code == 400 and b"already voted" in again.content
    bad = room.members[4]
    client.force_login(bad)
    wrong = client.post(_url(room, "vote", pk=poll.pk), {"choice": "maybe"})
    assert wrong.status_code == 400 and b"Choose one of the answers" in wrong.content

    client.force_login(room.facilitator)
    chair = client.get(_url(room, "poll", pk=poll.pk))
    # A secret vote: the chair sees how many have voted and the quorum, not who.
    assert b"3 of 10 have voted" in chair.content and b"Quorum met" in chair.content
    assert b"not voted yet" not in chair.content and b"Member 9" not in chair.content
    client.post(_url(room, "close", pk=poll.pk))
    result = client.get(_url(room, "poll", pk=poll.pk))
    assert b"Adopted." in result.content and b"chart-bar" in result.content
    receipt = client.post(_url(room, "receipt", pk=poll.pk), {"code": codes[0]})
    assert b"the ballot was counted" in receipt.content
    published = json.loads(client.get(_url(room, "ballots", pk=poll.pk)).content)
    assert len(published["ballots"]) == 3 and published["digest"] == Poll.objects.get().digest
    page = client.get(_url(room, "proposal", pk=proposal.pk))
    assert b"Add solar lights." in page.content
    diff = client.get(_url(room, "diff", pk=proposal.pk, number=2))
    assert b"<ins>" in diff.content and b"solar" in diff.content


def test_an_stv_ballot_with_two_candidates_at_one_rank_is_refused(client, room):
    from assemblea.decisions import services

    poll = services.poll_open(
        actor=room.facilitator,
        agenda_item=room.item,
        title="Delegates",
        method="stv",
        options=["Ana", "Ben", "Cleo"],
        seats=2,
    )
    client.force_login(room.members[0])
    page = client.get(_url(room, "poll", pk=poll.pk))
    assert b'name="rank_2"' in page.content
    response = client.post(_url(room, "vote", pk=poll.pk), {"rank_0": "1", "rank_1": "1"})
    assert response.status_code == 400 and b"Two candidates have rank 1" in response.content
    response = client.post(_url(room, "vote", pk=poll.pk), {"rank_0": "1", "rank_9": "2"})
    assert response.status_code == 400 and b"is not a candidate on this ballot" in response.content
    response = client.post(_url(room, "vote", pk=poll.pk), {"rank_2": "1", "rank_0": "2"})
    assert response.status_code == 302
    assert poll.ballots.get().choice == [2, 0]


def test_the_public_sees_results_but_cannot_vote(client, room):
    from assemblea.decisions import services

    poll = services.poll_open(
        actor=room.facilitator, agenda_item=room.item, title="Q", method="yes_no"
    )
    page = client.get(_url(room, "poll", pk=poll.pk))
    assert page.status_code == 200 and b"Cast my vote" not in page.content
    assert b"have not voted yet" not in page.content
    response = client.post(_url(room, "vote", pk=poll.pk), {"choice": "yes"})
    assert response.status_code == 302  # to the login page


def test_a_client_can_vote_and_read_refusals_as_json(client, room):
    from assemblea.decisions import services

    poll = services.poll_open(
        actor=room.facilitator, agenda_item=room.item, title="Q", method="yes_no"
    )
    url = _url(room, "vote", pk=poll.pk)
    anonymous = client.post(url, {"choice": "yes"}, HTTP_ACCEPT="application/json")
    assert anonymous.status_code == 401
    client.force_login(room.members[0])
    first = client.post(url, {"choice": "yes"}, HTTP_ACCEPT="application/json")
    assert first.status_code == 200 and len(first.json()["receipt"]) == 20
    again = client.post(url, {"choice": "no"}, HTTP_ACCEPT="application/json")
    assert again.status_code == 400 and "already voted" in again.json()["error"]
    assert again.json()["code"] == "already_voted"


def test_the_chairs_panel_refreshes_and_stops_when_closed(client, room):
    from assemblea.decisions import services

    poll = services.poll_open(
        actor=room.facilitator,
        agenda_item=room.item,
        title="Q",
        method="yes_no",
        secrecy="roll_call",
    )
    services.vote_cast(actor=room.members[0], poll=poll, choice="yes")
    url = _url(room, "turnout", pk=poll.pk)
    client.force_login(room.members[1])
    assert client.get(url).status_code == 286
    client.force_login(room.facilitator)
    panel = client.get(url)
    assert b"1 of 10 have voted" in panel.content and b"Member 1" in panel.content
    assert b"Member 0<" not in panel.content
    services.poll_close(actor=room.facilitator, poll=poll)
    assert client.get(url).status_code == 286


def test_authors_add_a_coauthor_split_and_merge_through_the_pages(client, room):
    from assemblea.decisions import services

    author = room.members[0]
    first = services.proposal_create(
        actor=author, assembly=room.assembly, title="Parks", text="Open parks.\n\nAdd lights."
    )
    second = services.proposal_create(
        actor=author, assembly=room.assembly, title="Paths", text="Pave paths."
    )
    client.force_login(author)
    page = client.get(_url(room, "proposal", pk=first.pk))
    assert b"Split it into several proposals" in page.content
    client.post(
        _url(room, "proposal", pk=first.pk),
        {"coauthor": "1", "username": room.members[1].username},
    )
    assert list(first.coauthors.all()) == [room.members[1]]
    response = client.post(
        _url(room, "merge", pk=first.pk),
        {"others": [second.pk], "title": "Parks and paths", "text": "Open parks; pave paths."},
    )
    merged = Proposal.objects.get(title="Parks and paths")
    assert response.status_code == 302 and set(merged.derived_from.all()) == {first, second}
    response = client.post(
        _url(room, "split", pk=merged.pk),
        {"title_1": "Parks", "text_1": "Open parks.", "title_2": "Paths", "text_2": "Pave."},
    )
    assert response.status_code == 302
    assert Proposal.objects.filter(derived_from=merged).count() == 2
    page = client.get(_url(room, "proposal", pk=merged.pk))
    assert b"This text went into:" in page.content and b"This text comes from:" in page.content
    client.force_login(room.members[5])
    refused = client.post(
        _url(room, "split", pk=first.pk),
        {"title_1": "A", "text_1": "a", "title_2": "B", "text_2": "b"},
    )
    assert b"Only the proposal&#x27;s authors can do this." in refused.content


def test_the_chair_calls_for_blocks_before_the_ballot_opens(client, room):
    from assemblea.decisions import services

    poll = services.poll_open(
        actor=room.facilitator, agenda_item=room.item, title="Q", method="consensus"
    )
    client.force_login(room.members[0])
    page = client.get(_url(room, "poll", pk=poll.pk))
    assert b"The ballot opens when the chair calls for blocks." in page.content
    client.force_login(room.facilitator)
    for _ in range(3):
        client.post(_url(room, "stage", pk=poll.pk))
    client.force_login(room.members[0])
    page = client.get(_url(room, "poll", pk=poll.pk))
    assert b"Stand aside" in page.content and b"Cast my vote" in page.content


def test_a_receipt_code_is_posted_never_read_from_the_address(client, room):
    from assemblea.decisions import services

    poll = services.poll_open(
        actor=room.facilitator, agenda_item=room.item, title="Q", method="yes_no"
    )
    code = services.vote_cast(actor=room.members[0], poll=poll, choice="yes")
    services.poll_close(actor=room.facilitator, poll=poll)
    page = client.get(_url(room, "poll", pk=poll.pk)).content.decode()
    assert re.search(r'<form method="post" action="[^"]*/receipt/"', page)
    # A code in the address (which access logs keep) is not looked up.
    assert (
        b"the ballot was counted"
        not in client.get(_url(room, "receipt", pk=poll.pk), {"code": code}).content
    )
    assert (
        b"the ballot was counted"
        in client.post(_url(room, "receipt", pk=poll.pk), {"code": code}).content
    )


def test_a_split_or_merge_by_someone_not_an_author_is_refused_on_the_form(client, room):
    from assemblea.decisions import services

    proposal = services.proposal_create(
        actor=room.members[0], assembly=room.assembly, title="Parks", text="Open parks."
    )
    other = services.proposal_create(
        actor=room.members[0], assembly=room.assembly, title="Paths", text="Open paths."
    )
    client.force_login(room.members[1])
    split = client.post(
        _url(room, "split", pk=proposal.pk),
        {"title_1": "A", "text_1": "A.", "title_2": "B", "text_2": "B."},
    )
    merge = client.post(
        _url(room, "merge", pk=proposal.pk),
        {"others": [other.pk], "title": "Both", "text": "Both."},
    )
    for page in (split, merge):
        assert page.status_code == 200
        assert page.context["form"].non_field_errors() == [
            "Only the proposal's authors can do this."
        ]
        assert "Only the proposal&#x27;s authors can do this." in page.content.decode()
    assert Proposal.objects.count() == 2


def test_the_json_vote_answer_carries_the_refusals_code(client, room):
    from assemblea.decisions import services

    poll = services.poll_open(
        actor=room.facilitator, agenda_item=room.item, title="Q", method="yes_no"
    )
    client.force_login(room.members[0])
    url = _url(room, "vote", pk=poll.pk)
    wrong = client.post(url, {"choice": "maybe"}, HTTP_ACCEPT="application/json")
    assert wrong.status_code == 400 and wrong.json()["code"] == "choice_invalid"
    client.force_login(room.official)
    outsider = client.post(url, {"choice": "yes"}, HTTP_ACCEPT="application/json")
    assert outsider.status_code == 400 and outsider.json()["code"] == "not_a_voter"
