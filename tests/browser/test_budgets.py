"""A small participatory budget in the browser at 390 px: proposals, the officials' review,
a vote with its running total, and the results by the Method of Equal Shares explained."""

from playwright.sync_api import expect

from assemblea.assemblies import services as assembly_services
from assemblea.assemblies.models import Assembly, AssemblyRoleName, SeatType
from assemblea.assemblies.phases import Phase
from assemblea.budgets import services
from assemblea.budgets.models import Budget, BudgetBallot, BudgetVoter


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()


def _world(make_assembly, make_user, organizer):
    assembly = make_assembly(planned_size=6)
    Assembly.objects.filter(pk=assembly.pk).update(phase=Phase.IN_SESSION)
    lottery = assembly.categories.filter(seat_type=SeatType.LOTTERY).first()
    voters = [make_user(name) for name in ("ana", "ben", "cai", "dee")]
    for user in voters:
        assembly_services.seat_fill(
            actor=organizer, category=lottery, name=user.username, user=user
        )
    official = make_user("official")
    assembly_services.assembly_role_grant(
        actor=organizer, assembly=assembly, user=official, role=AssemblyRoleName.RESPONDENT
    )
    return assembly, voters, official


def test_a_small_round_from_proposals_to_results(
    live_server, page, transactional_db, make_assembly, make_user, organizer, serious_violations
):
    assembly, voters, official = _world(make_assembly, make_user, organizer)
    make_user("resident")  # signed in, no seat: a resident of the open budget
    base = f"{live_server.url}/a/{assembly.slug}/budgets/"

    # The organizers set up the budget: 100 EUR, residents vote too, Equal Shares.
    log_in(page, live_server, "organizer")
    page.goto(base)
    page.get_by_role("link", name="Set up a budget").click()
    page.get_by_label("Title").fill("Parks 2027")
    page.get_by_label("Amount to share out").fill("100")
    page.get_by_label("Residents vote too").check()
    page.get_by_label("Voters must live in").fill("Testville")
    page.get_by_label("None", exact=True).check()  # no completion: plain Equal Shares
    page.get_by_role("button", name="Set up the budget").click()
    expect(page.get_by_text("The budget is set up and open for proposals.")).to_be_visible()
    budget = Budget.objects.get(title="Parks 2027")
    assert budget.rule == "mes" and budget.completion == "none" and budget.open_to_residents

    # A resident proposes a project; members propose the others.
    log_in(page, live_server, "resident")
    page.goto(f"{base}{budget.pk}/")
    page.get_by_role("link", name="Propose a project").click()
    page.get_by_label("Title").fill("Playground")
    page.get_by_label("What would be done, and where").fill("Swings in the north park.")
    page.get_by_label("What would it cost, roughly".replace("would it", "it would")).fill("60")
    page.get_by_role("button", name="Propose the project").click()
    expect(page.get_by_text("officials review it next")).to_be_visible()
    for title, cost in (("Bike racks", 40), ("Reading corner", 40)):
        services.project_propose(
            actor=voters[0], budget=budget, title=title, description="", proposed_cost=cost
        )

    # The organizers close proposals; an official reviews in the browser.
    log_in(page, live_server, "organizer")
    page.goto(f"{base}{budget.pk}/")
    page.get_by_role("button", name="Close proposals and start the review").click()
    log_in(page, live_server, "official")
    page.goto(f"{base}{budget.pk}/")
    page.get_by_role("link", name="1. Playground").click()
    page.get_by_label("Feasible: it goes on the ballot").check()
    page.get_by_label("Estimated cost").fill("60")
    page.get_by_role("button", name="Save the review").click()
    expect(page.get_by_text("The review is saved.")).to_be_visible()
    for project in budget.projects.exclude(title="Playground"):
        services.project_review(
            actor=official, project=project, feasible=True, cost=project.proposed_cost, reason=""
        )
    log_in(page, live_server, "organizer")
    page.goto(f"{base}{budget.pk}/")
    page.get_by_role("button", name="Open the vote").click()
    expect(page.locator("[aria-current=step]")).to_have_text("Voting")

    # A resident votes on the phone: the running total follows the ticks.
    log_in(page, live_server, "resident")
    page.goto(f"{base}{budget.pk}/")
    page.get_by_role("link", name="Vote").click()
    page.get_by_label("Playground · 60 EUR").check()
    expect(page.locator("#pb-total")).to_have_text("60")
    page.get_by_label("Bike racks · 40 EUR").check()
    expect(page.locator("#pb-total")).to_have_text("100")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Cast my vote").click()  # eligibility not confirmed
    expect(page.get_by_text("Only eligible voters can vote here.")).to_be_visible()
    assert not BudgetVoter.objects.exists()
    page.get_by_label("Playground · 60 EUR").check()
    page.get_by_label("Bike racks · 40 EUR").check()
    page.get_by_label("I live in Testville.").check()
    page.get_by_role("button", name="Cast my vote").click()
    expect(page.get_by_text("Your vote is cast. Thank you.")).to_be_visible()
    expect(page.get_by_text("You have voted.")).to_be_visible()
    page.goto(f"{base}{budget.pk}/vote/")  # a second vote is refused
    expect(page.get_by_text("You have already voted in this budget")).to_be_visible()
    for voter, chosen in zip(
        voters,
        (["Playground"], ["Playground"], ["Reading corner"], ["Reading corner"]),
        strict=True,
    ):
        pks = [str(p.pk) for p in budget.projects.filter(title__in=chosen)]
        services.vote_cast(
            actor=voter, budget=budget, posted={"project": pks}, declared={"lives_in": True}
        )
    assert BudgetBallot.objects.count() == 5

    # The organizers close the vote; the results explain themselves.
    log_in(page, live_server, "organizer")
    page.goto(f"{base}{budget.pk}/")
    page.get_by_role("button", name="Close the vote and count").click()
    page.get_by_role("link", name="Results and why").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Results and why")
    expect(
        page.get_by_text("every voter held an equal share of the budget: 20.00 EUR")
    ).to_be_visible()
    expect(page.get_by_role("table", name="Who paid for it").first).to_be_visible()
    expect(page.get_by_text("Its 3 supporters paid its 60 from their shares.")).to_be_visible()
    expect(page.get_by_text("Not funded")).to_have_count(1)
    expect(page.get_by_text("had 0.00 left of their shares")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_violations(page) == []
    page.get_by_role("button", name="Put the funded projects on the public record").click()
    expect(
        page.get_by_text("The funded projects are commitments on the public record.")
    ).to_be_visible()
