"""Schemathesis fuzzes every operation of the OpenAPI description against the app (WSGI,
in-process), with valid and invalid inputs, and checks: no server error, documented status
codes, content types and headers, responses matching their schemas, invalid input refused.

(Schemathesis' lazy pytest loader does not run on pytest 9, so the operations are looped
over here, each with its own Hypothesis test: the database is set up once.)"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
EXAMPLES = 30


@pytest.fixture
def wsgi_app(settings: Any) -> Iterator[Any]:
    """The app as a WSGI server runs it, minus closing the database connection around each
    request (Django's test client skips that too: the test's transaction lives on it)."""
    settings.API_RATE_LIMIT = 1_000_000  # the fuzz must not meet the rate limit
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


def _fuzz(operation: Any, mode: GenerationMode, real_slug: str) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis_settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Any) -> None:
        case.call_and_validate(checks=CHECKS)
        if mode is GenerationMode.POSITIVE and "slug" in (case.path_parameters or {}):
            # The same request against the assembly that exists: its data is checked.
            case.path_parameters["slug"] = real_slug
            case.call_and_validate(checks=CHECKS)

    try:
        check()
    except Unsatisfiable:
        # No invalid request exists for an operation without parameters.
        assert mode is GenerationMode.NEGATIVE, operation.label


def test_fuzz_every_operation(wsgi_app: Any, public_data: Any) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    schema.config.generation.update(max_examples=EXAMPLES, deterministic=True, allow_x00=True)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 20
    started = time.monotonic()
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _fuzz(operation, mode, public_data.assembly.slug)
    print(f"schemathesis: {len(operations)} operations in {time.monotonic() - started:.1f} s")
