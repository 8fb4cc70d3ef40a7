"""Structured logs with request ids, and nothing personal in them.

RequestLogMiddleware gives every request an id: the `X-Request-ID` a trusted proxy
(ASSEMBLEA_TRUSTED_PROXIES) sent, when it looks like one, else a new random one. The id is
sent back in the response's `X-Request-ID` header and carried by every log record made while
the request runs, and one line per request is logged: method, the URL *pattern* that matched
(`accounts/reset/<uidb64>/<token>/`, never the real path, which may carry a token or a name),
status and duration. Query strings are never logged.

NoPersonalData rewrites what Django itself logs about a request (`Not Found: /path`,
`Internal Server Error: /path`) the same way, and masks anything shaped like an e-mail
address in every record.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import secrets
import time
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from assemblea.core.middleware import from_trusted_proxy

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._:-]{1,128}")
EMAIL_PATTERN = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
logger = logging.getLogger("assemblea.request")

# Attributes every LogRecord has; anything else was passed as `extra=`.
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message",
    "asctime",
    "request",
    "status_code",
}


def request_id_for(request: HttpRequest) -> str:
    offered = str(request.META.get("HTTP_X_REQUEST_ID", "")).strip()
    if offered and REQUEST_ID_PATTERN.fullmatch(offered) and from_trusted_proxy(request):
        return offered
    return secrets.token_hex(16)


def route_of(request: HttpRequest) -> str:
    """The URL pattern the request matched, or "-" (no path: it may be anything)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "-"
    return "/" + str(match.route or "").lstrip("^").rstrip("$")


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_for(request)
        setattr(request, "request_id", request_id)  # noqa: B010
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            logger.info(
                "request",
                extra={
                    "method": request.method,
                    "route": route_of(request),
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_id_var.reset(token)


class NoPersonalData(logging.Filter):
    """Drop paths and e-mail addresses from records (see the module's docstring)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest) and isinstance(record.args, tuple):
            # django.request: e.g. "Internal Server Error: %s" with the path as an argument.
            path = request.path
            escaped = path.encode("unicode_escape").decode("ascii")
            record.args = tuple(
                route_of(request) if argument in (path, escaped) else argument
                for argument in record.args
            )
        message = record.getMessage()
        if EMAIL_PATTERN.search(message):
            record.msg = EMAIL_PATTERN.sub("[e-mail]", message)
            record.args = ()
        return True


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
        + f".{int(record.msecs):03d}Z",
        "level": record.levelname,
        "logger": record.name,
        "message": record.getMessage(),
    }
    # Django logs a request's response after the middleware has returned: the id is then
    # only on the request.
    request_id = request_id_var.get() or getattr(getattr(record, "request", None), "request_id", "")
    if request_id:
        fields["request_id"] = request_id
    for key, value in record.__dict__.items():
        if key not in _STANDARD and not key.startswith("_"):
            fields[key] = value
    if record.exc_info:
        fields["exception"] = logging.Formatter().formatException(record.exc_info)
    return fields


class JsonFormatter(logging.Formatter):
    """One JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        return json.dumps(_fields(record), default=str, ensure_ascii=False)


class KeyValueFormatter(logging.Formatter):
    """`time=… level=… logger=… message="…" key=value`, one line (tracebacks follow)."""

    def format(self, record: logging.LogRecord) -> str:
        fields = _fields(record)
        exception = fields.pop("exception", None)
        line = " ".join(f"{key}={_quoted(value)}" for key, value in fields.items())
        return f"{line}\n{exception}" if exception else line


def _quoted(value: Any) -> str:
    text = str(value)
    if text and not re.search(r'[\s"=]', text):
        return text
    return json.dumps(text, ensure_ascii=False)
