"""The record's dates as a calendar: the response deadline, due commitments, milestones and
progress reports, so respondents and followers see them coming."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblea.accountability import selectors
from assemblea.assemblies.models import Assembly
from assemblea.core.ics import CalendarEvent, ics_calendar


def record_calendar(assembly: Assembly, site: str) -> str:
    site = site.rstrip("/")
    tracker = site + reverse("accountability:tracker", args=[assembly.slug])
    events = []
    for item in selectors.recommendations_of(assembly):
        link = site + reverse("accountability:recommendation", args=[assembly.slug, item.number])
        if item.answer_due_on and not item.dropped_on:
            events.append(
                CalendarEvent(
                    uid=f"answer-{item.pk}@assemblea",
                    summary=_("Answer due: %(number)s. %(title)s")
                    % {"number": item.number, "title": item.title},
                    starts_at=item.answer_due_on,
                    description=item.addressed_to,
                    url=link,
                )
            )
        for commitment in item.commitments.all():
            if commitment.due_on:
                events.append(
                    CalendarEvent(
                        uid=f"commitment-{commitment.pk}@assemblea",
                        summary=_("Due: %(title)s") % {"title": commitment.title},
                        starts_at=commitment.due_on,
                        description=commitment.office,
                        url=link,
                    )
                )
            for milestone in commitment.milestones.all():
                events.append(
                    CalendarEvent(
                        uid=f"milestone-{milestone.pk}@assemblea",
                        summary=_("Milestone: %(title)s") % {"title": milestone.title},
                        starts_at=milestone.due_on,
                        url=link,
                    )
                )
    horizon = timezone.localdate() + datetime.timedelta(days=3 * 365)
    for number, due in enumerate(selectors.progress_reports_due(assembly, horizon), start=1):
        events.append(
            CalendarEvent(
                uid=f"report-{assembly.pk}-{number}@assemblea",
                summary=_("Progress report due: %(title)s") % {"title": assembly.title},
                starts_at=due,
                url=tracker,
            )
        )
    return ics_calendar(_("%(title)s: public record") % {"title": assembly.title}, events)
