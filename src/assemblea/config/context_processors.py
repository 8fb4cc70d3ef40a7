"""Template context for every page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def source_code(request: HttpRequest) -> dict[str, str]:
    """The address of the running version's source code (AGPL §13), for the footer."""
    return {"SOURCE_URL": settings.SOURCE_URL}
