"""The pages: who sees what, the server-side running total, the import's preview and say-so."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assemblea.budgets import services
from assemblea.budgets.models import Budget, BudgetBallot, BudgetVoter
from tests.budgets.conftest import YES, ids
from tests.budgets.test_pb import BAD

pytestmark = pytest.mark.django_db


def _url(world: Any, tail: str = "") -> str:
    return f"/a/{world.assembly.slug}/budgets/{world.budget.pk}/{tail}"


def test_anyone_reads_a_budget_but_only_organizers_set_one_up(round_: Any, client: Any) -> None:
    assert client.get(f"/a/{round_.assembly.slug}/budgets/").status_code == 200
    page = client.get(_url(round_))
    assert b"Parks 2027" in page.content and b"Run the budget" not in page.content
    client.force_login(round_.members[0])
    assert client.get(f"/a/{round_.assembly.slug}/budgets/new/").status_code == 403
    assert client.get(f"/a/{round_.assembly.slug}/budgets/import/").status_code == 403
    client.force_login(round_.organizer)
    assert b"Run the budget" in client.get(_url(round_)).content


def test_check_my_total_shows_the_total_and_casts_nothing(voting: Any, client: Any) -> None:
    client.force_login(voting.resident)
    page = client.post(_url(voting, "vote/"), {**ids(voting, "A", "B"), "check": "1"})
    assert page.status_code == 200
    assert re.search(rb'<output id="pb-total"[^>]*>100</output>', page.content)
    assert not BudgetVoter.objects.exists()
    over = client.post(_url(voting, "vote/"), {**ids(voting, "A", "B", "C"), "check": "1"})
    assert b"Your choices cost 150 in all" not in over.content  # no limit on this ballot
    Budget.objects.filter(pk=voting.budget.pk).update(ballot_type="knapsack")
    over = client.post(_url(voting, "vote/"), {**ids(voting, "A", "B", "C"), "check": "1"})
    assert "Your choices cost 150 in all, more than the 100 you may spend." in over.content.decode()


def test_a_vote_is_cast_once_then_the_page_says_so(voting: Any, client: Any) -> None:
    anonymous = client.get(_url(voting, "vote/"))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    client.force_login(voting.resident)
    refused = client.post(_url(voting, "vote/"), {**ids(voting, "A"), "cast": "1"})
    assert "Only eligible voters can vote here." in refused.content.decode()
    cast = client.post(_url(voting, "vote/"), {**ids(voting, "A"), "cast": "1", "lives_in": "yes"})
    assert cast.status_code == 302 and BudgetBallot.objects.count() == 1
    again = client.get(_url(voting, "vote/"), follow=True)
    assert "You have already voted in this budget" in again.content.decode()


def test_results_and_export_after_the_count(voting: Any, client: Any) -> None:
    assert client.get(_url(voting, "budget.pb")).status_code == 404
    for voter in voting.members:
        services.vote_cast(actor=voter, budget=voting.budget, posted=ids(voting, "A"), declared=YES)
    services.budget_advance(actor=voting.organizer, budget=voting.budget)
    page = client.get(_url(voting, "results/"))
    assert b"Who paid for it" in page.content and b"Not funded" in page.content
    exported = client.get(_url(voting, "budget.pb"))
    assert exported["Content-Type"].startswith("text/plain") and b"VOTES" in exported.content


def test_import_previews_with_lines_then_imports_on_the_say_so(round_: Any, client: Any) -> None:
    client.force_login(round_.organizer)
    url = f"/a/{round_.assembly.slug}/budgets/import/"
    form = {"title": "Imported", "rule": "mes", "satisfaction": "cost", "completion": "none"}
    preview = client.post(
        url, {**form, "preview": "1", "file": SimpleUploadedFile("x.pb", BAD.encode())}
    )
    text = preview.content.decode()
    assert "Line 12:" in text and re.search(r"\d+ problems: their lines are left out", text)
    assert not Budget.objects.filter(imported=True).exists()
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', text)
    assert digest
    refused = client.post(
        url,
        {
            **form,
            "import": "1",
            "digest": digest[1],
            "file": SimpleUploadedFile("x.pb", BAD.encode()),
        },
    )
    assert "import the rest only if you accept them" in refused.content.decode()
    assert not Budget.objects.filter(imported=True).exists()
    done = client.post(
        url,
        {
            **form,
            "import": "1",
            "digest": digest[1],
            "accept_problems": "on",
            "file": SimpleUploadedFile("x.pb", BAD.encode()),
        },
    )
    budget = Budget.objects.get(imported=True)
    assert done.status_code == 302 and done["Location"].endswith(f"/{budget.pk}/results/")
