"""core.mail: every e-mail is a task, sent with a timeout, after the transaction commits."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.db import transaction
from django_tasks.signals import task_enqueued

from assemblea.core import mail as core_mail
from assemblea.core.mail import DEFAULT_TIMEOUT_SECONDS, mail_send, mail_timeout
from assemblea.core.models import OutgoingMail

pytestmark = pytest.mark.django_db(transaction=True)

UNSUBSCRIBE = "https://assemblea.example.org/a/x/record/unfollow/abc/"


@pytest.fixture(autouse=True)
def mail_in_the_request(settings: Any) -> None:
    """The task runs where it is queued, so each test reads what was sent (on every database;
    the suite's PostgreSQL run otherwise queues tasks for database workers)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def enqueued() -> Any:
    names: list[str] = []

    def seen(sender: Any, task_result: Any, **kwargs: Any) -> None:
        names.append(task_result.task.name)

    task_enqueued.connect(seen)
    yield names
    task_enqueued.disconnect(seen)


def test_each_recipient_gets_a_message_through_the_task(enqueued: list[str]) -> None:
    assert mail_send(to=["a@example.org", "b@example.org"], subject="Hello", body="Hi.") == 2
    assert enqueued == ["mail_deliver", "mail_deliver"]
    assert [m.to for m in mail.outbox] == [["a@example.org"], ["b@example.org"]]
    assert mail.outbox[0].from_email == "Assemblea <assemblea@localhost>"


def test_nothing_is_sent_when_the_transaction_rolls_back(enqueued: list[str]) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        mail_send(to="a@example.org", subject="Hello", body="Hi.")
        assert mail.outbox == []
        raise RuntimeError("the service failed")
    assert mail.outbox == [] and enqueued == []


def test_the_unsubscribe_link_is_in_the_headers_and_the_body() -> None:
    mail_send(to="a@example.org", subject="News", body="Things.", unsubscribe_url=UNSUBSCRIBE)
    message = mail.outbox[0]
    assert message.extra_headers["List-Unsubscribe"] == f"<{UNSUBSCRIBE}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.body.startswith("Things.") and UNSUBSCRIBE in message.body
    raw = message.message().as_string()
    assert f"List-Unsubscribe: <{UNSUBSCRIBE}>" in raw


def test_an_unsubscribe_link_belongs_to_one_recipient() -> None:
    with pytest.raises(ValueError):
        mail_send(
            to=["a@example.org", "b@example.org"],
            subject="x",
            body="y",
            unsubscribe_url=UNSUBSCRIBE,
        )
    with pytest.raises(ValueError):
        mail_send(
            to="a@example.org", subject="x", body="y", unsubscribe_url="https://x/>\r\nBcc: z"
        )
    assert mail.outbox == []


def test_a_subject_with_line_breaks_stays_one_header_line() -> None:
    mail_send(to="a@example.org", subject="Title\r\nBcc: victim@example.org", body="y")
    assert mail.outbox[0].subject == "Title Bcc: victim@example.org"
    assert "\nBcc:" not in mail.outbox[0].message().as_string()


def test_the_connection_is_opened_with_the_timeout(settings: Any, monkeypatch: Any) -> None:
    seen: list[Any] = []
    real = core_mail.get_connection

    def recording(*args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs.get("timeout"))
        return real(*args, **kwargs)

    monkeypatch.setattr(core_mail, "get_connection", recording)
    settings.EMAIL_TIMEOUT = None
    assert mail_timeout() == DEFAULT_TIMEOUT_SECONDS
    mail_send(to="a@example.org", subject="x", body="y")
    settings.EMAIL_TIMEOUT = 3
    mail_send(to="a@example.org", subject="x", body="y")
    assert seen == [DEFAULT_TIMEOUT_SECONDS, 3.0]
    assert SmtpBackend(timeout=mail_timeout()).timeout == 3.0


def test_a_mail_server_that_fails_does_not_fail_the_caller(monkeypatch: Any) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise TimeoutError("the mail server did not answer")

    monkeypatch.setattr(core_mail, "get_connection", broken)
    assert mail_send(to="a@example.org", subject="x", body="y") == 1
    assert mail.outbox == []
    with pytest.raises(TimeoutError):
        core_mail.mail_deliver_message(
            {"to": ["a@example.org"], "subject": "x", "body": "y", "from_email": "f@x"}
        )
    # The message waits for the task to run again; nothing else is lost.
    assert OutgoingMail.objects.count() == 1


def test_the_task_queue_holds_no_address_or_body_only_the_id_of_a_row_deleted_once_sent(
    settings: Any,
) -> None:
    """With the database backend the queue keeps every task's arguments after the run."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    mail_send(to="private.person@example.org", subject="Your seat", body="Secret details.")
    stored = list(DBTaskResult.objects.values_list("args_kwargs", flat=True))
    assert len(stored) == 1 and "private.person" not in str(stored)
    assert "Secret details" not in str(stored)
    assert OutgoingMail.objects.count() == 1
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert [m.to for m in mail.outbox] == [["private.person@example.org"]]
    assert OutgoingMail.objects.count() == 0
    assert "private.person" not in str(list(DBTaskResult.objects.values()))
