"""Sign-in with the username or the confirmed e-mail address, in any case and NFKC form;
usernames are stored normalised at sign-up."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.urls import reverse
from django.utils import timezone

from assemblea.accounts.models import User

pytestmark = pytest.mark.django_db
RIGHT = "correct horse battery"


@pytest.mark.parametrize("typed", ["ana", "Ana", "ANA", "ａｎａ", "  ana"])
def test_the_username_signs_in_in_any_case_and_width(make_user: Any, typed: str) -> None:
    ana = make_user("ana")
    assert authenticate(username=typed, password=RIGHT) == ana


def test_an_older_mixed_case_username_keeps_working(make_user: Any) -> None:
    old = make_user("Rhea")
    assert authenticate(username="Rhea", password=RIGHT) == old
    assert authenticate(username="rhea", password=RIGHT) == old


def test_a_confirmed_e_mail_address_signs_in(make_user: Any) -> None:
    ana = make_user("ana", email="Ana@Example.org", email_verified_at=timezone.now())
    assert authenticate(username="ana@example.org", password=RIGHT) == ana
    assert authenticate(username="ＡＮＡ@example.org", password=RIGHT) == ana


def test_an_unconfirmed_e_mail_address_does_not(make_user: Any) -> None:
    make_user("ana", email="ana@example.org")
    assert authenticate(username="ana@example.org", password=RIGHT) is None


def test_a_wrong_password_is_refused(make_user: Any) -> None:
    make_user("ana", email="ana@example.org", email_verified_at=timezone.now())
    assert authenticate(username="ana", password="wrong") is None
    assert authenticate(username="ana@example.org", password="wrong") is None
    assert authenticate(username="nobody", password=RIGHT) is None


def _signup(client: Any, username: str, email: str = "new@example.org") -> Any:
    return client.post(
        reverse("accounts:signup"),
        {
            "username": username,
            "email": email,
            "display_name": "",
            "preferred_language": "en",
            "password1": "a long unusual passphrase",
            "password2": "a long unusual passphrase",
        },
    )


def test_sign_up_stores_the_username_normalised(client: Any) -> None:
    assert _signup(client, "Ｌｅｎａ").status_code == 302
    assert User.objects.get().username == "lena"


@pytest.mark.parametrize("taken", ["LENA", "ｌｅｎａ", "Lena"])
def test_sign_up_refuses_a_username_that_differs_only_in_case_or_width(
    client: Any, make_user: Any, taken: str
) -> None:
    make_user("lena")
    response = _signup(client, taken)
    assert response.status_code == 200
    assert "This username is taken" in response.content.decode()
    assert User.objects.count() == 1


def test_sign_up_refuses_a_username_with_an_at_sign(client: Any, make_user: Any) -> None:
    make_user("victim", email="victim@example.org", email_verified_at=timezone.now())
    response = _signup(client, "victim@example.org", email="mallory@example.org")
    assert response.status_code == 200
    assert "cannot contain" in response.content.decode()


def test_the_login_page_signs_in_with_the_e_mail_address(client: Any, make_user: Any) -> None:
    make_user("ana", email="ana@example.org", email_verified_at=timezone.now())
    response = client.post(
        reverse("accounts:login"), {"username": "ANA@example.org", "password": RIGHT}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
