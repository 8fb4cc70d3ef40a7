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
from assemblea.assemblies.models import Assembly, SeatType
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


def _tab_to(page: Any, selector: str, presses: int = 80) -> None:
    """Move the focus with the Tab key only, until it is on `selector`."""
    target = page.locator(selector)
    for _press in range(presses):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def _organizer_builds_from_nothing(page: Any, base: str) -> Assembly:
    """Sign up, create the organization and a civic assembly, with the browser only."""
    page.goto(base + "/accounts/signup/")
    page.get_by_label("Username").fill("olga")
    page.get_by_label("Email address").fill("olga@example.org")
    page.get_by_label("Name to show").fill("Olga Organizer")
    page.get_by_label("Password", exact=True).fill(PASS)
    page.get_by_label("Password confirmation").fill(PASS)
    page.get_by_role("button", name="Create my account").click()
    page.goto(base + "/accounts/organizations/new/")
    page.get_by_label("Name", exact=True).fill("Rivertown")
    page.get_by_label("Kind of organization").select_option("government")
    page.get_by_role("button", name="Create the organization").click()
    page.goto(base + "/assemblies/new/?kind=civic_one_time")
    page.get_by_label("Title").fill("Rivertown Night Buses Assembly")
    page.get_by_label("Question or remit").fill("How should buses run at night?")
    page.get_by_role("button", name="Create the assembly").click()
    expect(page.get_by_role("heading", name="Composition")).to_be_visible()
    return Assembly.objects.get(title="Rivertown Night Buses Assembly")


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_organizer_builds_an_assembly_seats_a_member_who_logs_in_with_the_link_and_votes(
    live_server: Any,
    page: Any,
    browser: Any,
    transactional_db: Any,
    serious_violations: Any,
    language: str,
) -> None:
    import datetime

    from django.urls import reverse
    from django.utils import timezone

    from assemblea.decisions import services as decisions
    from assemblea.deliberation import services as deliberation

    words = LABELS[language]
    assembly = _organizer_builds_from_nothing(page, live_server.url)
    organizer = User.objects.get(username="olga")

    # Seat a member by name, then give them an account with a printed link.
    page.goto(f"{live_server.url}/a/{assembly.slug}/members/")
    page.get_by_label("Name", exact=True).fill("Yara Young")
    page.get_by_role("button", name="Seat this person").click()
    expect(page.get_by_text("not yet signed in")).to_be_visible()
    _axe(page, serious_violations)
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
    _tab_to(member, "#id_password")
    member.keyboard.type(PASS)
    _tab_to(member, "#id_password_again")
    member.keyboard.type(PASS)
    member.keyboard.press("Enter")
    expect(member.get_by_text(f"Your username is {username}")).to_be_visible()
    phone.close()

    # The assembly meets and votes (the chair's steps are not this journey's subject).
    for phase in (Phase.CONVENED, Phase.RECRUITING, Phase.ONBOARDING, Phase.IN_SESSION):
        services.assembly_change_phase(actor=organizer, assembly=assembly, to_phase=phase)
    start = timezone.now()
    session = deliberation.session_create(
        actor=organizer,
        assembly=assembly,
        title="First evening",
        place="Town hall",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    item = deliberation.agenda_item_add(actor=organizer, session=session, title="Night routes")
    deliberation.session_open(actor=organizer, session=session)
    poll = decisions.poll_open(
        actor=organizer,
        agenda_item=item,
        title="Run a night bus on route 4?",
        method="yes_no",
        requires_quorum=False,
    )

    # Later, on another device, they log in with the username from the link, and vote.
    again = browser.new_context(viewport={"width": 390, "height": 844})
    second = again.new_page()
    _login(second, live_server.url, username)
    second.goto(f"{live_server.url}/a/{assembly.slug}/")
    expect(second.get_by_role("heading", name=words["role"])).to_be_visible()
    second.goto(live_server.url + reverse("deliberation:session", args=[assembly.slug, session.pk]))
    second.get_by_role("button", name="Check in").click()
    expect(second.get_by_text("You are checked in.").first).to_be_visible()
    second.goto(live_server.url + reverse("decisions:poll", args=[assembly.slug, poll.pk]))
    second.get_by_label("Yes").check()
    second.get_by_role("button", name="Cast my vote").click()
    expect(second.get_by_role("heading", name="Your vote is recorded")).to_be_visible()
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


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_convention_delegate_gets_an_account_speaks_and_votes_with_the_keyboard(
    live_server: Any, browser: Any, demo: Any, serious_violations: Any, language: str
) -> None:
    from django.urls import reverse

    from assemblea.decisions import services as decisions
    from assemblea.deliberation import services as deliberation
    from assemblea.deliberation.models import Session

    words = LABELS[language]
    convention = Assembly.objects.get(title="Workers' Council Convention 2027")
    grace = User.objects.get(username="grace")
    delegates = convention.categories.get(seat_type=SeatType.DELEGATE)
    local = delegates.allocations.first().organization
    holder = services.seat_fill(
        actor=grace, category=delegates, name="Dana Delegate", organization=local
    )
    _invitation, link = services.seat_invitation_issue(actor=grace, holder=holder)
    session = Session.objects.get(assembly=convention, title="Convention plenary")
    item = session.items.order_by("position").first()
    deliberation.agenda_item_start(actor=grace, item=item)

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    context.set_default_timeout(15_000)
    phone = context.new_page()
    phone.goto(link.replace("http://127.0.0.1:8000", live_server.url))
    username = phone.locator(".username-notice strong").inner_text().strip()
    _tab_to(phone, "#id_password")
    phone.keyboard.type(PASS)
    _tab_to(phone, "#id_password_again")
    phone.keyboard.type(PASS)
    phone.keyboard.press("Enter")
    expect(phone.get_by_text(f"Your username is {username}")).to_be_visible()

    # In the room: check in, ask to speak, and hear "You have the floor" (live region).
    phone.goto(
        live_server.url + reverse("deliberation:session", args=[convention.slug, session.pk])
    )
    _tab_to(phone, "button[name=check_in]")
    phone.keyboard.press("Enter")
    _tab_to(phone, "button[name=join]")
    phone.keyboard.press("Enter")
    announce = phone.get_by_test_id("you-announce")
    expect(announce).to_have_attribute("aria-live", "assertive")
    expect(phone.get_by_test_id("your-request")).to_be_visible()
    while deliberation.speaker_call_next(actor=grace, item=item).seat_id != holder.pk:
        pass
    expect(announce).to_have_text("You have the floor.", timeout=10_000)
    _axe(phone, serious_violations)

    # A vote opened now counts the new account: the delegate votes with the keyboard.
    poll = decisions.poll_open(
        actor=grace, agenda_item=item, title="Open the session to the press?", method="yes_no"
    )
    phone.goto(live_server.url + reverse("decisions:poll", args=[convention.slug, poll.pk]))
    status = phone.locator("[role=status][aria-live=polite]")
    expect(status).to_contain_text("Voting is open")
    _tab_to(phone, "#choice-1")
    phone.keyboard.press("Space")
    _tab_to(phone, "#ballot button[type=submit]")
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("heading", name="Your vote is recorded")).to_be_visible()
    phone.goto(live_server.url + reverse("decisions:poll", args=[convention.slug, poll.pk]))
    decisions.poll_close(actor=grace, poll=poll)
    expect(phone.locator("#poll-status")).to_contain_text("Voting has closed", timeout=12_000)
    assert words["role"]
    context.close()
