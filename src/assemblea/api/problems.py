"""Errors of the public API as RFC 9457 problem details (application/problem+json).

Every error has the same shape: type, title (the HTTP status, in the reader's language),
status, detail (what went wrong), and errors: the query parameters at fault, each with a
message (empty when no parameter is to blame).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

PROBLEM_CONTENT_TYPE = "application/problem+json"


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
        errors: Sequence[Mapping[str, str]] = (),
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = [dict(error) for error in errors]
        self.headers = dict(headers or {})

    def response(self) -> HttpResponse:
        return problem_response(self.status, self.detail, errors=self.errors, headers=self.headers)


def parameter_error(parameter: str, message: str) -> dict[str, str]:
    return {"parameter": parameter, "message": message}


def problem_response(
    status: int,
    detail: str,
    *,
    errors: Sequence[Mapping[str, str]] = (),
    headers: Mapping[str, str] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": status_title(status),
        "status": status,
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


def not_found(detail: str, *, errors: Sequence[Mapping[str, str]] = ()) -> ApiProblem:
    return ApiProblem(404, detail, errors=errors)
