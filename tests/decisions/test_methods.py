"""The registry of voting methods: every method opens, takes ballots through its own form,
closes and shows its result (in English and Spanish); and no other module lists methods."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from assemblea.decisions import services
from assemblea.decisions.forms import PollForm
from assemblea.decisions.methods import METHODS, Method, VotingMethod, method_choices
from assemblea.decisions.models import Ballot

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2] / "src" / "assemblea"


def _posted(method: VotingMethod, rows: list[dict[str, Any]], voter: int) -> dict[str, Any]:
    """What a member's browser posts for this method's ballot (from the rows it was shown)."""
    values = [str(row["value"]) for row in rows]
    first = voter % len(values)
    if method.ranked:
        order = values[first:] + values[:first]
        return {f"rank_{value}": str(rank) for rank, value in enumerate(order, start=1)}
    if method.approval:
        return {"choice": [values[first], values[(first + 1) % len(values)]]}
    if method.scored:
        return {f"score_{value}": str((i + voter) % 4) for i, value in enumerate(values)}
    if method.code == Method.YES_NO:
        return {"choice": "yes" if voter % 3 else "no"}
    return {"choice": values[0] if voter % 3 else values[1]}


@pytest.mark.parametrize("code", list(METHODS))
def test_every_method_opens_takes_ballots_closes_and_shows_its_result(client, room, code):
    method = METHODS[code]
    poll = services.poll_open(
        actor=room.facilitator,
        agenda_item=room.item,
        title=f"Decide by {code}",
        method=code,
        options=["Ana", "Ben", "Cleo"] if method.candidates else (),
        seats=2 if method.multi_seat and code != Method.SCORE else 1,
    )
    while method.has_stages and poll.stage != "call for blocks":
        poll = services.poll_advance_stage(actor=room.facilitator, poll=poll)
    url = reverse("decisions:poll", kwargs={"slug": room.assembly.slug, "pk": poll.pk})
    vote = reverse("decisions:vote", kwargs={"slug": room.assembly.slug, "pk": poll.pk})
    for index, member in enumerate(room.members[:6]):
        client.force_login(member)
        page = client.get(url)
        assert page.status_code == 200
        rows = page.context["rows"]
        assert page.context["method"] is method
        answered = client.post(vote, _posted(method, rows, index))
        assert answered.status_code == 302, answered.content.decode()[:600]
    assert Ballot.objects.filter(poll=poll).count() == 6
    services.poll_close(actor=room.facilitator, poll=poll)
    for language, word in (("en", "Result"), ("es", "Resultado")):
        with translation.override(language):
            client.cookies["django_language"] = language
            page = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert page.status_code == 200
        result = page.context["result"]
        assert result is not None and result.outcome
        html = page.content.decode()
        assert word in html and result.outcome in html
        assert bool(result.rounds) == (method.has_rounds or method.has_pairwise)


def test_the_poll_form_offers_the_registered_methods_in_their_order():
    form = PollForm(items=[], subjects=[], categories=[])
    assert list(form.fields["method"].choices) == method_choices()
    assert [code for code, _ in method_choices()] == list(METHODS) == list(Method.values)


def test_no_module_but_the_registry_lists_the_voting_methods():
    """The method codes appear as literals only in methods.py (and in the migrations, the
    demo data and the voting engine, which has its own names for its counts)."""
    codes = "|".join(re.escape(code) for code in Method.values)
    literal = re.compile(rf"""["']({codes})["']|Method\.[A-Z_]+\b|poll\.method ==""")
    skipped = {"methods.py", "demo.py"}
    found = []
    for path in [
        *SRC.joinpath("decisions").rglob("*.py"),
        *SRC.joinpath("templates", "decisions").rglob("*.html"),
    ]:
        if path.name in skipped or "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if literal.search(line):
                found.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    assert found == []
