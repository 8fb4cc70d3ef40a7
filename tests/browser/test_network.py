"""A local assembly forwards a resolution for action to its regional assembly, whose
organizer finds it in the inbox with its origin and adopts it into the agenda."""

from playwright.sync_api import expect

LOCAL = "riverton-peoples-movement-assembly-for-housing-justice"
REGIONAL = "riverton-region-peoples-assembly"
RESOLUTION = "Bring a rent-cap ordinance to the city council with 5,000 signatures."


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("assemblea-demo")
    page.get_by_role("button", name="Log in").click()


def test_a_resolution_is_forwarded_from_a_local_to_the_regional_assembly(live_server, page, demo):
    # The local assembly's organizer forwards a resolution from its network page.
    log_in(page, live_server, "olu")
    page.goto(f"{live_server.url}/a/{LOCAL}/manage/")
    page.get_by_role("link", name="Network", exact=True).click()
    expect(page.get_by_text("Riverton Region People's Assembly").first).to_be_visible()
    page.get_by_role("button", name=f"Forward the resolution “{RESOLUTION}”").click()
    expect(page.get_by_text("It was forwarded to the parent assembly.")).to_be_visible()

    # The regional assembly's next session, whose agenda an adopted item joins.
    import datetime

    from django.utils import timezone

    from assemblea.accounts.models import User
    from assemblea.assemblies.models import Assembly
    from assemblea.deliberation.services import session_create

    start = timezone.now() + datetime.timedelta(days=14)
    session_create(
        actor=User.objects.get(username="grace"),
        assembly=Assembly.objects.get(slug=REGIONAL),
        title="Spring meeting",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        place="Riverton Hall",
    )

    # The regional organizer sees it in the inbox, with where it comes from.
    log_in(page, live_server, "grace")
    page.goto(f"{live_server.url}/a/{REGIONAL}/network/")
    item = page.get_by_role("article", name=RESOLUTION)
    expect(item).to_be_visible()
    expect(item.get_by_text(RESOLUTION, exact=True).last).to_be_visible()
    expect(
        item.get_by_text(
            "From Riverton People's Movement Assembly for Housing Justice "
            "(Riverton Housing Coalition)"
        )
    ).to_be_visible()
    expect(item.get_by_role("link", name="its page")).to_have_attribute("href", f"/a/{LOCAL}/")
    item.get_by_label("Adopt into the agenda of our next session").check()
    item.get_by_label("Note").fill("On the agenda of our spring meeting.")
    item.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("The decision was recorded.")).to_be_visible()
    item = page.get_by_role("article", name=RESOLUTION)
    expect(item.get_by_text("adopted into the agenda")).to_be_visible()
