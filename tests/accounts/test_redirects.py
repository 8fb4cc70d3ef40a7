"""After sign-up, sign-in or creating an organization, `next` leads only to this site."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from assemblea.accounts.models import OrganizationKind

pytestmark = pytest.mark.django_db

ELSEWHERE = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "http:evil.example",
    "https:/evil.example",
    "javascript:alert(1)",
    " //evil.example",
]


def _signup_data(username: str) -> dict[str, str]:
    return {
        "username": username,
        "email": f"{username}@example.org",
        "preferred_language": "en",
        "password1": "a long unusual passphrase",
        "password2": "a long unusual passphrase",
    }


def _stays_here(response: Any) -> None:
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location
    assert "evil" not in location


@pytest.mark.parametrize("target", ELSEWHERE)
def test_sign_up_does_not_redirect_elsewhere(client: Any, target: str) -> None:
    response = client.post(
        reverse("accounts:signup") + "?" + f"next={target}", _signup_data("lena")
    )
    _stays_here(response)


def test_sign_up_follows_a_next_page_of_this_site(client: Any) -> None:
    response = client.post(reverse("accounts:signup") + "?next=/assemblies/", _signup_data("lena"))
    assert response["Location"] == "/assemblies/"


@pytest.mark.parametrize("target", ELSEWHERE)
def test_creating_an_organization_does_not_redirect_elsewhere(
    client: Any, make_user: Any, target: str
) -> None:
    client.force_login(make_user("ana"))
    response = client.post(
        reverse("accounts:organization_create") + "?" + f"next={target}",
        {"name": "Northside", "kind": OrganizationKind.COMMUNITY},
    )
    _stays_here(response)
    assert response["Location"].startswith("/accounts/organizations/")


def test_creating_an_organization_follows_a_next_page_of_this_site(
    client: Any, make_user: Any
) -> None:
    client.force_login(make_user("ana"))
    response = client.post(
        reverse("accounts:organization_create") + "?next=/assemblies/new/",
        {"name": "Northside", "kind": OrganizationKind.COMMUNITY},
    )
    assert response["Location"] == "/assemblies/new/"


@pytest.mark.parametrize("target", ELSEWHERE)
def test_sign_in_does_not_redirect_elsewhere(client: Any, make_user: Any, target: str) -> None:
    make_user("ana")
    response = client.post(
        reverse("accounts:login"),
        {"username": "ana", "password": "correct horse battery", "next": target},
    )
    _stays_here(response)
