"""Issue 16: the pages with charts on a 390 px phone: every chart is an SVG with its title,
no chart is wider than the screen and no page scrolls sideways; axe finds nothing serious;
a screen reader finds the chart's table of numbers beside it."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from assemblea.assemblies.models import Assembly

SLUG = "riverton-citizens-assembly-on-housing"
WIDTH = 390

CHARTS = """() => [...document.querySelectorAll('svg.svg-chart')].map(svg => ({
  title: svg.querySelector('title')?.textContent || '',
  desc: svg.querySelector('desc')?.textContent || '',
  right: svg.getBoundingClientRect().right,
  width: svg.getBoundingClientRect().width,
}))"""


def _log_in(page: Any, live_server: Any, username: str, language: str = "en") -> None:
    page.context.clear_cookies()
    cookie = {"name": "django_language", "value": language, "url": live_server.url}
    page.context.add_cookies([cookie])
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username" if language == "en" else "Nombre de usuario").fill(username)
    page.get_by_label("Password" if language == "en" else "Contraseña").fill("assemblea-demo")
    page.locator("main form button[type=submit]").click()


def _check(page: Any, url: str, serious_violations: Any, charts: int) -> None:
    page.goto(url)
    found = page.evaluate(CHARTS)
    assert len(found) >= charts, (url, found)
    for chart in found:
        assert chart["title"] and chart["desc"], (url, chart)
        assert chart["width"] > 0 and chart["right"] <= WIDTH, (url, chart)
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH, url
    assert serious_violations(page) == [], url


def test_pages_with_charts_fit_a_phone_and_pass_axe(
    live_server: Any, page: Any, demo: Any, serious_violations: Any
) -> None:
    base = f"{live_server.url}/a/{SLUG}"
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    _check(page, f"{base}/", serious_violations, 1)  # the seats
    _check(page, f"{base}/lottery/", serious_violations, 1)  # the funnel
    council = Assembly.objects.filter(recommendations__answer_due_on__isnull=False).first()
    assert council is not None
    record = f"{live_server.url}/a/{council.slug}/record/"
    _check(page, record, serious_violations, 1)  # the due dates
    _check(page, f"{base}/evaluation/", serious_violations, 1)  # the diverging bars
    table = page.get_by_role("table", name="Answers to each statement: the numbers").first
    expect(table).to_be_visible()
    mixed = next(
        assembly
        for assembly in Assembly.objects.filter(visibility="public")
        if assembly.categories.values("seat_type").distinct().count() > 2
    )
    _check(page, f"{live_server.url}/a/{mixed.slug}/", serious_violations, 1)
    _log_in(page, live_server, "ana")
    _check(page, f"{base}/recruitment/", serious_violations, 2)  # funnel, registrations
    _check(page, f"{base}/manage/composition/", serious_violations, 1)
    # In Spanish too: the chart's words and numbers in the reader's language.
    _log_in(page, live_server, "ana", "es")
    _check(page, record, serious_violations, 1)
    expect(page.locator("table#due-table")).to_contain_text(" de 20")  # "31 de marzo de 2027"
