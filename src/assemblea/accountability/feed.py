"""Entries of the record's RSS feed, newest first."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblea.accountability.models import (
    CommitmentStatus,
    ProgressUpdate,
    Recommendation,
    Response,
    Verdict,
)
from assemblea.assemblies.models import Assembly


@dataclass
class Entry:
    guid: str
    title: str
    description: str
    link: str
    when: datetime.datetime


def _midday(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def record_entries(assembly: Assembly) -> list[Entry]:
    entries = []
    for item in Recommendation.objects.filter(assembly=assembly):
        link = reverse("accountability:recommendation", args=[assembly.slug, item.number])
        entries.append(
            Entry(
                f"adopted-{item.pk}",
                _("Adopted: %(number)s. %(title)s") % {"number": item.number, "title": item.title},
                item.text[:500],
                link,
                _midday(item.adopted_on),
            )
        )
    for response in Response.objects.filter(recommendation__assembly=assembly).select_related(
        "recommendation"
    ):
        item = response.recommendation
        entries.append(
            Entry(
                f"response-{response.pk}",
                _("Answer to %(number)s: %(verdict)s")
                % {"number": item.number, "verdict": Verdict(response.verdict).label},
                response.reasons or response.actions,
                reverse("accountability:recommendation", args=[assembly.slug, item.number]),
                response.published_at,
            )
        )
    for update in ProgressUpdate.objects.filter(
        commitment__recommendation__assembly=assembly
    ).select_related("commitment__recommendation"):
        item = update.commitment.recommendation
        entries.append(
            Entry(
                f"progress-{update.pk}",
                _("%(commitment)s: %(progress)s %% (%(status)s)")
                % {
                    "commitment": update.commitment.title,
                    "progress": update.progress,
                    "status": CommitmentStatus(update.status).label,
                },
                update.note,
                reverse("accountability:recommendation", args=[assembly.slug, item.number]),
                _midday(update.reported_on),
            )
        )
    return sorted(entries, key=lambda entry: entry.when, reverse=True)
