"""Schemathesis tests every operation of the OpenAPI description against the app (WSGI,
in-process, with data in the database): its examples, the coverage phase (boundary values,
invalid values of each parameter, methods the description does not list) and fuzzing with
valid and invalid input. Checks: no server error, documented status codes, content types and
headers, responses matching their schemas, invalid input refused, 405 with Allow for other
methods.

Not checked: `positive_data_acceptance`, since an `organization` that is a valid web address
name but names no organization is a 400 by design (the description says so)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from assemblea.api.openapi import openapi_document

# The description as served at /api/v1/openapi.json (tests/api/test_api.py checks that).
schema = schemathesis.openapi.from_dict(openapi_document(server="/api/v1"))
schema.app = get_wsgi_application()
schema.config.generation.update(max_examples=30, deterministic=True, allow_x00=True)


@pytest.fixture
def fuzz_ready(db: Any, public_data: Any, settings: Any) -> Iterator[Any]:
    """Data, no rate limit in the way, and the app as a WSGI server runs it minus closing the
    database connection around each request (Django's test client skips that too: the
    test's transaction lives on that connection)."""
    settings.API_RATE_LIMIT = 1_000_000
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield public_data
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


PLAIN = {"Accept-Encoding": "identity"}


@pytest.mark.one_database  # answers against their description, whatever stores the rows
@schema.parametrize()
@settings(derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_api(case: Any, fuzz_ready: Any) -> None:
    # Checked as it is described, uncompressed (the site gzips for clients that ask, and
    # schemathesis' WSGI transport asks without decoding).
    case.call_and_validate(headers=PLAIN, excluded_checks=[positive_data_acceptance])
    if "slug" in (case.path_parameters or {}):
        # The same request against the assembly that exists, so its data is checked too.
        case.path_parameters["slug"] = fuzz_ready.assembly.slug
        case.call_and_validate(headers=PLAIN, excluded_checks=[positive_data_acceptance])
