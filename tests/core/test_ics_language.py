"""Issue 16: the personal calendar feed is written in the person's language, whatever the
calendar application that fetches it says it speaks; each text says its language."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from assemblea.core.ics import CalendarEvent, ics_calendar
from assemblea.deliberation import services
from tests.deliberation.conftest import room

__all__ = ["room"]


def test_a_calendar_in_a_language_tags_every_text_with_it() -> None:
    event = CalendarEvent(
        uid="1@x",
        summary="Sesión",
        starts_at=datetime.date(2027, 1, 1),
        location="Sala",
        description="Orden",
    )
    body = ics_calendar("Calendario", [event], language="es")
    lines = body.split("\r\n")
    assert "SUMMARY;LANGUAGE=es:Sesión" in lines
    assert "LOCATION;LANGUAGE=es:Sala" in lines
    assert "DESCRIPTION;LANGUAGE=es:Orden" in lines
    assert "SUMMARY:Sesión" in ics_calendar("C", [event]).split("\r\n")


@pytest.mark.django_db
def test_the_personal_feed_speaks_the_persons_language(room: Any, client: Any) -> None:
    member = room.members[0]
    member.preferred_language = "es"
    member.save(update_fields=["preferred_language"])
    token = services.calendar_token_get(actor=member)
    url = reverse("deliberation:member_calendar", args=[token.token])
    body = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"X-WR-CALNAME:Assemblea: sesiones de {member}" in body
    assert "SUMMARY;LANGUAGE=es:" in body
    member.preferred_language = "en"
    member.save(update_fields=["preferred_language"])
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert f"X-WR-CALNAME:Assemblea: sessions of {member}" in english
    assert "SUMMARY;LANGUAGE=en:" in english
