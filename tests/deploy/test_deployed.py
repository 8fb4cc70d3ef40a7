"""A journey through a deployed site: the wheel installed in a fresh virtualenv, two
`assemblea serve` processes and a task worker behind nginx with TLS, on PostgreSQL
(deploy/ci-production.sh sets it up in CI). Skipped unless ASSEMBLEA_DEPLOYED_URL points at
such a site (https://…, its demo data loaded with `load_demo`, and ASSEMBLEA_TEST_ERROR_URL
on for the forced 500)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

DEPLOYED_URL = os.environ.get("ASSEMBLEA_DEPLOYED_URL", "").rstrip("/")
PLAIN_URL = os.environ.get("ASSEMBLEA_DEPLOYED_HTTP_URL", "").rstrip("/")
CHROMIUM = Path(os.environ.get("ASSEMBLEA_CHROMIUM", "/usr/bin/chromium"))
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    # The CI certificate is self-signed.
    "--ignore-certificate-errors",
]

pytestmark = [
    pytest.mark.deployed,
    pytest.mark.skipif(not DEPLOYED_URL, reason="ASSEMBLEA_DEPLOYED_URL is not set"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=FLAGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(ignore_https_errors=True, locale="en-GB")
    context.set_default_timeout(20_000)
    opened = context.new_page()
    yield opened
    context.close()


def test_pages_come_over_https_with_hsts_csp_and_a_request_id(page: Any) -> None:
    response = page.goto(DEPLOYED_URL + "/")
    assert response.status == 200
    assert page.url.startswith("https://")
    headers = response.headers
    assert "max-age=31536000" in headers["strict-transport-security"]
    assert "default-src 'self'" in headers["content-security-policy"]
    assert "script-src 'self'" in headers["content-security-policy"]
    assert re.fullmatch(r"[0-9a-f]{32}", headers["x-request-id"])  # nginx's $request_id
    assert headers.get("content-encoding") == "gzip"
    # AGPL §13: the source is one click away.
    assert page.get_by_role("link", name="Source code").count() == 1


def test_plain_http_is_sent_to_https(page: Any) -> None:
    if not PLAIN_URL:
        pytest.skip("ASSEMBLEA_DEPLOYED_HTTP_URL is not set")
    response = page.request.get(PLAIN_URL + "/", max_redirects=0)
    assert response.status == 301
    assert response.headers["location"].startswith("https://")


def test_static_files_are_fingerprinted_compressed_and_cached(page: Any) -> None:
    page.goto(DEPLOYED_URL + "/")
    href = page.locator("link[rel=stylesheet]").first.get_attribute("href")
    assert re.search(r"assemblea\.[0-9a-f]{12}\.css$", href), href
    css = page.request.get(DEPLOYED_URL + href, headers={"Accept-Encoding": "gzip"})
    assert css.status == 200
    assert "immutable" in css.headers["cache-control"]
    assert "max-age=31536000" in css.headers["cache-control"]


def test_a_demo_member_signs_in_and_reads_a_public_assembly(page: Any) -> None:
    page.goto(DEPLOYED_URL + "/accounts/login/")
    page.get_by_label("Username").fill("ana")
    page.get_by_label("Password").fill("assemblea-demo")
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    # Signed in (ana reads the site in her preferred language, Spanish): the log-out form,
    # and a session cookie only for HTTPS.
    assert page.locator("form[action='/accounts/logout/'] button").count() == 1
    assert page.locator("html").get_attribute("lang") == "es"
    cookies = {cookie["name"]: cookie for cookie in page.context.cookies()}
    assert cookies["sessionid"]["secure"] and cookies["sessionid"]["httpOnly"]
    page.goto(DEPLOYED_URL + "/assemblies/")
    first = page.locator("main a[href^='/a/']").first
    title = first.inner_text().strip()
    with page.expect_navigation():
        first.click()
    assert title and title in page.locator("h1").first.inner_text()


def test_the_health_check_answers_with_the_worker_seen(page: Any) -> None:
    response = page.request.get(DEPLOYED_URL + "/healthz")
    assert response.status == 200
    body = json.loads(response.text())
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "migrations": "ok", "tasks": "ok"}
    assert "set-cookie" not in response.headers


def test_a_missing_page_is_the_sites_404(page: Any) -> None:
    response = page.goto(DEPLOYED_URL + "/no/such/page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert page.locator("header.site-header").count() == 1


def test_an_error_is_the_sites_500_and_never_a_debug_page(page: Any) -> None:
    response = page.goto(DEPLOYED_URL + "/__test__/error")
    assert response.status == 500
    html = page.content()
    assert "Something went wrong on our side" in html
    assert page.locator("header.site-header").count() == 1
    for debug in ("Traceback", "DEBUG = True", "forced error", "Django Version"):
        assert debug not in html
    assert response.headers["x-request-id"] in html
