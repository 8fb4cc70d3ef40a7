"""Writes: a member's personal calendar secret."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from assemblea.deliberation.models import (
    CalendarToken,
    new_calendar_token,
)


@transaction.atomic
def calendar_token_get(*, actor: Any) -> CalendarToken:
    """The member's personal calendar secret, made on first use."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied(_("Log in to get your calendar link."))
    token, _created = CalendarToken.objects.get_or_create(user=actor)
    return token


@transaction.atomic
def calendar_token_renew(*, actor: Any) -> CalendarToken:
    """A new secret: the old address stops working (if it was shared by mistake)."""
    token = calendar_token_get(actor=actor)
    token.token = new_calendar_token()
    token.save(update_fields=["token"])
    return token
