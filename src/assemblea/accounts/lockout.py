"""Throttled sign-in that a stranger cannot use to lock a member out.

Failed attempts are counted per account and client address: after LOGIN_FAILURE_LIMIT of
them, that account is locked *from that address* for LOGIN_LOCKOUT_MINUTES, while the right
password from anywhere else still works. A client address that fails LOGIN_CLIENT_FAILURE_LIMIT
times across all accounts is locked as a whole, so one machine cannot try many accounts.
The account is what the sign-in name means (username or confirmed e-mail, any case, NFKC),
so "Ana", "ANA", "ａｎａ" and ana's e-mail address share one counter. Counts live in the
database so every app process shares them; locks end by themselves. Used by the sign-in page
and by the admin's."""

from __future__ import annotations

import datetime
import math
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from assemblea.accounts.identity import identifier_key, user_for_identifier
from assemblea.accounts.models import LoginThrottle
from assemblea.core.middleware import client_address

ANY_ACCOUNT = ""


def account_key(identifier: str) -> str:
    """The counter an attempt with this sign-in name goes to: the account it means, or the
    name itself when there is none (so unknown names are throttled alike)."""
    user = user_for_identifier(identifier)
    if user is not None:
        return f"user:{user.pk}"
    return f"name:{identifier_key(identifier)}"[:190]


def _minutes_left(throttle: LoginThrottle | None) -> int:
    if throttle is None or throttle.locked_until is None:
        return 0
    left = (throttle.locked_until - timezone.now()).total_seconds()
    return max(0, math.ceil(left / 60))


def minutes_locked(account: str, client: str) -> tuple[int, bool]:
    """Minutes left on a lock for this account from this client (0 when it may try), and
    whether the lock is on the client address as a whole."""
    rows = {
        row.account: row
        for row in LoginThrottle.objects.filter(client=client, account__in=[account, ANY_ACCOUNT])
    }
    whole = _minutes_left(rows.get(ANY_ACCOUNT))
    if whole:
        return whole, True
    return _minutes_left(rows.get(account)), False


def _count(account: str, client: str, limit: int, now: datetime.datetime) -> None:
    window = datetime.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    try:
        with transaction.atomic():
            throttle, _created = LoginThrottle.objects.select_for_update().get_or_create(
                account=account, client=client
            )
    except IntegrityError:  # another process created it first
        throttle = LoginThrottle.objects.select_for_update().get(account=account, client=client)
    if throttle.last_failure_at and now - throttle.last_failure_at > window:
        throttle.failures = 0
    throttle.failures += 1
    throttle.last_failure_at = now
    if throttle.failures >= limit:
        throttle.locked_until = now + window
        throttle.failures = 0
    throttle.save(update_fields=["failures", "last_failure_at", "locked_until"])


@transaction.atomic
def login_failure_record(account: str, client: str) -> None:
    now = timezone.now()
    _count(account, client, settings.LOGIN_FAILURE_LIMIT, now)
    _count(ANY_ACCOUNT, client, settings.LOGIN_CLIENT_FAILURE_LIMIT, now)


def login_success_record(account: str, client: str) -> None:
    """The right password clears this pair's count (not the client's across accounts, or
    signing in to one's own account between guesses would reset it)."""
    LoginThrottle.objects.filter(account=account, client=client).delete()


def account_locks_lift(user: Any) -> None:
    """A new password chosen through a mailed link ends the account's locks (from every
    address; the per-address counts across accounts stay)."""
    LoginThrottle.objects.filter(account=f"user:{user.pk}").delete()


def _locked_error(minutes: int, whole_client: bool) -> forms.ValidationError:
    if whole_client:
        message = ngettext(
            "Too many failed sign-ins from your network. Try again in %(minutes)d minute.",
            "Too many failed sign-ins from your network. Try again in %(minutes)d minutes.",
            minutes,
        )
    else:
        message = ngettext(
            "Too many failed attempts for this account. Try again in %(minutes)d "
            "minute, or reset your password.",
            "Too many failed attempts for this account. Try again in %(minutes)d "
            "minutes, or reset your password.",
            minutes,
        )
    return forms.ValidationError(message % {"minutes": minutes}, code="locked")


class ThrottledLoginMixin:
    """For an AuthenticationForm: refuse while locked, count failures, clear on success."""

    request: HttpRequest | None
    data: Any

    def clean(self) -> dict[str, Any]:
        identifier = str(self.data.get("username", ""))[:500]
        client = client_address(self.request) if self.request is not None else "unknown"
        account = account_key(identifier)
        minutes, whole_client = minutes_locked(account, client)
        if minutes:
            raise _locked_error(minutes, whole_client)
        try:
            cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        except forms.ValidationError:
            login_failure_record(account, client)
            raise
        login_success_record(account, client)
        return cleaned


class ThrottledAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Your username or e-mail address and password did not match. Please try again."
        ),
    }


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass
