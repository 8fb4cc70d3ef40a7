"""Calendar feeds (iCalendar)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from assemblea.core.ics import CalendarEvent, ics_calendar
from assemblea.deliberation import selectors, services
from assemblea.deliberation.views._base import _assembly


def _events(request: HttpRequest, sessions: Any) -> list[CalendarEvent]:
    host = request.build_absolute_uri("/").rstrip("/")
    return [
        CalendarEvent(
            uid=f"session-{session.pk}@{request.get_host()}",
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            summary=f"{session.assembly.title}: {session.title}",
            location=session.place or session.online_link,
            description="\n".join(
                part
                for part in (
                    session.access_info,
                    "\n".join(
                        _("%(position)s. %(title)s (%(minutes)s min)")
                        % {
                            "position": item.position,
                            "title": item.title,
                            "minutes": item.minutes_allotted,
                        }
                        for item in session.items.all()
                    ),
                )
                if part
            ),
            url=host
            + reverse(
                "deliberation:session",
                kwargs={"slug": session.assembly.slug, "session_id": session.pk},
            ),
        )
        for session in sessions
    ]


def _ics(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def assembly_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = _assembly(request, slug)
    sessions = selectors.sessions_of(assembly).select_related("assembly")
    body = ics_calendar(assembly.title, _events(request, sessions), stamp=timezone.now())
    return _ics(body, f"{assembly.slug}.ics")


@require_safe
def member_calendar(request: HttpRequest, token: str) -> HttpResponse:
    user, sessions = selectors.sessions_for_member(token)
    # A calendar application fetches the feed with no cookie and its own language: the
    # feed is written in the language the person chose (issue 16).
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        body = ics_calendar(
            _("Assemblea: sessions of %(name)s") % {"name": user},
            _events(request, sessions),
            stamp=timezone.now(),
            language=language,
        )
    return _ics(body, "assemblea.ics")


@login_required
def my_calendar(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.calendar_token_renew(actor=request.user)
        messages.success(
            request, _("Your calendar has a new address; the old one stopped working.")
        )
        return redirect("deliberation:my_calendar")
    token = services.calendar_token_get(actor=request.user)
    url = request.build_absolute_uri(
        reverse("deliberation:member_calendar", kwargs={"token": token.token})
    )
    return render(request, "deliberation/my_calendar.html", {"url": url})
