"""At 200 % text size on a 390 px phone the header stays compact and no page scrolls
sideways (WCAG 1.4.4 and 1.4.10); buttons and choices are at least 44 px tall (2.5.8)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from playwright.sync_api import expect

from assemblea.deliberation import services
from tests.browser.test_session import PASSWORD, _assembly

BIG_TEXT = "html { font-size: 200% !important; }"
WIDTH, HEIGHT = 390, 844

# The tallest button, link styled as a button or radio/checkbox choice that is too small.
SMALL_TARGETS = """() => [...document.querySelectorAll(
  'main button, main .button, main input[type=submit], main .choice, header summary')]
  .filter(e => e.offsetParent !== null)
  .filter(e => e.getBoundingClientRect().height < 44)
  .map(e => e.outerHTML.slice(0, 80))"""


def _check(page: Any, url: str) -> None:
    page.goto(url)
    page.add_style_tag(content=BIG_TEXT)
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= page.evaluate("innerWidth"), (url, scroll)
    header = page.evaluate("document.querySelector('.site-header')?.offsetHeight || 0")
    assert header < HEIGHT / 3, (url, header)  # the header leaves most of the first screen
    assert page.evaluate(SMALL_TARGETS) == [], url


def test_pages_reflow_at_200_percent_text(
    live_server, browser, transactional_db, django_user_model
):
    assembly, session = _assembly(django_user_model)
    chair = django_user_model.objects.get(username="chair")
    services.session_open(actor=chair, session=session)
    services.agenda_item_start(actor=chair, item=session.items.first())
    member = django_user_model.objects.get(username="m0")
    services.attendance_check_in(actor=member, session=session)
    context = browser.new_context(
        viewport={"width": WIDTH, "height": HEIGHT}, locale="en-GB", bypass_csp=True
    )  # to add the 200 % style; the pages themselves are checked under CSP elsewhere
    context.set_default_timeout(15_000)
    page = context.new_page()
    for path in ("/", "/accounts/login/", assembly.get_absolute_url()):
        _check(page, live_server.url + path)
    # The pages fold into a "Menu" that opens without JavaScript; account links stay visible.
    page.goto(live_server.url + "/")
    page.add_style_tag(content=BIG_TEXT)
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    page.get_by_text("Menu", exact=True).click()
    expect(page.locator(".nav-menu").get_by_role("link", name="Which model fits?")).to_be_visible()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill("m0")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    slug = assembly.slug
    for url in (
        reverse("deliberation:session", args=[slug, session.pk]),
        reverse("deliberation:now", args=[slug]),
        reverse("deliberation:session_leave", args=[slug, session.pk]),
    ):
        _check(page, live_server.url + url)
    context.close()
