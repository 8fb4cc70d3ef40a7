"""What every write of the record shares: its event, the followers told, required fields."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from assemblea.accountability.models import (
    Follower,
    Recommendation,
    Verdict,
)
from assemblea.accountability.services.followers import unfollow_url
from assemblea.assemblies.models import Assembly
from assemblea.core.events import event_describe
from assemblea.core.mail import mail_send

COMMITTABLE = (Verdict.ACCEPTED, Verdict.PARTIAL)


def _about(recommendation: Recommendation, **data: Any) -> dict[str, Any]:
    """What every recommendation's event carries: which one it is."""
    return {"number": recommendation.number, "title": recommendation.title} | data


def _followers_tell(assembly: Assembly, event: Any) -> None:
    """Once the change is committed, tell the assembly's followers what happened."""
    transaction.on_commit(lambda: _tell_followers(assembly, event_describe(event)))


def _tell_followers(assembly: Assembly, what: str) -> None:
    """One e-mail to each confirmed follower of a public assembly, each with its own
    one-click unsubscribe link."""
    if not assembly.is_public:
        return
    link = settings.BASE_URL + reverse("accountability:tracker", args=[assembly.slug])
    for follower in Follower.objects.filter(assembly=assembly, confirmed_at__isnull=False):
        mail_send(
            to=follower.email,
            subject=assembly.title,
            body=f"{what}\n\n{link}",
            unsubscribe_url=unfollow_url(follower),
        )


def _required(errors: dict[str, list[Any]], field: str, value: str, message: str) -> None:
    if not value.strip():
        errors.setdefault(field, []).append(ValidationError(message, code="required"))
