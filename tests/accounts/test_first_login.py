"""Issue 16: a new member learns their username and can log in with it or the e-mail address."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.urls import reverse

from assemblea.accounts import services

pytestmark = pytest.mark.django_db
PASS = "a long new passphrase"


def test_the_login_field_turns_off_phone_keyboards_capitalisation(client: Any) -> None:
    html = client.get(reverse("accounts:login")).content.decode()
    field = html[html.index('id="id_username"') - 80 : html.index('id="id_username"') + 300]
    for attribute in (
        'autocapitalize="none"',
        'autocorrect="off"',
        'autocomplete="username"',
        'spellcheck="false"',
    ):
        assert attribute in field


def test_the_password_page_states_the_username_and_the_e_mail_then_signs_in(client: Any) -> None:
    user, path = services.account_invite(email="Nuria@example.org", name="Nuria", language="en")
    form = client.get(path, follow=True)
    assert user.username in form.content.decode()
    client.post(form.redirect_chain[-1][0], {"new_password1": PASS, "new_password2": PASS})
    assert authenticate(username=user.username, password=PASS) == user
    assert authenticate(username="nuria@example.org", password=PASS) == user


def test_the_welcome_after_sign_up_gives_the_username_in_the_chosen_language(client: Any) -> None:
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "lucia",
            "email": "lucia@example.org",
            "display_name": "Lucía",
            "preferred_language": "es",
            "password1": PASS,
            "password2": PASS,
        },
        follow=True,
    )
    texts = [str(m) for m in response.context["messages"]]
    assert any("lucia" in text and "Tu cuenta está lista" in text for text in texts), texts
