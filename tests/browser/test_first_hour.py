"""Issue 16, the first hour: a member seated by name gets an account through an invitation
link, learns their username there, logs in with it; an official in a mixed body sees what
they may and may not do. On a 390 px phone, with the keyboard where it matters, and an axe
check on every new page.

Each journey takes the language as a parameter (`LANGUAGES`), so a Spanish pass is one more
entry with its labels."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from assemblea.accounts.models import OrganizationKind, User
from assemblea.accounts.services import organization_create
from assemblea.assemblies import services
from assemblea.assemblies.models import Assembly, SeatCategory, SeatType
from assemblea.assemblies.phases import Phase

PASS = "a long unusual passphrase"

LABELS = {
    "en": {
        "give": "Give an account",
        "make": "Make the link",
        "password": "Choose a password",
        "again": "The same password again",
        "save": "Save my password and log in",
        "role": "Your role here",
    }
}
LANGUAGES = ["en"]


def _assembly(organizer: User) -> Assembly:
    city = organization_create(actor=organizer, name="Rivertown", kind=OrganizationKind.GOVERNMENT)
    assembly = services.assembly_create(
        actor=organizer,
        organization=city,
        title="Rivertown Transport Committee",
        kind="mixed_committee",
        summary="Residents and councillors together.",
        question="How should buses run at night?",
        languages=["en"],
        use_usual_composition=True,
    )
    services.assembly_publish(actor=organizer, assembly=assembly)
    return assembly


def _login(page: Any, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASS)
    page.get_by_label("Password").press("Enter")


def _axe(page: Any, serious_violations: Any) -> None:
    assert serious_violations(page) == [], page.url


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_member_seated_by_name_gets_an_account_from_the_printed_link_and_logs_in(
    live_server: Any,
    page: Any,
    browser: Any,
    transactional_db: Any,
    serious_violations: Any,
    language: str,
) -> None:
    words = LABELS[language]
    organizer = User.objects.create_user(username="olga", password=PASS)
    assembly = _assembly(organizer)
    youth = SeatCategory.objects.create(
        assembly=assembly, seat_type=SeatType.RESERVED, name="Youth seat", seats=1, position=9
    )
    services.seat_fill(actor=organizer, category=youth, name="Yara Young")

    _login(page, live_server.url, "olga")
    page.goto(f"{live_server.url}/a/{assembly.slug}/members/")
    expect(page.get_by_text("not yet signed in")).to_be_visible()
    page.get_by_role("link", name=f"{words['give']} to Yara Young").click()
    _axe(page, serious_violations)
    page.get_by_role("button", name=words["make"]).click()
    link = page.locator(".invitation-link code").inner_text().strip()
    username = page.locator(".invitation-sheet strong").inner_text().strip()
    assert username == "yara-young"
    _axe(page, serious_violations)

    # The member, on their own phone, with the keyboard only.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    member = phone.new_page()
    member.goto(link.replace("http://127.0.0.1:8000", live_server.url))
    expect(member.get_by_text(username)).to_be_visible()
    _axe(member, serious_violations)
    member.get_by_label(words["password"]).focus()
    member.keyboard.type(PASS)
    member.keyboard.press("Tab")
    member.keyboard.type(PASS)
    member.keyboard.press("Enter")
    expect(member.get_by_text(f"Your username is {username}")).to_be_visible()
    expect(member.get_by_role("heading", name=words["role"])).to_be_visible()
    phone.close()

    # Later, on another device, they log in with the username from the link.
    again = browser.new_context(viewport={"width": 390, "height": 844})
    second = again.new_page()
    _login(second, live_server.url, username)
    second.goto(f"{live_server.url}/a/{assembly.slug}/")
    expect(second.get_by_role("heading", name=words["role"])).to_be_visible()
    again.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_official_in_a_mixed_body_sees_what_they_may_and_may_not_do(
    live_server: Any, page: Any, transactional_db: Any, serious_violations: Any, language: str
) -> None:
    words = LABELS[language]
    organizer = User.objects.create_user(username="olga", password=PASS)
    assembly = _assembly(organizer)
    officials = assembly.categories.get(seat_type=SeatType.OFFICIAL)
    officials.may_vote = False
    officials.save()
    councillor = User.objects.create_user(username="cllr", password=PASS)
    services.seat_fill(actor=organizer, category=officials, name="Cllr Ortiz", user=councillor)
    Assembly.objects.filter(pk=assembly.pk).update(phase=Phase.IN_SESSION)

    _login(page, live_server.url, "cllr")
    page.goto(f"{live_server.url}/a/{assembly.slug}/")
    panel = page.get_by_role("region", name=words["role"])
    expect(panel).to_be_visible()
    expect(panel.locator(".role-may")).to_contain_text("Speak")
    expect(panel.locator(".role-may-not")).to_contain_text("Vote")
    _axe(page, serious_violations)
