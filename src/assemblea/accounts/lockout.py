"""Account lockout: too many failed sign-ins lock a username for a while.

Counted per username (not per address), so guessing one account's password from many
machines is stopped too; the lock ends by itself, so nobody is locked out for good."""

from __future__ import annotations

import datetime
import math
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import ngettext

from assemblea.accounts.models import LoginThrottle


def _key(username: str) -> str:
    return username.strip().lower()[:150]


def minutes_locked(username: str) -> int:
    """Minutes left on the lock of this username, 0 when it may try."""
    throttle = LoginThrottle.objects.filter(username=_key(username)).first()
    if throttle is None or throttle.locked_until is None:
        return 0
    left = (throttle.locked_until - timezone.now()).total_seconds()
    return max(0, math.ceil(left / 60))


@transaction.atomic
def login_failure_record(username: str) -> None:
    key = _key(username)
    if not key:
        return
    throttle, _created = LoginThrottle.objects.select_for_update().get_or_create(username=key)
    now = timezone.now()
    window = datetime.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    if throttle.last_failure_at and now - throttle.last_failure_at > window:
        throttle.failures = 0
    LoginThrottle.objects.filter(pk=throttle.pk).update(failures=F("failures") + 1)
    throttle.refresh_from_db()
    throttle.last_failure_at = now
    if throttle.failures >= settings.LOGIN_FAILURE_LIMIT:
        throttle.locked_until = now + window
        throttle.failures = 0
    throttle.save(update_fields=["failures", "last_failure_at", "locked_until"])


def login_success_record(username: str) -> None:
    LoginThrottle.objects.filter(username=_key(username)).delete()


class ThrottledAuthenticationForm(AuthenticationForm):
    def clean(self) -> dict[str, Any]:
        username = self.data.get("username", "")
        minutes = minutes_locked(username)
        if minutes:
            raise forms.ValidationError(
                ngettext(
                    "Too many failed attempts for this account. Try again in %(minutes)d "
                    "minute, or reset your password.",
                    "Too many failed attempts for this account. Try again in %(minutes)d "
                    "minutes, or reset your password.",
                    minutes,
                )
                % {"minutes": minutes},
                code="locked",
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            login_failure_record(username)
            raise
        login_success_record(username)
        return cleaned
