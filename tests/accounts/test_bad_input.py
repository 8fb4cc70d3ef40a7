"""Bad input to the accounts views is a message, a 400 or a 404: never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from assemblea.accounts.models import Organization, OrganizationKind
from assemblea.accounts.services import organization_create

pytestmark = pytest.mark.django_db

NASTY = ["", "\x00", "x" * 5000, "1e9", "-1", "ñ\u202e", "<script>", "[]", "%00"]


@pytest.fixture
def admin_client(make_user: Any) -> tuple[Client, Organization]:
    admin = make_user("admin")
    city = organization_create(actor=admin, name="City", kind=OrganizationKind.GOVERNMENT)
    client = Client(raise_request_exception=False)
    client.force_login(admin)
    return client, city


@pytest.mark.parametrize("value", NASTY)
def test_adding_a_person(admin_client: Any, value: str) -> None:
    client, city = admin_client
    url = reverse("accounts:organization", kwargs={"slug": city.slug})
    for data in ({"username": value, "role": "member"}, {"username": "admin", "role": value}):
        assert client.post(url, data).status_code in {200, 302}


@pytest.mark.parametrize("value", NASTY)
def test_creating_an_organization(admin_client: Any, value: str) -> None:
    client, _city = admin_client
    url = reverse("accounts:organization_create")
    for data in (
        {"name": value, "kind": "community"},
        {"name": "N", "kind": value},
        {"name": "N", "kind": "community", "website": "https://example.org/" + value},
        {"name": "N", "kind": "community", "description": value},
    ):
        assert client.post(url, data).status_code in {200, 302}


@pytest.mark.parametrize("value", NASTY)
def test_the_profile(admin_client: Any, value: str) -> None:
    client, _city = admin_client
    url = reverse("accounts:profile")
    for data in (
        {"display_name": value, "preferred_language": "en"},
        {"display_name": "A", "preferred_language": value},
        {"display_name": "A", "preferred_language": "en", "access_needs": value},
        {"display_name": "A", "preferred_language": "en", "access_notes": value},
    ):
        assert client.post(url, data).status_code in {200, 302}


@pytest.mark.parametrize("value", NASTY)
def test_signing_up_and_in(value: str) -> None:
    client = Client(raise_request_exception=False)
    for field in ("username", "email", "display_name", "preferred_language", "password1"):
        data = {
            "username": "lena",
            "email": "lena@example.org",
            "preferred_language": "en",
            "password1": "a long unusual passphrase",
            "password2": "a long unusual passphrase",
        } | {field: value}
        assert client.post(reverse("accounts:signup"), data).status_code in {200, 302}
    for data in ({"username": value, "password": "x"}, {"username": "lena", "password": value}):
        assert client.post(reverse("accounts:login"), data).status_code in {200, 302}
    assert client.post("/admin/login/", {"username": value, "password": "x"}).status_code == 200


@pytest.mark.parametrize("token", ["x", "a:b:c", "e30:1:2", "x" * 3000, "%00", "é"])
def test_a_bad_confirmation_link(token: str) -> None:
    client = Client(raise_request_exception=False)
    url = reverse("accounts:email_verify", kwargs={"token": token})
    assert client.get(url).status_code == 400
    assert client.post(url).status_code == 400


def test_an_unknown_organization_is_a_404(admin_client: Any) -> None:
    client, _city = admin_client
    url = reverse("accounts:organization", kwargs={"slug": "nowhere"})
    assert client.get(url).status_code == 404
    assert client.post(url, {"username": "x", "role": "member"}).status_code == 404
