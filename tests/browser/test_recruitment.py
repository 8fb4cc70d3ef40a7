"""The civic lottery, walked in the browser on the demo: from targets to seated members."""

import csv
import io
import re
import threading

import pytest
from django.utils import timezone
from django_tasks import task
from playwright.sync_api import expect

from assemblea.assemblies.models import Assembly
from assemblea.core.tasks_backend import tasks_wait
from assemblea.recruitment import services
from assemblea.recruitment.models import Invitation, Recruitment, SelectionRun

SLUG = "eastside-participatory-budget-assembly"

worker_free = threading.Event()


@task()
def hold_the_worker() -> None:
    """Keeps the one background worker busy until the test lets it go, so the selection
    stays queued long enough to be seen (and cancelled) on the page."""
    worker_free.wait(timeout=60)


@pytest.fixture
def background_tasks(settings):
    """The embedded default: tasks on the in-process worker thread, never in the request."""
    settings.TASKS = {"default": {"BACKEND": "assemblea.core.tasks_backend.ThreadBackend"}}
    worker_free.clear()
    yield
    worker_free.set()
    assert tasks_wait(timeout=60)


def test_targets_invitations_registration_selection_draw_replacement_seating(
    live_server, page, demo, background_tasks, serious_violations
):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill("olu")
    page.get_by_label("Password").fill("assemblea-demo")
    page.get_by_role("button", name="Log in").click()

    # Start: 4 of the 20 lottery seats.
    page.goto(f"{live_server.url}/a/{SLUG}/recruitment/")
    expect(page.get_by_role("heading", name="Start recruitment by lottery")).to_be_visible()
    page.get_by_label("Number of seats").fill("4")
    page.get_by_role("button", name="Start recruitment").click()

    # 1. Targets from population shares, proposed then saved.
    page.get_by_label("Population shares").fill("tenure, renter, 50%\ntenure, owner, 50%")
    page.get_by_label("Floor for small groups (seats)").fill("0")
    page.get_by_role("button", name="Propose targets").click()
    expect(page.get_by_label("Minimum seats for renter")).to_have_value("2")
    page.get_by_label("Question on the registration form", exact=True).fill(
        "Do you rent or own your home?"
    )
    page.get_by_role("button", name="Save the targets").click()
    expect(page.get_by_text("The targets were saved.")).to_be_visible()

    # 2. An address list with one broken row: the report first, then import the rest.
    rows = ["address,area,language"] + [f"{n} Pine Road,East,en" for n in range(1, 31)]
    rows.insert(5, "broken,row,with,too,many")
    upload = {"name": "addresses.csv", "mimeType": "text/csv", "buffer": "\n".join(rows).encode()}
    page.goto(f"{live_server.url}/a/{SLUG}/recruitment/addresses/")
    page.get_by_label("Address list").set_input_files(upload)
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("cell", name="5 columns instead of 3")).to_be_visible()
    page.get_by_label("Address list").set_input_files(upload)
    page.get_by_label("Import the readable rows and skip the others").check()
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("30 addresses were imported.")).to_be_visible()

    # 3. Invitations: a seeded draw, with a mail-merge file.
    page.get_by_label("Number of invitations").fill("20")
    page.get_by_label("Seed").fill("5 10 15")
    page.get_by_role("button", name="Draw the invitations").click()
    expect(page.get_by_text("20 invitations were drawn.")).to_be_visible()
    merge = page.request.get(f"{live_server.url}/a/{SLUG}/recruitment/invitations.csv")
    assert merge.text().startswith("\ufeff")  # a byte-order mark, so Excel reads UTF-8
    letters = list(csv.DictReader(io.StringIO(merge.text().lstrip("\ufeff"))))
    assert len(letters) == 20 and all(len(row["code"]) == 8 for row in letters)
    # The letters are prepared in the background; the page follows their progress.
    page.get_by_role("button", name="Prepare printable letters (PDF)").click()
    expect(page.get_by_text("All 20 letters are ready.")).to_be_visible(timeout=30_000)
    download = page.get_by_role("link", name="Download the letters (PDF)").get_attribute("href")
    pdf = page.request.get(f"{live_server.url}{download}")
    assert pdf.body().startswith(b"%PDF")
    page.goto(f"{live_server.url}/a/{SLUG}/recruitment/invitations/")

    # Registration through the public form, by the code on the letter.
    codes = list(
        Invitation.objects.filter(draw__recruitment__assembly__slug=SLUG).values_list(
            "code", flat=True
        )
    )
    for number, code in enumerate(codes[:2]):
        page.goto(f"{live_server.url}/register/{SLUG}/{code}/")
        page.get_by_label("renter").check()
        page.get_by_label("Your full name").fill(f"Resident {number}")
        page.get_by_label("Email address").fill(f"resident{number}@example.org")
        page.get_by_label("Childcare").check()
        page.get_by_label("I have read the privacy notice and agree to it").check()
        page.get_by_role("button", name="Register").click()
        expect(page.get_by_role("heading", name="Thank you for registering")).to_be_visible()
    # The same code again is refused politely.
    page.goto(f"{live_server.url}/register/{SLUG}/{codes[0]}/")
    page.get_by_label("owner").check()
    page.get_by_label("Your full name").fill("Someone else")
    page.get_by_label("Email address").fill("else@example.org")
    page.get_by_label("I have read the privacy notice and agree to it").check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("Someone from this household has already registered")).to_be_visible()
    expect(page.get_by_label("Your full name")).to_have_value("Someone else")

    recruitment = Recruitment.objects.get(assembly__slug=SLUG)
    for number, code in enumerate(codes[2:12]):
        services.registration_submit(
            recruitment=recruitment,
            code=code,
            name=f"Neighbour {number}",
            email=f"n{number}@example.org",
            language="en",
            consents_to_privacy_notice=True,
            answers={"tenure": "renter" if number < 4 else "owner"},
        )

    # 4. The pool against the targets.
    page.goto(f"{live_server.url}/a/{SLUG}/recruitment/")
    expect(page.get_by_role("table", name="tenure")).to_be_visible()

    # 5. Selection, in the background: the page answers at once while the run waits for the
    # busy worker, shows its state in a live region, and the organizer cancels it.
    hold_the_worker.enqueue()
    page.goto(f"{live_server.url}/a/{SLUG}/recruitment/selection/")
    page.get_by_role("button", name="Run the selection").click()
    expect(page.get_by_text("The selection has started.")).to_be_visible()
    expect(page.get_by_role("heading", name="Selection: Queued")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Waiting for the engine")).to_be_visible()
    assert serious_violations(page) == []
    # The engine starts and reports its progress (as the task does, at most once a second):
    # the page shows it without being reloaded. Written here behind the task's back, so the
    # change is announced as the task would (live pages).
    from assemblea.recruitment.live import run_changed

    queued = list(SelectionRun.objects.filter(status="queued").values_list("pk", flat=True))
    SelectionRun.objects.filter(pk__in=queued).update(
        status="running",
        started_at=timezone.now(),
        heartbeat_at=timezone.now(),
        progress={"stage": 2, "current_min": 0.25, "fixed_types": 1, "types": 2, "remaining": 9},
    )
    for run_id in queued:
        run_changed(run_id)
    status = page.get_by_role("status").filter(has_text="Stage 2")
    expect(status).to_contain_text("1 of 2 groups of people with the same answers")
    expect(status).to_contain_text("smallest chance of selection so far: 25.00%")
    expect(page.get_by_role("heading", name="Selection: Running")).to_be_visible()
    expect(page.get_by_text("Running for")).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Cancel this run").click()
    expect(page.get_by_text("The run was cancelled.")).to_be_visible()
    expect(page.get_by_text("Cancelled by")).to_be_visible()
    expect(page.get_by_text("Nothing was drawn and the pool is as it was")).to_be_visible()
    assert serious_violations(page) == []
    # Started again; the page follows the run by itself until the lottery is ready.
    worker_free.set()
    page.get_by_role("button", name="Run the selection").click()
    expect(page.get_by_role("heading", name="Selection: Ready for the public draw")).to_be_visible(
        timeout=60_000
    )
    page.get_by_label("Seed announced in public").fill("12 24 36")
    page.get_by_role("button", name="Draw the panel").click()
    expect(page.get_by_text("The panel was drawn: 4 people were selected.")).to_be_visible()

    # 6. One declines; the replacement lottery is computed and published first, and only
    # then is there a place for the seed. Everyone confirms, and they are seated.
    page.get_by_role("button", name="Declined").first.click()
    expect(page.get_by_label("Seed announced in public")).to_have_count(0)
    page.get_by_role("button", name="Compute and publish the replacement lottery").click()
    expect(page.get_by_text("The replacement lottery is being computed").first).to_be_visible()
    page.goto(f"{live_server.url}/a/{SLUG}/recruitment/selection/")
    expect(
        page.get_by_role("heading", name="Replacement: Ready for the public draw")
    ).to_be_visible(timeout=60_000)
    page.goto(f"{live_server.url}/a/{SLUG}/recruitment/panel/")
    page.get_by_label("Seed announced in public").fill("7 7 7")
    page.get_by_role("button", name="Draw the replacements").click()
    expect(page.get_by_text("A replacement was drawn: 1 person was selected.")).to_be_visible()
    confirm = page.get_by_role("button", name=re.compile(r"^Confirmed"))
    while confirm.count():
        confirm.first.click()
    page.get_by_label("Stipend per day").fill("60")
    page.get_by_role("button", name="Seat the confirmed members").click()
    expect(page.get_by_text("4 members took their seats.")).to_be_visible()
    assembly = Assembly.objects.get(slug=SLUG)
    seated = assembly.categories.get(seat_type="lottery").holders.filter(ended_on__isnull=True)
    assert seated.count() == 4

    # The public record: seed, files and the verification command.
    page.goto(f"{live_server.url}/a/{SLUG}/lottery/")
    expect(page.get_by_text('--seed "12 24 36"')).to_be_visible()
    expect(page.get_by_text('--seed "7 7 7"')).to_be_visible()
