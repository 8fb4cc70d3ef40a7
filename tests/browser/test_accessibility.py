"""axe-core in Chromium finds no serious or critical violation on any page of the demo."""

from django.urls import reverse

from assemblea.assemblies.models import Assembly

PUBLIC_PAGES = [
    "/",
    "/guide/",
    "/which-model/",
    "/which-model/?convener=government&who=microcosm&horizon=months",
    "/assemblies/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/organizations/city-of-riverton/",
    "/network/",
    "/network/?family=movement&kind=peoples_movement",
    "/a/riverton-region-peoples-assembly/network/",
    "/library/",
    "/library/1/",
    "/library/2/",
    "/a/riverton-citizens-assembly-on-housing/open-data/",
]


def log_in(page, live_server, username):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("assemblea-demo")
    page.get_by_role("button", name="Log in").click()


def check(page, url, serious_violations, found):
    page.goto(url)
    for violation in serious_violations(page):
        found.append(f"{url}: {violation}")
    # WCAG 1.4.10 Reflow: on a 390 px phone nothing scrolls sideways but data tables.
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > page.viewport_size["width"]:
        found.append(f"{url}: the page is {width} px wide on a phone")


def test_every_demo_page_passes_axe(live_server, page, demo, serious_violations):
    found: list[str] = []
    # Ana prefers Spanish; read in English first, as chosen in the footer.
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    assemblies = list(Assembly.objects.filter(visibility="public"))
    urls = PUBLIC_PAGES + [assembly.get_absolute_url() for assembly in assemblies]
    urls += [
        "/a/riverton-citizens-assembly-on-housing/lottery/",
        "/register/eastside-participatory-budget-assembly/",
    ]
    for url in urls:
        check(page, live_server.url + url, serious_violations, found)
    # Invalid forms, as a person who made a mistake sees them.
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_role("button", name="Create my account").click()
    for violation in serious_violations(page):
        found.append(f"signup with errors: {violation}")

    log_in(page, live_server, "ana")
    for assembly in Assembly.objects.filter(organization__slug="city-of-riverton"):
        for name in ("manage", "settings", "mandate", "composition", "members", "roles"):
            check(
                page,
                live_server.url + reverse(f"assemblies:{name}", args=[assembly.slug]),
                serious_violations,
                found,
            )
        for name in (
            "overview",
            "targets",
            "addresses",
            "invitations",
            "registrations",
            "selection",
            "panel",
            "registration_form",
            "notices",
        ):
            if assembly.recruitments.exists():
                check(
                    page,
                    live_server.url + reverse(f"recruitment:{name}", args=[assembly.slug]),
                    serious_violations,
                    found,
                )
        category = assembly.categories.first()
        check(
            page,
            live_server.url + reverse("assemblies:category", args=[assembly.slug, category.pk]),
            serious_violations,
            found,
        )
    council = Assembly.objects.get(kind="civic_standing")
    held = council.sessions.filter(status="closed").first()
    urls = [reverse(f"deliberation:{name}", args=[council.slug]) for name in ("rules", "profiles")]
    urls.append("/calendar/")
    urls += [
        reverse(f"deliberation:{name}", args=[council.slug, held.pk])
        for name in ("session", "chair", "tables", "room", "summary")
    ]
    urls += [
        reverse(f"deliberation:{name}", args=[assembly.slug])
        for assembly in assemblies
        for name in ("sessions", "evidence", "resolutions")
    ]
    urls += [
        f"/a/{council.slug}/record/",
        f"/a/{council.slug}/record/4/",
        f"/a/{council.slug}/report/",
        f"/a/{council.slug}/record/review/",
        f"/a/{council.slug}/evaluation/",
        "/a/riverton-citizens-assembly-on-housing/evaluation/",
        f"/a/{council.slug}/evaluation/manage/",
        "/a/riverton-citizens-assembly-on-housing/evaluation/organizers/",
        "/o/city-of-riverton/record/",
        "/accounts/profile/",
        "/assemblies/new/",
        "/accounts/organizations/new/",
        "/accounts/password/forgotten/",
        "/a/riverton-citizens-assembly-on-housing/network/",
        "/open-data/import/",
    ]
    for url in urls:
        check(page, live_server.url + url, serious_violations, found)
    page.goto(live_server.url + "/assemblies/new/")
    page.get_by_role("button", name="Create the assembly").click()
    for violation in serious_violations(page):
        found.append(f"create with errors: {violation}")

    # Each end of a network link, as its organizers see it: the forwarding side, the inbox.
    for username, slug in (
        ("olu", "riverton-peoples-movement-assembly-for-housing-justice"),
        ("grace", "riverton-region-peoples-assembly"),
    ):
        page.context.clear_cookies()
        page.context.add_cookies(
            [{"name": "django_language", "value": "en", "url": live_server.url}]
        )
        log_in(page, live_server, username)
        check(page, f"{live_server.url}/a/{slug}/network/", serious_violations, found)
    for url in ("/library/new/", "/library/1/"):
        check(page, live_server.url + url, serious_violations, found)

    # The same public pages in Spanish.
    page.context.add_cookies([{"name": "django_language", "value": "es", "url": live_server.url}])
    for url in ["/", "/guide/"] + [assembly.get_absolute_url() for assembly in assemblies[:2]]:
        check(page, live_server.url + url, serious_violations, found)
    assert found == [], "\n".join(found)
