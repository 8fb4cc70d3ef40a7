"""Writes of the public API: counting requests per client in fixed one-minute windows.

The count lives in the database, so every app process sharing it applies one limit. Each hit
is one transaction: an atomic UPDATE ... SET count = count + 1 on the client's row for the
current minute; when there is no row yet, get_or_create makes it, and a process that loses
the race to insert it (unique client and window) reads the winner's row and increments it.
"""

from __future__ import annotations

import datetime
import logging
import math
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from assemblea.api.models import RateWindow
from assemblea.core.middleware import client_address

logger = logging.getLogger(__name__)

WINDOW = datetime.timedelta(minutes=1)


@dataclass(frozen=True)
class RateState:
    limit: int
    count: int
    reset_after: int  # seconds until the window ends

    @property
    def exceeded(self) -> bool:
        return self.count > self.limit

    @property
    def remaining(self) -> int:
        return max(self.limit - self.count, 0)


def client_of(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or, when that is a trusted proxy
    (ASSEMBLEA_TRUSTED_PROXIES), the nearest address in X-Forwarded-For that is not a trusted
    proxy itself: the same rule as the rest of the site (core.middleware.client_address)."""
    return client_address(request)


def window_start(now: datetime.datetime) -> datetime.datetime:
    return now.replace(second=0, microsecond=0)


def rate_hit(*, client: str, now: datetime.datetime | None = None) -> RateState:
    """Count one request from the client in the current window and say where it stands."""
    now = now or timezone.now()
    started_at = window_start(now)
    limit = int(settings.API_RATE_LIMIT)
    created = False
    with transaction.atomic():
        rows = RateWindow.objects.filter(client=client, started_at=started_at)
        if not rows.update(count=F("count") + 1):
            _window, created = RateWindow.objects.get_or_create(
                client=client, started_at=started_at, defaults={"count": 1}
            )
            if not created:
                rows.update(count=F("count") + 1)
        count = rows.values_list("count", flat=True).get()
    if created:
        rate_windows_prune(before=started_at)
    reset_after = max(math.ceil((started_at + WINDOW - now).total_seconds()), 1)
    return RateState(limit=limit, count=count, reset_after=reset_after)


def rate_windows_prune(*, before: datetime.datetime | None = None) -> int:
    """Delete the windows that ended (best effort: it runs when a client opens a new window,
    and from `assemblea manage api_prune_rate_windows`)."""
    before = before or window_start(timezone.now())
    try:
        with transaction.atomic():
            deleted, _ = RateWindow.objects.filter(started_at__lt=before).delete()
    except DatabaseError:  # another process is pruning the same rows; it will finish the job
        logger.info("Pruning API rate windows deferred", exc_info=True)
        return 0
    return deleted
