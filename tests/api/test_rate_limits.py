"""Rate limits: a fixed window per client and minute, counted in the database so that every
app process sharing it applies one limit."""

from __future__ import annotations

import datetime
import io
import threading
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from assemblea.api.models import RateWindow
from assemblea.api.services import rate_hit, window_start

API = "/api/v1"


@pytest.fixture
def limit_3(settings: Any) -> None:
    settings.API_RATE_LIMIT = 3


@pytest.mark.django_db
def test_the_limit_then_429_with_retry_after(limit_3: None) -> None:
    client = Client(REMOTE_ADDR="198.51.100.7")
    remaining = [client.get(f"{API}/")["RateLimit-Remaining"] for _ in range(3)]
    assert remaining == ["2", "1", "0"]
    refused = client.get(f"{API}/")
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("application/problem+json")
    assert refused.json()["status"] == 429
    assert refused.json()["code"] == "rate_limited"
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert (refused["RateLimit-Limit"], refused["RateLimit-Remaining"]) == ("3", "0")
    # Errors count too: a 404 or a 405 is no way around the limit.
    assert client.get(f"{API}/nowhere").status_code == 429
    assert client.post(f"{API}/").status_code == 429
    # Another client has its own count.
    assert Client(REMOTE_ADDR="198.51.100.8").get(f"{API}/").status_code == 200


@pytest.mark.django_db
def test_the_count_is_shared_through_the_database(limit_3: None) -> None:
    """Another process counted this client's requests: its row is all this one sees."""
    RateWindow.objects.create(
        client="198.51.100.7", started_at=window_start(timezone.now()), count=3
    )
    assert Client(REMOTE_ADDR="198.51.100.7").get(f"{API}/").status_code == 429
    assert Client(REMOTE_ADDR="198.51.100.9").get(f"{API}/").status_code == 200


@pytest.mark.django_db
def test_a_new_minute_starts_afresh_and_old_windows_go(limit_3: None) -> None:
    now = timezone.now()
    old = window_start(now) - datetime.timedelta(minutes=5)
    RateWindow.objects.create(client="198.51.100.7", started_at=old, count=99)
    RateWindow.objects.create(client="198.51.100.1", started_at=old, count=1)
    assert Client(REMOTE_ADDR="198.51.100.7").get(f"{API}/").status_code == 200
    assert list(RateWindow.objects.values_list("client", "count")) == [("198.51.100.7", 1)]


@pytest.mark.django_db
def test_the_command_prunes_ended_windows() -> None:
    old = window_start(timezone.now()) - datetime.timedelta(minutes=2)
    RateWindow.objects.create(client="198.51.100.1", started_at=old, count=1)
    call_command("api_prune_rate_windows", stdout=io.StringIO())
    assert not RateWindow.objects.exists()


@pytest.mark.django_db
def test_forwarded_for_only_from_trusted_proxies(settings: Any, limit_3: None) -> None:
    forwarded = {"HTTP_X_FORWARDED_FOR": "203.0.113.5, 10.0.0.2"}
    for _ in range(3):
        Client(REMOTE_ADDR="10.0.0.1", **forwarded).get(f"{API}/")
    assert set(RateWindow.objects.values_list("client", flat=True)) == {"10.0.0.1"}
    settings.TRUSTED_PROXIES = ["10.0.0.1", "10.0.0.2"]
    assert Client(REMOTE_ADDR="10.0.0.1", **forwarded).get(f"{API}/").status_code == 200
    assert RateWindow.objects.get(client="203.0.113.5").count == 1
    # Garbage in the header counts as the proxy's own request, not a fresh client each time.
    Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="not an address").get(f"{API}/")
    assert RateWindow.objects.get(client="10.0.0.1").count == 4


@pytest.mark.django_db(transaction=True)
def test_concurrent_hits_are_all_counted() -> None:
    """Threads, each with its own database connection, race to open the same window."""
    now = timezone.now()
    threads, hits, errors = 4, 10, []
    barrier = threading.Barrier(threads)

    def hammer() -> None:
        try:
            barrier.wait()
            for _ in range(hits):
                rate_hit(client="192.0.2.1", now=now)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=hammer) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert RateWindow.objects.get(client="192.0.2.1").count == threads * hits
