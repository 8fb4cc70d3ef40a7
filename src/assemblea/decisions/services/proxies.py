"""Proxies: a vote carried for a member who gives it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblea.assemblies.models import Assembly, SeatHolder
from assemblea.core.events import assembly_event_record
from assemblea.decisions import events
from assemblea.decisions.models import (
    Proxy,
)
from assemblea.decisions.permissions import DecisionAction, require

# Proxies -------------------------------------------------------------------------------


def may_hold_proxy(assembly: Assembly, user: Any) -> bool:
    """A proxy is a vote carried for someone: only a member whose own seat has a vote may
    carry one (an official without a vote may not, even for a voting member)."""
    return SeatHolder.objects.filter(
        category__assembly=assembly,
        category__may_vote=True,
        user=user,
        ended_on__isnull=True,
        is_alternate=False,
    ).exists()


@transaction.atomic
def proxy_give(*, actor: Any, assembly: Assembly, holder: Any) -> Proxy:
    require(actor, DecisionAction.VOTE, assembly)
    if holder.pk == actor.pk:
        raise ValidationError(
            {
                "holder": ValidationError(
                    _("You cannot give your proxy to yourself."), code="proxy_to_self"
                )
            }
        )
    if not may_hold_proxy(assembly, holder):
        raise ValidationError(
            {
                "holder": ValidationError(
                    _(
                        "A proxy can only go to a member of this assembly whose own seat "
                        "has a vote."
                    ),
                    code="proxy_holder_cannot_vote",
                )
            }
        )
    Proxy.objects.filter(assembly=assembly, giver=actor, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    proxy = Proxy.objects.create(assembly=assembly, giver=actor, holder=holder)
    assembly_event_record(assembly=assembly, verb=events.PROXY_GIVEN, actor=actor, data={})
    return proxy


@transaction.atomic
def proxy_revoke(*, actor: Any, assembly: Assembly) -> None:
    if not Proxy.objects.filter(assembly=assembly, giver=actor, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    ):
        raise ValidationError(_("You have not given your proxy to anyone."), code="no_proxy_given")
    assembly_event_record(assembly=assembly, verb=events.PROXY_REVOKED, actor=actor, data={})
