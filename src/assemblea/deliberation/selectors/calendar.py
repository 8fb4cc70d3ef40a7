"""Reads: a member's calendar feed."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from assemblea.deliberation.models import (
    CalendarToken,
    Session,
)


def sessions_for_member(token: str) -> tuple[Any, QuerySet[Session]]:
    """The member behind a calendar secret and the sessions of every assembly where they hold
    a seat or a role (404 for an unknown secret)."""
    found = CalendarToken.objects.select_related("user").filter(token=token).first()
    if found is None or not found.user.is_active:
        raise Http404(_("No such calendar."))
    user = found.user
    sessions = (
        Session.objects.filter(
            Q(assembly__roles__user=user)
            | Q(
                assembly__categories__holders__user=user,
                assembly__categories__holders__ended_on__isnull=True,
            )
        )
        .select_related("assembly")
        .distinct()
    )
    return user, sessions
