"""A refused ballot comes back as the member filled it in; an empty approval ballot needs an
explicit "I approve none of them"; a receipt code is read as typed from paper."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from assemblea.decisions import selectors, services

pytestmark = pytest.mark.django_db


def _open(room: Any, method: str, **extra: Any) -> Any:
    return services.poll_open(
        actor=room.facilitator,
        agenda_item=room.item,
        title="Q",
        method=method,
        options=["Ana", "Ben", "Cleo"],
        **extra,
    )


def _vote(client: Any, room: Any, poll: Any, data: dict[str, Any]) -> Any:
    url = reverse("decisions:vote", kwargs={"slug": room.assembly.slug, "pk": poll.pk})
    return client.post(url, data)


def test_a_ranked_ballot_refused_keeps_its_rankings(client: Any, room: Any) -> None:
    poll = _open(room, "irv")
    client.force_login(room.members[0])
    refused = _vote(client, room, poll, {"rank_0": "1", "rank_1": "1", "rank_2": "2"})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Your ballot was not accepted" in page
    selected = dict(re.findall(r'name="rank_(\d)">.*?<option value="(\d)" selected>', page))
    assert selected == {"0": "1", "1": "1", "2": "2"}


def test_a_score_ballot_refused_keeps_its_scores(client: Any, room: Any) -> None:
    poll = _open(room, "score", max_score=5)
    client.force_login(room.members[0])
    refused = _vote(client, room, poll, {"score_0": "4", "score_1": "9"})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert re.search(r'name="score_0">.*?<option value="4" selected>', page)


def test_an_approval_ballot_refused_keeps_its_ticks(client: Any, room: Any) -> None:
    poll = _open(room, "approval")
    client.force_login(room.members[0])
    refused = _vote(client, room, poll, {"choice": ["0", "2"], "none": "1"})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert 'value="0" checked' in page and 'value="2" checked' in page
    assert 'id="approve-1" name="choice" value="1" checked' not in page
    assert 'name="none" value="1" checked' in page


def test_an_empty_approval_ballot_is_refused_unless_none_is_ticked(client: Any, room: Any) -> None:
    poll = _open(room, "approval")
    client.force_login(room.members[0])
    empty = _vote(client, room, poll, {})
    assert empty.status_code == 400 and "I approve none of them" in empty.content.decode()
    assert not poll.ballots.exists()
    json = client.post(
        reverse("decisions:vote", kwargs={"slug": room.assembly.slug, "pk": poll.pk}),
        {},
        HTTP_ACCEPT="application/json",
    )
    assert json.json()["code"] == "approval_empty"
    both = client.post(
        reverse("decisions:vote", kwargs={"slug": room.assembly.slug, "pk": poll.pk}),
        {"choice": ["1"], "none": "1"},
        HTTP_ACCEPT="application/json",
    )
    assert both.json()["code"] == "approval_none_and_candidates"
    none = _vote(client, room, poll, {"none": "1"})
    assert none.status_code == 302
    assert poll.ballots.get().choice == []


@pytest.mark.parametrize(
    "typed", ["{c}", " {c} ", "{C}", "{c4} {c4} {c4} {c4} {c4}", "{c4}-{c4}-{c4}-{c4}-{c4}"]
)
def test_a_receipt_code_is_read_as_typed(room: Any, typed: str) -> None:
    poll = services.poll_open(
        actor=room.facilitator, agenda_item=room.item, title="Q", method="yes_no"
    )
    code = services.vote_cast(actor=room.members[0], poll=poll, choice="yes")
    closed = services.poll_close(actor=room.facilitator, poll=poll)
    parts = [code[i : i + 4] for i in range(0, 20, 4)]
    entered = typed.replace("{c}", code).replace("{C}", code.upper())
    for part in parts:
        entered = entered.replace("{c4}", part.upper(), 1)
    assert selectors.receipt_counted(closed, entered)
    wrong = entered[:-1] + ("0" if entered[-1] != "0" else "1")
    assert not selectors.receipt_counted(closed, wrong)
