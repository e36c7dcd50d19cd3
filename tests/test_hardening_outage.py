"""
A database outage is a 503 with Retry-After in the format asked for, never a
200 with a cut-off file; /healthz checks the database and the cache; every
response carries a request id, and log lines are JSON with that id.
"""

import json
import logging
from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import OperationalError, connections
from django.test import RequestFactory

from core.logging import JSONFormatter, RequestContextFilter
from core.outage import server_error
from tracker.factories import MeasureFactory

pytestmark = pytest.mark.django_db


@contextmanager
def database_down():
    """Every query fails as it does when PostgreSQL is unreachable."""
    connection = connections["default"]
    error = OperationalError("connection to server at 127.0.0.1 failed: Connection refused")
    with (
        mock.patch.object(connection, "cursor", side_effect=error),
        mock.patch.object(connection, "chunked_cursor", side_effect=error),
    ):
        yield


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize(
    ("url", "content_type"),
    [
        ("/measures/export.csv", "text/plain"),
        ("/export/followthemoney.jsonl", "text/plain"),
        ("/measures/feed.atom", "text/plain"),
        ("/deadlines.ics", "text/plain"),
        ("/api/measures/", "application/json"),
        ("/api/companies/huawei/", "application/json"),
        ("/measures/", "text/html"),
        ("/companies/", "text/html"),
        ("/", "text/html"),
    ],
)
def test_an_outage_is_a_503_in_the_right_format(client, url, content_type):
    MeasureFactory()
    with database_down():
        response = client.get(url)
    assert response.status_code == 503, body(response)[:300]
    assert response["Retry-After"] == "30"
    assert response["Content-Type"].startswith(content_type)
    text = body(response).decode()
    assert "database cannot be reached" in text or "briefly unavailable" in text
    if content_type == "application/json":
        assert "detail" in json.loads(text)


def test_the_csv_export_checks_the_database_before_its_first_byte(client):
    MeasureFactory()
    with database_down():
        response = client.get("/measures/export.csv")
    assert not response.streaming
    assert not body(response).startswith(b"slug,title")


def test_an_outage_outside_a_view_is_a_503_too():
    for path, content_type in [
        ("/api/x/", "application/json"),
        ("/measures/", "text/html"),
        ("/m.csv", "text/plain"),
    ]:
        try:
            raise OperationalError("gone")
        except OperationalError:
            response = server_error(RequestFactory().get(path))
        assert response.status_code == 503
        assert response["Content-Type"].startswith(content_type)


def test_options_on_the_api_docs_is_not_a_500(client):
    response = client.options("/api/docs/")
    assert response.status_code == 200
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_healthz_checks_the_database_and_the_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok"
    assert set(data["checks"]) == {"database", "cache"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_says_when_the_database_is_down(client):
    with database_down():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"]["status"] == "error"
    assert response["Retry-After"]


def test_healthz_says_when_the_cache_is_down(client):
    with mock.patch("core.health.cache.get", return_value=None):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["status"] == "error"


def test_every_response_has_a_request_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32 and first != second
    assert client.get("/healthz", HTTP_X_REQUEST_ID="proxy-abc.123")["X-Request-ID"] == (
        "proxy-abc.123"
    )
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="<script>\n")["X-Request-ID"]
    assert forged != "<script>\n" and len(forged) == 32


def test_errors_are_logged_as_json_with_the_request_id(client, caplog):
    MeasureFactory()
    with caplog.at_level(logging.ERROR), database_down():
        response = client.get("/api/measures/", HTTP_X_REQUEST_ID="trace-42")
    assert response.status_code == 503
    (record,) = [r for r in caplog.records if r.name == "core.outage"]
    RequestContextFilter().filter(record)
    line = json.loads(JSONFormatter().format(record))
    assert line["level"] == "ERROR"
    assert line["request_id"] == "trace-42"
    assert line["path"] == "/api/measures/"
    assert line["method"] == "GET"
    assert "database unavailable" in line["message"]
