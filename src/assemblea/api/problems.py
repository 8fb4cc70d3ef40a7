"""Errors of the public API as RFC 9457 problem details (application/problem+json).

Every error has the same shape: type, title (the HTTP status, in the reader's language),
status, code (what went wrong, as a stable snake_case word a client can test: one of
PROBLEM_CODES), detail (what went wrong, in the reader's language), and errors: the query
parameters at fault, each with a message (empty when no parameter is to blame).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

PROBLEM_CONTENT_TYPE = "application/problem+json"

# Every code a problem answer may carry, with when (the OpenAPI description lists them).
PROBLEM_CODES = {
    "no_such_address": "There is no such address in this API.",
    "assembly_not_found": "No public assembly has this web address name.",
    "collection_not_found": "There is no such collection.",
    "page_not_found": "The page is beyond the last one.",
    "invalid_parameters": "A query parameter is unknown, repeated or not valid.",
    "method_not_allowed": "The API only reads: GET, HEAD and OPTIONS.",
    "rate_limited": "Too many requests from this client in this minute.",
    "unreadable_request": "The request cannot be read (e.g. too many parameters).",
    "server_error": "An unexpected error, logged on the server.",
}


def status_title(status: int) -> str:
    titles = {
        400: _("Bad request"),
        404: _("Not found"),
        405: _("Method not allowed"),
        429: _("Too many requests"),
        500: _("Server error"),
    }
    return titles.get(status, _("Error"))


class ApiProblem(Exception):
    """Raised by the API's reads and views; the endpoint wrapper turns it into a response."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        code: str,
        errors: Sequence[Mapping[str, str]] = (),
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.errors = [dict(error) for error in errors]
        self.headers = dict(headers or {})

    def response(self) -> HttpResponse:
        return problem_response(
            self.status, self.detail, code=self.code, errors=self.errors, headers=self.headers
        )


def parameter_error(parameter: str, message: str) -> dict[str, str]:
    return {"parameter": parameter, "message": message}


def problem_response(
    status: int,
    detail: str,
    *,
    code: str,
    errors: Sequence[Mapping[str, str]] = (),
    headers: Mapping[str, str] | None = None,
) -> HttpResponse:
    if code not in PROBLEM_CODES:
        raise ValueError(f"an API problem code not in PROBLEM_CODES: {code}")
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": status_title(status),
        "status": status,
        "code": code,
        "detail": detail,
        "errors": [dict(error) for error in errors],
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type=f"{PROBLEM_CONTENT_TYPE}; charset=utf-8",
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def not_found(detail: str, *, code: str, errors: Sequence[Mapping[str, str]] = ()) -> ApiProblem:
    return ApiProblem(404, detail, code=code, errors=errors)
