"""Structured logs: a request id on every request (a trusted proxy's, else new), one line per
request with the URL pattern and never the real path or query string, no e-mail address."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client

from assemblea.config.observability import JsonFormatter, KeyValueFormatter, NoPersonalData

pytestmark = pytest.mark.django_db


def _request_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "assemblea.request"]


def test_each_response_has_a_new_request_id_and_one_log_line(caplog) -> None:
    caplog.set_level(logging.INFO, logger="assemblea.request")
    first = Client().get("/")
    second = Client().get("/")
    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert len(first["X-Request-ID"]) == 32
    lines = _request_lines(caplog)
    assert [(line.method, line.route, line.status) for line in lines] == [  # type: ignore[attr-defined]
        ("GET", "/", 200),
        ("GET", "/", 200),
    ]


def test_a_trusted_proxys_request_id_is_kept_and_anyone_elses_replaced(settings) -> None:
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    kept = Client().get("/", HTTP_X_REQUEST_ID="abc-123", REMOTE_ADDR="127.0.0.1")
    assert kept["X-Request-ID"] == "abc-123"
    stranger = Client().get("/", HTTP_X_REQUEST_ID="abc-123", REMOTE_ADDR="203.0.113.9")
    assert stranger["X-Request-ID"] != "abc-123"
    # Not something that would break a log line, even from the proxy.
    odd = Client().get("/", HTTP_X_REQUEST_ID='x" level=ERROR', REMOTE_ADDR="127.0.0.1")
    assert odd["X-Request-ID"] != 'x" level=ERROR'


def test_paths_with_tokens_and_query_strings_are_not_logged(caplog) -> None:
    caplog.set_level(logging.INFO)
    Client().get("/accounts/email/confirm/SECRET-TOKEN-1/?next=SECRET-QUERY")
    Client().get("/no/such/page/SECRET-PATH/?token=SECRET-QUERY")
    text = "\n".join(
        JsonFormatter().format(record)
        for record in caplog.records
        if NoPersonalData().filter(record)
    )
    assert "SECRET" not in text
    routes = [record.route for record in _request_lines(caplog)]  # type: ignore[attr-defined]
    assert routes == ["/accounts/email/confirm/<str:token>/", "-"]


def _record(message: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord("assemblea.test", logging.WARNING, __file__, 1, message, args, None)


def test_e_mail_addresses_are_masked() -> None:
    record = _record("could not send to %s", "ana.lópez+x@example.org")
    assert NoPersonalData().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "could not send to [e-mail]"
    assert line["level"] == "WARNING"
    assert line["logger"] == "assemblea.test"
    assert line["time"].endswith("Z")


def test_the_text_format_is_one_key_value_line() -> None:
    record = _record("a message with spaces")
    record.status = 200
    line = KeyValueFormatter().format(record)
    assert "\n" not in line
    assert 'message="a message with spaces"' in line
    assert "status=200" in line
