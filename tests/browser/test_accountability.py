"""Two recommendations followed in the browser: one answered on time in part, with a
commitment and progress; one answered late with a rejection. The public record shows both."""

import datetime
import xml.etree.ElementTree as ElementTree

from django.utils import timezone
from playwright.sync_api import expect

from assemblea.accounts.models import User
from assemblea.assemblies import services as assembly_services
from assemblea.assemblies.models import Assembly
from assemblea.assemblies.phases import Phase

SLUG = "riverton-citizens-assembly-on-housing"


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("assemblea-demo")
    page.get_by_role("button", name="Log in").click()


def adopt(page, live_server, title, adopted, due):
    page.goto(f"{live_server.url}/a/{SLUG}/record/new/")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Adopted text").fill(f"The assembly recommends: {title}.")
    page.get_by_label("Topic").fill("housing")
    page.get_by_label("Addressed to").fill("Riverton City Council")
    page.get_by_label("Adopted on").fill(adopted.isoformat())
    page.get_by_label("Answer due on").fill(due.isoformat())
    page.get_by_label("Support", exact=True).fill("38 for, 6 against; 80 % rule")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The recommendation was recorded.")).to_be_visible()


def test_on_time_partial_acceptance_and_late_rejection(live_server, page, demo):
    today = timezone.localdate()
    assembly = Assembly.objects.get(slug=SLUG)
    ana = User.objects.get(username="ana")
    phases = [Phase.IN_SESSION, Phase.REPORTED]
    for phase in phases[phases.index(assembly.phase) + 1 if assembly.phase in phases else 0 :]:
        assembly_services.assembly_change_phase(actor=ana, assembly=assembly, to_phase=phase)

    # The organizer records what the assembly adopted.
    log_in(page, live_server, "ana")
    adopt(
        page,
        live_server,
        "Rent stabilisation",
        today - datetime.timedelta(days=30),
        today + datetime.timedelta(days=60),
    )
    adopt(
        page,
        live_server,
        "Community land trust",
        today - datetime.timedelta(days=60),
        today - datetime.timedelta(days=12),
    )
    expect(page.get_by_text("1 of 2 answers is 12 days late.")).to_be_visible()

    # The respondent answers the first on time, in part, with a commitment and progress.
    log_in(page, live_server, "rhea")
    page.goto(f"{live_server.url}/a/{SLUG}/record/1/")
    page.get_by_role("link", name="Publish the answer").click()
    page.get_by_label("Accepted in part").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Give the reasons: they are required")).to_be_visible()
    page.get_by_label("Reasons").fill("State law caps what the city can regulate.")
    page.get_by_label("What will be done").fill("A 3 % cap on rent rises in city-owned homes.")
    page.get_by_label("By whom").fill("Housing Department")
    page.get_by_label("By when").fill((today + datetime.timedelta(days=365)).isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The answer was published.")).to_be_visible()
    page.get_by_role("link", name="Add a commitment").click()
    page.get_by_label("Commitment", exact=True).fill("Cap rent rises in 1,200 city-owned homes")
    page.get_by_label("Responsible office").fill("Housing Department")
    page.get_by_label("Budget").fill("250000")
    page.get_by_label("Due on").fill((today + datetime.timedelta(days=365)).isoformat())
    milestone = (today + datetime.timedelta(days=90)).isoformat()
    page.get_by_label("Milestones").fill(f"{milestone} Council vote on the cap")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The commitment was recorded.")).to_be_visible()
    page.get_by_role("link", name="Report progress").click()
    page.get_by_label("Progress (%)").fill("150")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Progress is between 0 and 100 %.")).to_be_visible()
    page.get_by_label("Progress (%)").fill("30")
    page.get_by_label("Status").select_option("under_way")
    page.get_by_label("What happened").fill("The cap passed its first reading.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The progress report was published.")).to_be_visible()

    # The second, already late, is rejected with reasons.
    page.goto(f"{live_server.url}/a/{SLUG}/record/2/answer/")
    page.get_by_label("Rejected").check()
    page.get_by_label("Reasons").fill("No public land is available this term.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The answer was published.")).to_be_visible()

    # The public sees both paths, the clock, the charts and the feeds.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/a/{SLUG}/record/")
    expect(page.get_by_text("All 2 answers are in; 1 came late.")).to_be_visible()
    # .first: the table of the due-date chart has rows of the same names after it
    first = page.get_by_role("row", name="1. Rent stabilisation").first
    expect(first).to_contain_text("Accepted in part")
    expect(first).to_contain_text("committed")
    expect(first).to_contain_text("30 %")
    second = page.get_by_role("row", name="2. Community land trust").first
    expect(second).to_contain_text("Rejected")
    expect(second).to_contain_text("12 days late")
    stages = page.get_by_role("table", name="Where the recommendations stand")
    expect(stages.get_by_role("row", name="committed")).to_contain_text("1")
    expect(stages.get_by_role("row", name="answered")).to_contain_text("1")
    answers = page.get_by_role("table", name="Answers")
    expect(answers.get_by_role("row", name="Rejected")).to_contain_text("1")
    page.get_by_role("link", name="1. Rent stabilisation").click()
    expect(page.get_by_text("Council vote on the cap")).to_be_visible()
    expect(page.get_by_text("The cap passed its first reading.")).to_be_visible()

    rss = page.request.get(f"{live_server.url}/a/{SLUG}/record/feed.rss")
    titles = [t.text for t in ElementTree.fromstring(rss.body()).iter("title")]
    assert "Answer to 1: Accepted in part" in titles and "Answer to 2: Rejected" in titles
    ics = page.request.get(f"{live_server.url}/a/{SLUG}/record/calendar.ics").text()
    assert "SUMMARY:Milestone: Council vote on the cap" in ics
    assert "SUMMARY:Answer due: 1. Rent stabilisation" in ics
