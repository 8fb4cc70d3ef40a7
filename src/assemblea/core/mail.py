"""E-mail, in one place: queued as a background task, sent with a timeout, unsubscribable.

Every e-mail the platform sends goes through `mail_send`:

    mail_send(
        to="someone@example.org",          # one address, or a list of addresses
        subject="…",                        # one line (line breaks become spaces)
        body="…",                           # plain text
        unsubscribe_url="https://…",        # optional: one-click unsubscribe (RFC 8058)
        from_email="",                      # default settings.DEFAULT_FROM_EMAIL
        reply_to=(),                        # optional Reply-To addresses
        headers=None,                       # optional extra headers
    )

* It sends nothing until the surrounding transaction commits: a service that fails sends
  no mail. Then each recipient's message is queued as the django-tasks task `mail_deliver`
  (in-process by default; a worker with ASSEMBLEA_TASKS=database), so a slow or unreachable
  mail server never holds a page up.
* The task opens the mail connection with a timeout: settings.EMAIL_TIMEOUT seconds, or
  DEFAULT_TIMEOUT_SECONDS when that is not set.
* With `unsubscribe_url` (a link that stops this kind of mail for this recipient) the
  message carries `List-Unsubscribe: <url>` and `List-Unsubscribe-Post:
  List-Unsubscribe=One-Click` (RFC 8058: the mail client POSTs to the URL, so it must accept
  a POST without a CSRF token), and the link is written at the end of the body. Such a link
  names one recipient, so it is refused with several addresses.
* The task carries only the id of an `OutgoingMail` row, deleted once the message is sent:
  with the database backend the queue keeps each task's arguments after it ran, and they
  must not hold people's addresses or what was written to them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task

from assemblea.core.models import OutgoingMail

DEFAULT_TIMEOUT_SECONDS = 10.0


def mail_timeout() -> float:
    """Seconds to wait for the mail server before giving up."""
    configured = getattr(settings, "EMAIL_TIMEOUT", None)
    return float(configured) if configured else DEFAULT_TIMEOUT_SECONDS


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def mail_message(
    *,
    to: str,
    subject: str,
    body: str,
    unsubscribe_url: str = "",
    from_email: str = "",
    reply_to: Sequence[str] = (),
    headers: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The message for one recipient, as the JSON the task carries."""
    all_headers = dict(headers or {})
    if unsubscribe_url:
        if any(character in unsubscribe_url for character in "<>\r\n "):
            raise ValueError("an unsubscribe link must be a plain URL")
        all_headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        all_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        body = (
            body.rstrip()
            + "\n\n-- \n"
            + _("To stop these e-mails, open this link: %(url)s") % {"url": unsubscribe_url}
        )
    return {
        "to": [to],
        "subject": _one_line(subject),
        "body": body,
        "from_email": from_email or settings.DEFAULT_FROM_EMAIL,
        "reply_to": list(reply_to),
        "headers": {_one_line(name): _one_line(value) for name, value in all_headers.items()},
    }


def mail_send(
    *,
    to: str | Sequence[str],
    subject: str,
    body: str,
    unsubscribe_url: str = "",
    from_email: str = "",
    reply_to: Sequence[str] = (),
    headers: Mapping[str, str] | None = None,
) -> int:
    """Queue one message per recipient once the transaction commits; the number queued."""
    recipients = [to] if isinstance(to, str) else [address for address in to if address]
    if unsubscribe_url and len(recipients) > 1:
        raise ValueError("an unsubscribe link belongs to one recipient: send one by one")
    messages = [
        mail_message(
            to=address,
            subject=subject,
            body=body,
            unsubscribe_url=unsubscribe_url,
            from_email=from_email,
            reply_to=reply_to,
            headers=headers,
        )
        for address in recipients
    ]
    for message in messages:
        _enqueue_on_commit(OutgoingMail.objects.create(message=message).pk)
    return len(messages)


def _enqueue_on_commit(mail_id: int) -> None:
    transaction.on_commit(lambda: mail_deliver.enqueue(mail_id))


@task()
def mail_deliver(mail_id: int) -> int:
    """Send one queued message, waiting at most `mail_timeout()` for the server; the
    message is deleted once sent (a failed one stays for the task to be run again)."""
    queued = OutgoingMail.objects.filter(pk=mail_id).first()
    if queued is None:
        return 0  # already sent
    sent = mail_deliver_message(queued.message)
    queued.delete()
    return sent


def mail_deliver_message(message: dict[str, Any]) -> int:
    """Send one message now (the task's work, apart from its queue row)."""
    email = EmailMessage(
        subject=message["subject"],
        body=message["body"],
        from_email=message["from_email"],
        to=message["to"],
        reply_to=message.get("reply_to") or None,
        headers=message.get("headers") or {},
    )
    with get_connection(timeout=mail_timeout()) as connection:
        return int(connection.send_messages([email]) or 0)
