"""The 500 page: rendered without the request's context (its context processors and the
session may be what failed), in the site's layout and the request's language; plain text
when even that fails."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

FALLBACK = (
    "<!doctype html><html><head><meta charset=utf-8><title>Server error</title></head>"
    "<body><h1>Something went wrong on our side</h1>"
    "<p>The error has been logged. Try again in a few minutes.</p>"
    '<p><a href="/">Home page</a></p></body></html>'
)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    try:
        template = loader.get_template("500.html")
        body = template.render(
            {
                "request_id": getattr(request, "request_id", ""),
                "SOURCE_URL": settings.SOURCE_URL,
            }
        )
    except Exception:  # the error page must not fail in turn
        logger.exception("the 500 page could not be rendered")
        body = FALLBACK
    return HttpResponseServerError(body)


def force_error(request: HttpRequest) -> HttpResponse:
    """Raises: for checking a deployment's 500 page (ASSEMBLEA_TEST_ERROR_URL, tests only)."""
    raise RuntimeError("forced error (ASSEMBLEA_TEST_ERROR_URL)")
