"""
Schemathesis against /api/schema/: generated requests to every endpoint get no 500,
and every response matches the schema (status code, content type and body).

The examples are bounded (:data:`MAX_EXAMPLES` per operation) so the suite stays fast.
"""

from contextlib import contextmanager

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tracker.wsgi import application

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 30
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@contextmanager
def connection_kept_open():
    """
    Requests through the WSGI app must not close the test's database connection.

    Django closes connections at the start and end of each request; on
    PostgreSQL that would end the test's transaction. Django's test client
    unhooks the same handler around its requests; schemathesis calls the WSGI
    app directly, so this does it for the test.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def kept_connection():
    with connection_kept_open():
        yield


# The live schema, read through the WSGI app (building it touches no database).
# Loaded at import rather than through ``schemathesis.pytest.from_fixture``,
# which does not work with pytest 9 (it sets ``request.node._nodeid``).
with connection_kept_open():
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    # Only the checks below may fail the test, not Hypothesis's own health checks
    # (slow data generation on a busy machine is not a bug in the API).
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_schema(case, seed, kept_connection):
    # The test client does not gunzip: ask for the body as it is (GZipMiddleware is on).
    case.call_and_validate(checks=CHECKS, headers={"Accept-Encoding": "identity"})
