"""Throttled sign-in: failures count per account and client address (a stranger cannot lock a
member out), with a higher cap per client across accounts, on the site's and the admin's
sign-in page, in the database so every app process shares the counts."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from assemblea.accounts.models import LoginThrottle

pytestmark = pytest.mark.django_db

RIGHT = "correct horse battery"
STRANGER = "203.0.113.66"
MEMBER = "198.51.100.10"


def _login(client: Any, password: str, username: str = "ana", address: str = MEMBER) -> Any:
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def _signed_in(response: Any) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def test_five_failures_lock_the_account_from_that_address_even_with_the_right_password(
    client: Any, make_user: Any, settings: Any
) -> None:
    make_user("ana")
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        assert _login(client, "wrong", address=STRANGER).status_code == 200
    refused = _login(client, RIGHT, address=STRANGER)
    assert refused.status_code == 200
    assert "Too many failed attempts" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_stranger_cannot_lock_the_member_out(client: Any, make_user: Any, settings: Any) -> None:
    make_user("ana")
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT + 3):
        _login(client, "wrong", address=STRANGER)
    assert _signed_in(_login(client, RIGHT, address=MEMBER))


@pytest.mark.parametrize("spelling", ["ANA", "Ana", "ａｎａ", " ana ", "ana@example.org"])
def test_every_spelling_of_the_account_shares_one_counter(
    client: Any, make_user: Any, settings: Any, spelling: str
) -> None:
    make_user("ana", email="ana@example.org", email_verified_at=timezone.now())
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        _login(client, "wrong", username=spelling, address=STRANGER)
    for other in ("ana", "ＡＮＡ", "ana@EXAMPLE.org"):
        refused = _login(client, RIGHT, username=other, address=STRANGER)
        assert "Too many failed attempts" in refused.content.decode(), other
    assert LoginThrottle.objects.filter(client=STRANGER).exclude(account="").count() == 1


def test_one_client_failing_across_many_accounts_is_locked_as_a_whole(
    client: Any, make_user: Any, settings: Any
) -> None:
    settings.LOGIN_CLIENT_FAILURE_LIMIT = 6
    make_user("ana")
    for number in range(6):
        _login(client, "wrong", username=f"someone{number}", address=STRANGER)
    refused = _login(client, RIGHT, address=STRANGER)
    assert "Too many failed sign-ins from your network" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    assert _signed_in(_login(client, RIGHT, address=MEMBER))


def test_signing_in_to_ones_own_account_does_not_reset_the_client_count(
    client: Any, make_user: Any, settings: Any
) -> None:
    settings.LOGIN_CLIENT_FAILURE_LIMIT = 6
    make_user("mallory")
    for number in range(6):
        _login(client, "wrong", username=f"victim{number}", address=STRANGER)
        if number == 2:
            assert _signed_in(_login(client, RIGHT, username="mallory", address=STRANGER))
            client.logout()
    refused = _login(client, RIGHT, username="mallory", address=STRANGER)
    assert "Too many failed sign-ins from your network" in refused.content.decode()


def test_the_lock_ends_by_itself_and_success_clears_the_pair_count(
    client: Any, make_user: Any, settings: Any
) -> None:
    make_user("ana")
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        _login(client, "wrong")
    LoginThrottle.objects.update(locked_until=timezone.now() - datetime.timedelta(seconds=1))
    assert _signed_in(_login(client, RIGHT))
    assert not LoginThrottle.objects.exclude(account="").exists()


def test_a_few_failures_do_not_lock(client: Any, make_user: Any, settings: Any) -> None:
    make_user("ana")
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT - 1):
        _login(client, "wrong")
    assert _signed_in(_login(client, RIGHT))


def test_the_admin_sign_in_is_throttled_and_shares_the_count(
    client: Any, make_user: Any, settings: Any
) -> None:
    make_user("root", is_staff=True, is_superuser=True)
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT - 1):
        client.post(
            "/admin/login/", {"username": "root", "password": "wrong"}, REMOTE_ADDR=STRANGER
        )
    _login(client, "wrong", username="root", address=STRANGER)
    refused = client.post(
        "/admin/login/", {"username": "root", "password": RIGHT}, REMOTE_ADDR=STRANGER
    )
    assert refused.status_code == 200
    assert "Too many failed attempts" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    signed_in = client.post(
        "/admin/login/", {"username": "root", "password": RIGHT}, REMOTE_ADDR=MEMBER
    )
    assert signed_in.status_code == 302


def test_behind_the_trusted_proxy_clients_are_told_apart_by_x_forwarded_for(
    client: Any, make_user: Any, settings: Any
) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    make_user("ana")
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        client.post(
            reverse("accounts:login"),
            {"username": "ana", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=STRANGER,
        )
    assert LoginThrottle.objects.filter(client=STRANGER).exists()
    response = client.post(
        reverse("accounts:login"),
        {"username": "ana", "password": RIGHT},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=MEMBER,
    )
    assert _signed_in(response)


def test_control_characters_in_the_name_are_refused_without_an_error(
    client: Any, make_user: Any
) -> None:
    make_user("ana")
    response = _login(client, "wrong", username="an\x00a")
    assert response.status_code == 200


def test_choosing_a_new_password_through_the_mailed_link_lifts_the_lock(
    client: Any, make_user: Any, settings: Any
) -> None:
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    ana = make_user("ana", email="ana@example.org")
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        _login(client, "wrong", address=MEMBER)
    assert "Too many failed attempts" in _login(client, RIGHT).content.decode()
    link = reverse(
        "accounts:password_set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(ana.pk)),
            "token": default_token_generator.make_token(ana),
        },
    )
    form = client.get(link, follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a long new passphrase", "new_password2": "a long new passphrase"},
    )
    assert _signed_in(_login(client, "a long new passphrase"))
