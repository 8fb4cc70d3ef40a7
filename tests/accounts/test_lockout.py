"""Too many failed sign-ins lock the username for a while, in every app process."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from assemblea.accounts.models import LoginThrottle

pytestmark = pytest.mark.django_db


def _login(client: Any, password: str) -> Any:
    return client.post(reverse("accounts:login"), {"username": "ana", "password": password})


def test_five_failures_lock_the_account_even_with_the_right_password(
    client: Any, make_user: Any, settings: Any
) -> None:
    make_user("ana")
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        assert _login(client, "wrong").status_code == 200
    refused = _login(client, "correct horse battery")
    assert refused.status_code == 200
    assert "Too many failed attempts" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_ends_by_itself_and_success_clears_the_count(
    client: Any, make_user: Any, settings: Any
) -> None:
    make_user("ana")
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        _login(client, "wrong")
    LoginThrottle.objects.update(locked_until=timezone.now() - datetime.timedelta(seconds=1))
    assert _login(client, "correct horse battery").status_code == 302
    assert not LoginThrottle.objects.exists()


def test_a_few_failures_do_not_lock(client: Any, make_user: Any, settings: Any) -> None:
    make_user("ana")
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT - 1):
        _login(client, "wrong")
    assert _login(client, "correct horse battery").status_code == 302
