"""A result page in Spanish: each seat category's answers under their translated labels (not
the record's codes), numbers and percentages as Spanish writes them."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from assemblea.decisions import presentation, services

pytestmark = pytest.mark.django_db


def _closed(room: Any, method: str, choices: list[str]) -> Any:
    poll = services.poll_open(
        actor=room.facilitator, agenda_item=room.item, title="Q", method=method
    )
    while poll.stage and poll.stage != "call for blocks":
        poll = services.poll_advance_stage(actor=room.facilitator, poll=poll)
    for member, choice in zip(room.members, choices, strict=False):
        services.vote_cast(actor=member, poll=poll, choice=choice)
    return services.poll_close(actor=room.facilitator, poll=poll)


def _answers_cell(client: Any, room: Any, poll: Any) -> str:
    client.cookies["django_language"] = "es"
    url = reverse("decisions:poll", kwargs={"slug": room.assembly.slug, "pk": poll.pk})
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert 'lang="es"' in page
    rows = re.findall(r"<tbody><tr><th scope=\"row\">.*?</tr>", page, re.S)
    assert rows, page
    return rows[-1]


@pytest.mark.parametrize(
    ("method", "choices", "shown", "raw"),
    [
        ("yes_no", ["yes"] * 7 + ["no"] * 3, ["Sí: 7", "No: 3"], ["yes: 7"]),
        (
            "support_scale",
            ["strongly support"] * 9 + ["oppose"],
            ["Apoyo firme: 9"],
            ["strongly support: 9"],
        ),
        (
            "consensus",
            ["consent"] * 8 + ["block", "stand_aside"],
            ["Bloquear: 1", "Hacerse a un lado: 1"],
            ["block: 1", "stand_aside: 1"],
        ),
    ],
)
def test_the_breakdown_by_category_shows_labels_in_spanish(
    client: Any, room: Any, method: str, choices: list[str], shown: list[str], raw: list[str]
) -> None:
    poll = _closed(room, method, choices)
    cell = _answers_cell(client, room, poll)
    for text in shown:
        assert text in cell, cell
    for text in raw:
        assert text not in cell, cell


def test_percentages_and_decimals_follow_the_language() -> None:
    with translation.override("es"):
        assert presentation._percent("0.8666666") == "86,7 %"
        assert presentation._number("1.3333") == "1,3333"
    with translation.override("en"):
        assert presentation._percent("0.8666666") == "86.7 %"
        assert presentation._number("1.3333") == "1.3333"
