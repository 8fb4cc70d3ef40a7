"""The polling fallback: a live fragment answers `304 Not Modified` while it has not changed.

The tag is a digest of the fragment without its CSRF token (masked anew on every render), so
a phone that polls every few seconds downloads a fragment only when something changed.
"""

from __future__ import annotations

import hashlib

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import parse_etags

from assemblea.core.live.stream import stable_html

# How often a page polls when it has no stream (JavaScript without EventSource, or the
# stream was cut): slower than the old polling, and mostly answered 304.
POLL_SECONDS = 5


def live_etag(html: str) -> str:
    return '"' + hashlib.sha256(stable_html(html).encode()).hexdigest()[:16] + '"'


def _matches(request: HttpRequest, etag: str) -> bool:
    offered = parse_etags(request.headers.get("If-None-Match", ""))
    # GZipMiddleware weakens the tag of what it compressed (W/"..."): compare the opaque part.
    bare = {tag.removeprefix("W/") for tag in offered}
    return etag in bare or "*" in bare


def live_conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Tag a fragment's 200 answer; 304 (no body) when the browser already has it."""
    if response.status_code != 200 or response.streaming:
        return response
    etag = live_etag(response.content.decode(response.charset or "utf-8"))
    if _matches(request, etag):
        not_modified = HttpResponseNotModified()
        not_modified["ETag"] = etag
        not_modified["Cache-Control"] = "no-cache"
        return not_modified
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response
