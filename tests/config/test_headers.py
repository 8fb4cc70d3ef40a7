"""Security headers on every page, and HTTPS as a trusted proxy reports it (and only then)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from assemblea.core.middleware import client_address

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"
STRANGER = "203.0.113.9"


@pytest.fixture
def behind_proxy(settings: Any) -> Any:
    settings.TRUSTED_PROXIES = [PROXY]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SESSION_COOKIE_SECURE = True
    return settings


@pytest.mark.parametrize("name", ["site:home", "accounts:login", "accounts:signup"])
def test_every_page_has_the_security_headers(client: Client, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert directives["form-action"] == "'self'"
    assert "unsafe-eval" not in policy and "unsafe-inline" not in policy
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_the_admin_login_has_them_too(client: Client) -> None:
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_https_from_the_trusted_proxy_is_believed(client: Client, behind_proxy: Any) -> None:
    response = client.get(
        reverse("accounts:login"), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="https"
    )
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_x_forwarded_proto_from_anyone_else_is_not(client: Client, behind_proxy: Any) -> None:
    response = client.get(
        reverse("accounts:login"), REMOTE_ADDR=STRANGER, HTTP_X_FORWARDED_PROTO="https"
    )
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    assert "Strict-Transport-Security" not in response


def test_plain_http_through_the_proxy_is_redirected(client: Client, behind_proxy: Any) -> None:
    response = client.get(
        reverse("accounts:login"), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="http"
    )
    assert response.status_code == 301


def test_a_client_cannot_prepend_its_own_https(client: Client, behind_proxy: Any) -> None:
    response = client.get(
        reverse("accounts:login"), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="https, http"
    )
    assert response.status_code == 301


def test_the_client_address_is_read_from_x_forwarded_for_only_behind_the_proxy(
    rf: Any, settings: Any
) -> None:
    settings.TRUSTED_PROXIES = [PROXY]
    forwarded = "198.51.100.7, 192.0.2.44"
    assert client_address(rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)) == (
        "192.0.2.44"
    )
    assert (
        client_address(rf.get("/", REMOTE_ADDR=STRANGER, HTTP_X_FORWARDED_FOR=forwarded))
        == STRANGER
    )
    assert client_address(rf.get("/", REMOTE_ADDR=PROXY)) == PROXY


def test_no_template_needs_an_inline_style() -> None:
    """The policy allows no style="…" attribute, so no template may carry one."""
    from pathlib import Path

    import assemblea

    templates = Path(assemblea.__file__).parent / "templates"
    carrying = [
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if re.search(r"\sstyle\s*=", path.read_text(encoding="utf-8"))
    ]
    assert carrying == []
