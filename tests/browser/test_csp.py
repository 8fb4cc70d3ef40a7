"""In Chromium, the pages break none of the Content-Security-Policy: htmx polls and swaps
without inline styles or eval, and no page needs an inline script."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

# Recorded in the page before any of its scripts run (Playwright's init scripts are not
# subject to the page's policy).
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"}` +
      ` at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


@pytest.fixture
def watched(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    context.set_default_timeout(15_000)
    context.add_init_script(LISTEN)
    page = context.new_page()
    problems: list[str] = []

    def console(message: Any) -> None:
        # The admin's pages ask for /favicon.ico, which the site does not have.
        if message.location.get("url", "").endswith("/favicon.ico"):
            return
        if message.type == "error" or "Content Security Policy" in message.text:
            problems.append(f"console {message.type}: {message.text}")

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    yield page, problems
    context.close()


def _violations(page: Any) -> list[str]:
    return list(page.evaluate("window.__cspViolations"))


def test_an_htmx_page_polls_and_swaps_without_a_csp_violation(
    live_server: Any, demo: None, watched: Any
) -> None:
    from assemblea.deliberation.models import Session

    page, problems = watched
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("Username").fill("ana")
    page.get_by_label("Password").fill("assemblea-demo")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/)"))

    session = Session.objects.select_related("assembly").order_by("pk").first()
    assert session is not None
    args = [session.assembly.slug, session.pk]
    live = live_server.url + reverse("deliberation:room_stream", args=args)
    with page.expect_response(lambda response: response.url.startswith(live)) as streamed:
        page.goto(live_server.url + reverse("deliberation:room", args=args))
    assert streamed.value.status == 200  # the room's event stream (live.js) is open
    # The first event swapped the room's fragment into the page.
    page.wait_for_function("document.querySelector('#room-live') !== null")
    page.wait_for_timeout(500)
    assert page.evaluate("typeof htmx") == "object"
    assert page.evaluate("htmx.config.includeIndicatorStyles") is False
    assert page.evaluate("document.querySelectorAll('style').length") == 0
    assert _violations(page) == []
    assert problems == []


PAGES = [
    "/",
    "/accounts/login/",
    "/accounts/signup/",
    "/admin/login/",
    "/assemblies/",
    "/a/riverton-citizens-assembly-on-housing/open-data/",
]


def test_pages_without_htmx_break_no_policy_either(
    live_server: Any, demo: None, watched: Any
) -> None:
    page, problems = watched
    for path in PAGES:
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
        assert _violations(page) == [], path
    assert problems == []
