"""The main journey, as a new organizer on a phone would walk it."""

import re

from playwright.sync_api import expect

from assemblea.assemblies.models import Assembly, SeatType


def test_sign_up_choose_a_model_create_a_mixed_assembly_and_switch_language(
    live_server, page, transactional_db
):
    page.goto(live_server.url)
    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("Username").fill("lena")
    page.get_by_label("Email address").fill("lena@example.org")
    page.get_by_label("Name to show").fill("Lena Ortiz")
    page.get_by_label("Preferred language").select_option("en")
    page.get_by_label("Step-free access").check()
    page.get_by_label("Password", exact=True).fill("a long unusual passphrase")
    page.get_by_label("Password confirmation").fill("a long unusual passphrase")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_text("Welcome! Your account is ready.")).to_be_visible()

    page.get_by_text("Menu", exact=True).click()  # at 390 px the pages fold into a menu
    page.get_by_role("link", name="Which model fits?").locator("visible=true").first.click()
    page.get_by_label("Organizations and a government together").check()
    page.get_by_label("Willing to listen").check()
    page.get_by_label("A share in deciding budgets or plans").check()
    page.get_by_label("Organization delegates, drawn residents and officials").check()
    page.get_by_role("button", name="Recommend a model").click()
    expect(
        page.get_by_role("heading", name="Recommended: Governing-power assembly")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Runners-up")).to_be_visible()
    page.get_by_role("link", name="Create a Governing-power assembly").click()

    # No organization yet: create one, and come back to the assembly form.
    page.get_by_role("link", name="Create an organization").click()
    page.get_by_label("Name", exact=True).fill("Northside Alliance")
    page.get_by_label("Kind of organization").select_option("coalition")
    page.get_by_role("button", name="Create the organization").click()
    expect(page.get_by_role("heading", name="Create an assembly")).to_be_visible()

    page.get_by_label("Title").fill("Northside Budget Assembly")
    expect(page.get_by_label("Kind of assembly")).to_have_value("governing_power")
    page.get_by_label("Question or remit").fill("Which Northside projects should be funded?")
    page.get_by_label("Start from the usual composition").uncheck()
    page.get_by_role("button", name="Create the assembly").click()
    expect(page.get_by_role("heading", name="Composition")).to_be_visible()

    for seat_type, name, seats, votes in (
        ("lottery", "Residents drawn by lot", "20", True),
        ("delegate", "Delegates of member organizations", "10", True),
        ("official", "City officials", "3", False),
    ):
        page.get_by_label("Type of seat").select_option(seat_type)
        page.get_by_label("Name", exact=True).fill(name)
        page.get_by_label("Number of seats").fill(seats)
        if not votes:
            page.get_by_label("May vote").uncheck()
        page.get_by_role("button", name="Add the category").click()
        expect(page.get_by_text("The seat category was added.")).to_be_visible()

    # Seats that do not add up are refused with the reason, keeping what was typed.
    page.get_by_label("Type of seat").select_option("reserved")
    page.get_by_label("Name", exact=True).fill("Youth seats")
    page.get_by_label("Number of seats").fill("0")
    page.get_by_role("button", name="Add the category").click()
    expect(page.get_by_text("Ensure this value is greater than or equal to 1.")).to_be_visible()
    expect(page.get_by_label("Name", exact=True)).to_have_value("Youth seats")

    assembly = Assembly.objects.get(title="Northside Budget Assembly")
    assert sorted(assembly.categories.values_list("seat_type", "seats")) == [
        (SeatType.DELEGATE, 10),
        (SeatType.LOTTERY, 20),
        (SeatType.OFFICIAL, 3),
    ]
    assert assembly.categories.get(seat_type=SeatType.OFFICIAL).may_vote is False

    # A new assembly is private until its organizer publishes it, knowing what that shows.
    assert assembly.visibility == "private"
    page.get_by_role("link", name="Overview").click()
    expect(page.get_by_text("Publishing shows everyone", exact=False)).to_be_visible()
    page.get_by_role("button", name="Publish this assembly").click()
    expect(page.get_by_text("The assembly is public.")).to_be_visible()
    assembly.refresh_from_db()
    assert assembly.visibility == "public"

    page.get_by_role("link", name="Public page").click()
    expect(page.get_by_role("heading", name="Northside Budget Assembly", level=1)).to_be_visible()
    expect(page.get_by_text("Which Northside projects should be funded?")).to_be_visible()
    expect(page.get_by_role("rowheader", name="City officials")).to_be_visible()

    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change language").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", name="Mandato")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/a/northside-budget-assembly/$"))
