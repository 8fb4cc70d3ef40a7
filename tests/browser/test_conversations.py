"""A small conversation from a phone-sized screen: a resident votes one statement at a
time and adds one, a facilitator moderates it, and the map and the group bars appear and
update after the votes (the map task runs in-process)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from assemblea.assemblies.phases import Phase
from assemblea.conversations import services
from assemblea.conversations.models import Audience, MapSnapshot, Vote
from tests.browser.test_csp import LISTEN

PASSWORD = "correct horse battery"


def log_in(page: Any, live_server: Any, username: str) -> None:
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


@pytest.fixture
def small(transactional_db: Any, cast: Any, make_user: Any) -> Any:
    world = cast(phase=Phase.IN_SESSION)
    conversation = services.conversation_start(
        actor=world.users["organizer"],
        assembly=world.assembly,
        question="How should Testville share its streets?",
        audience=Audience.PUBLIC,
    )
    texts = [
        "Streets should be safe for children first.",
        "Cars need more parking downtown.",
        "Buses should run every ten minutes.",
        "Bike lanes slow everyone down.",
    ]
    statements = [
        services.statement_add(actor=world.users["organizer"], conversation=conversation, text=t)
        for t in texts
    ]
    for i in range(11):
        person = make_user(f"resident{i}")
        for n, statement in enumerate(statements):
            value = "agree" if n == 2 or n % 2 == i % 2 else "disagree"
            services.vote_cast(actor=person, statement=statement, value=value)
    return world, conversation


def test_vote_add_moderate_and_the_map(
    live_server: Any, page: Any, small: Any, serious_violations: Any
) -> None:
    world, conversation = small
    before = MapSnapshot.objects.get(conversation=conversation)
    assert before.too_small == "" and before.vote_count == 44
    page.context.add_init_script(LISTEN)  # Content-Security-Policy violations, recorded

    log_in(page, live_server, "stranger")
    page.goto(live_server.url + conversation.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(conversation.question)
    page.get_by_text("Who may take part, and the rules").click()
    expect(page.get_by_text("Anyone with an account may take part")).to_be_visible()
    assert serious_violations(page) == []
    for done in range(1, 5):
        page.locator("#card").get_by_role("button", name="Agree", exact=True).click()
        expect(page.locator("#card")).to_contain_text(
            f"You have voted on {'all ' if done == 4 else ''}{done} statement"
        )
    expect(page.get_by_text("You have voted on all 4 statements")).to_be_visible()
    assert Vote.objects.filter(participant__user=world.users["stranger"]).count() == 4
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_label("Your statement").fill("Trams should come back to Main Street.")
    page.get_by_role("button", name="Add the statement").click()
    expect(page.get_by_text("Moderators check it before others vote on it")).to_be_visible()
    expect(page.get_by_text("waiting for moderation")).to_be_visible()

    log_in(page, live_server, "facilitator")
    page.goto(live_server.url + conversation.get_absolute_url() + "moderate/")
    expect(page.get_by_text("Trams should come back to Main Street.")).to_be_visible()
    page.get_by_role("button", name="Accept statement 5").click()
    expect(page.get_by_text("The statement is accepted.")).to_be_visible()
    assert serious_violations(page) == []

    # The map, redrawn after the stranger's votes, with its groups and bars.
    page.goto(live_server.url + conversation.get_absolute_url() + "map/")
    expect(page.get_by_text("Computed on 48 votes from 12 participants")).to_be_visible()
    expect(page.locator("[data-group-label]").first).to_be_visible()
    assert page.locator("[data-group-label]").count() >= 2
    expect(page.get_by_text("Group A:", exact=False).first).to_be_visible()
    bars = page.get_by_role("table", name="3. Buses should run every ten minutes.").first
    expect(bars.get_by_role("row", name="Everyone")).to_contain_text("100 %")
    bars.locator("..").focus()
    expect(page.locator("#map-split")).to_contain_text("Buses should run every ten minutes.")
    expect(page.locator("[data-group-label='0']")).to_contain_text("agree")
    assert page.evaluate("window.__cspViolations") == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_violations(page) == []

    # The facilitator votes on the new statement; the map counts it.
    page.goto(live_server.url + conversation.get_absolute_url())
    page.locator("#card").get_by_role("button", name="Disagree", exact=True).click()
    expect(page.locator("#card")).to_contain_text("You have voted on 1 statement")
    page.goto(live_server.url + conversation.get_absolute_url() + "map/")
    expect(page.get_by_text("Computed on 49 votes from 13 participants")).to_be_visible()
