"""E-mails to registrants: the built-in wording, the organizer's own, and sending them.

Templates use {placeholders}; only the names in PLACEHOLDERS exist, so a typo is refused
when the organizer saves the template rather than when a letter goes out."""

from __future__ import annotations

import string
from collections.abc import Iterable

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from assemblea.core.mail import mail_send
from assemblea.core.multilingual import label_in
from assemblea.recruitment.models import NoticeKind, NoticeTemplate, Recruitment, Registration
from assemblea.recruitment.seat_accounts import claim_username

# {username}: the username offered with the seat's link (the welcome e-mail), or the one of
# the account that holds the seat; empty before the person is seated. {question}: the
# mandate's question in the person's language.
PLACEHOLDERS = ("name", "assembly", "link", "deadline", "username", "question")


def placeholder_problems(text: str) -> list[str]:
    """Unknown or malformed {placeholders} in a template, as messages for the organizer."""
    try:
        fields = [field for _literal, field, _spec, _conv in string.Formatter().parse(text)]
    except ValueError:
        return [_("A “{” or “}” is not closed. Write {{ or }} for a brace on its own.")]
    unknown = sorted({field for field in fields if field is not None and field not in PLACEHOLDERS})
    return [
        _("There is no placeholder “{%(name)s}”. You can use: %(known)s.")
        % {"name": name, "known": ", ".join("{" + p + "}" for p in PLACEHOLDERS)}
        for name in unknown
    ]


def default_text(kind: str) -> tuple[str, str]:
    """The built-in wording, in the active language."""
    if kind == NoticeKind.REGISTERED:
        return (
            _("You are registered for the lottery of {assembly}"),
            _(
                "Dear {name},\n\nthank you for registering for the lottery of {assembly}. "
                "We will draw the members in public and write to you either way.\n\n"
                "If you want to see or delete the data you gave us, reply to this message."
            ),
        )
    if kind == NoticeKind.SELECTED:
        return (
            _("You were selected for {assembly}: please answer"),
            _(
                "Dear {name},\n\nyou were drawn by lottery to be a member of {assembly}. "
                "Please tell us whether you can take part, here:\n\n{link}\n\n"
                "We pay a stipend and arrange the support you asked for."
            ),
        )
    return (
        _("Welcome to {assembly}"),
        _(
            "Dear {name},\n\nwelcome to {assembly}: your seat is ready. Open this link and "
            "choose a password (or log in, if you already have an account) to claim your "
            "seat and see the sessions, papers and votes:\n\n{link}\n\nYour username "
            "will be {username}. The link works once, for 30 days. Keep it to yourself: "
            "whoever claims it first takes the seat."
        ),
    )


def notice_text(recruitment: Recruitment, kind: str, language: str) -> tuple[str, str]:
    template = NoticeTemplate.objects.filter(
        recruitment=recruitment, kind=kind, language=language
    ).first()
    if template is not None:
        return template.subject, template.body
    with translation.override(language):
        return default_text(kind)


def _fill(text: str, values: dict[str, str]) -> str:
    return string.Formatter().vformat(text, (), values)


def notices_send(
    registrations: Iterable[Registration], kind: str, links: dict[int, str] | None = None
) -> int:
    """Send one notice per registrant who gave an e-mail address; returns how many went."""
    links = links or {}
    sent = 0
    for registration in registrations:
        contact = getattr(registration, "contact", None)
        if contact is None or not contact.email:
            continue
        recruitment = registration.recruitment
        deadline = recruitment.registration_deadline
        subject, body = notice_text(recruitment, kind, contact.language)
        values = {
            "name": contact.name,
            "assembly": recruitment.assembly.title,
            "link": links.get(registration.pk, ""),
            "deadline": deadline.date().isoformat() if deadline else "",
            "username": claim_username(registration),
            # The mandate's question in the person's language (the original until translated).
            "question": label_in(recruitment.assembly.mandate, "question", contact.language),
        }
        # Through the mail task: sent after the transaction commits, with a timeout, never
        # inside the organizer's request.
        sent += mail_send(
            to=contact.email,
            subject=_fill(subject, values),
            body=_fill(body, values),
            from_email=settings.DEFAULT_FROM_EMAIL,
        )
    return sent
