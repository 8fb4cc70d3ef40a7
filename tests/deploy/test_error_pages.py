"""Error pages in the site's layout and language, saying what happened and where to go; the
500 page renders even when the request's context cannot."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory

from assemblea.config import errors

pytestmark = pytest.mark.django_db


def _client() -> Client:
    return Client(raise_request_exception=False)


def test_404_is_the_sites_page_with_a_way_on() -> None:
    response = _client().get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert 'href="/"' in html


def test_404_speaks_the_visitors_language() -> None:
    response = _client().get("/no/such/page/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 404
    assert '<html lang="es">' in response.content.decode()


def test_500_is_the_sites_page_and_no_debug_page() -> None:
    with mock.patch("assemblea.core.health._database", side_effect=RuntimeError("boom")):
        response = _client().get("/healthz")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert 'class="site-header"' in html
    assert "Traceback" not in html and "boom" not in html
    assert response["X-Request-ID"] in html  # the reference to quote


def test_500_renders_without_the_requests_context(settings) -> None:
    # A context processor that fails, as a broken session or database would.
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "OPTIONS": {"context_processors": ["assemblea.config.errors.force_error"]},
        }
    ]
    response = errors.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_500_falls_back_to_plain_html_when_the_template_fails() -> None:
    with mock.patch("django.template.loader.get_template", side_effect=RuntimeError):
        response = errors.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


def test_403_and_400_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.exceptions import BadRequest

    for exception, status, words in [
        (PermissionDenied, 403, "You are not allowed to do this"),
        (BadRequest, 400, "This request could not be understood"),
    ]:
        with mock.patch("assemblea.core.health._database", side_effect=exception):
            response = _client().get("/healthz")
        assert response.status_code == status
        assert words in response.content.decode()
        assert 'class="site-header"' in response.content.decode()


def test_the_forced_error_url_exists_only_when_asked_for() -> None:
    assert _client().get("/__test__/error").status_code == 404


def test_every_page_links_to_the_source(settings) -> None:
    settings.SOURCE_URL = "https://code.example.org/assemblea"
    html = _client().get("/").content.decode()
    assert 'href="https://code.example.org/assemblea"' in html
