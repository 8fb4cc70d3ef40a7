"""iCalendar (RFC 5545) feeds, written by hand: the format is small. Timed events (sessions)
and all-day ones (deadlines, milestones). A feed written for one person in their language
says so (`language=`: the LANGUAGE parameter of every text, §3.2.10)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

PRODUCT = "-//Assemblea//EN"

When = datetime.date | datetime.datetime


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    summary: str
    starts_at: When
    ends_at: When | None = None  # default: an hour, or the whole day
    location: str = ""
    description: str = ""
    url: str = ""


def _text(value: str) -> str:
    """Escape TEXT values: backslash, semicolon, comma and newlines (RFC 5545 §3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _when(name: str, value: When) -> str:
    if isinstance(value, datetime.datetime):
        return f"{name}:{_utc(value)}"
    return f"{name};VALUE=DATE:{value:%Y%m%d}"


def _fold(line: str) -> list[str]:
    """Lines of at most 75 octets; continuation lines begin with a space (§3.1)."""
    folded: list[str] = []
    current = ""
    for char in line:
        limit = 75 if not folded else 74
        if len((current + char).encode("utf-8")) > limit:
            folded.append(current)
            current = char
        else:
            current += char
    folded.append(current)
    return [folded[0], *(" " + part for part in folded[1:])]


def ics_calendar(
    name: str,
    events: Iterable[CalendarEvent],
    *,
    stamp: datetime.datetime | None = None,
    language: str = "",
) -> str:
    stamp = stamp or datetime.datetime.now(datetime.UTC)
    tag = f";LANGUAGE={language}" if language else ""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_text(name)}",
    ]
    for event in events:
        end = event.ends_at
        if end is None:
            end = event.starts_at + (
                datetime.timedelta(hours=1)
                if isinstance(event.starts_at, datetime.datetime)
                else datetime.timedelta(days=1)
            )
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{_utc(stamp)}",
            _when("DTSTART", event.starts_at),
            _when("DTEND", end),
            f"SUMMARY{tag}:{_text(event.summary)}",
        ]
        if event.location:
            lines.append(f"LOCATION{tag}:{_text(event.location)}")
        if event.description:
            lines.append(f"DESCRIPTION{tag}:{_text(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
