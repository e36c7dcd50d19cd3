"""
The page cache (core/pagecache.py): repeats from the cache, 304s from the
data's version alone, and an edit seen at once, also by another app server.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.utils.cache import patch_vary_headers

from core import pagecache
from core.pagecache import DataVersionCacheMiddleware, shareable
from measures.models import Measure
from tests.conftest import load_seed

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["/", "/measures/?government=CA", "/companies/huawei/", "/api/measures/"]


@pytest.fixture
def page_cache(settings):
    settings.TRACKER_PAGE_CACHE = True
    cache.clear()


@pytest.mark.parametrize("path", PAGES)
def test_a_repeat_is_served_from_the_cache_without_a_query(
    client, seed, page_cache, django_assert_num_queries, path
):
    first = client.get(path)
    assert first.status_code == 200
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        again = client.get(path)
    assert again["X-Cache"] == "hit"
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert "public" in again["Cache-Control"]
    per_request = ("X-Cache", "X-Request-ID")
    assert {name: value for name, value in again.items() if name not in per_request} == {
        name: value for name, value in first.items() if name not in per_request
    }
    # What one answer adds to its headers (its request id) never reaches the stored copy.
    third = client.get(path)
    assert third["X-Request-ID"] != again["X-Request-ID"]
    for _, headers in pagecache._recent.entries.values():
        assert "X-Request-ID" not in headers


@pytest.mark.parametrize("path", [*PAGES, "/measures/export.csv", "/measures/feed.atom"])
def test_a_conditional_request_is_a_304_without_a_query(
    client, seed, page_cache, django_assert_num_queries, path
):
    response = client.get(path)
    etag, modified = response["ETag"], response["Last-Modified"]
    with django_assert_num_queries(0):
        assert client.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 304
        assert client.get(path, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get(path, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_compressed_and_plain_copies_are_kept_apart(client, seed, page_cache):
    plain = client.get("/measures/")
    packed = client.get("/measures/", HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in client.get("/measures/")
    assert client.get("/measures/").content == plain.content
    assert client.get("/measures/", HTTP_ACCEPT_ENCODING="gzip")["X-Cache"] == "hit"


def test_an_edit_is_seen_at_once(client, seed, page_cache):
    measure = Measure.objects.get(slug="canada-5g-ban-huawei-zte")
    before = client.get(measure.get_absolute_url())
    measure.title = "Canada bans Huawei and ZTE equipment (edited)"
    measure.save()
    after = client.get(measure.get_absolute_url())
    assert after["X-Cache"] == "miss"
    assert "(edited)" in after.content.decode()
    assert after["ETag"] != before["ETag"]
    assert client.get("/", HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200


def test_editors_and_writes_bypass_the_cache(client, seed, page_cache, settings):
    client.cookies[settings.SESSION_COOKIE_NAME] = "an-editor"
    response = client.get("/")
    assert "X-Cache" not in response
    assert "ETag" not in response


def test_answers_by_accept_and_origin_are_kept_apart(client, seed, page_cache):
    # The API answers JSON or its browsable HTML by Accept; CORS headers only for an Origin.
    html = client.get("/api/measures/", HTTP_ACCEPT="text/html")
    json = client.get("/api/measures/", HTTP_ACCEPT="application/json")
    assert html["Content-Type"].startswith("text/html")
    assert "X-Cache" not in html  # the browsable API's page varies on the cookie
    assert json["Content-Type"] == "application/json"
    assert json["X-Cache"] == "miss"
    again = client.get("/api/measures/", HTTP_ACCEPT="application/json")
    assert again["X-Cache"] == "hit"
    assert again["Content-Type"] == "application/json"
    cross = client.get(
        "/api/measures/", HTTP_ACCEPT="application/json", HTTP_ORIGIN="https://example.org"
    )
    assert cross["Access-Control-Allow-Origin"] == "*"
    assert cross["ETag"] != json["ETag"]
    assert "Access-Control-Allow-Origin" not in client.get(
        "/api/measures/", HTTP_ACCEPT="application/json"
    )


def test_a_page_for_one_reader_is_never_kept_for_another(client, seed, page_cache):
    # The screening form holds the reader's CSRF token (and sets its cookie).
    first = client.get("/screen/")
    token = first.cookies["csrftoken"].value
    other = Client()
    second = other.get("/screen/")
    assert "X-Cache" not in first
    assert "X-Cache" not in second
    assert second.cookies["csrftoken"].value != token
    for response in (first, second):
        # Nor may a browser's or a CDN's cache keep it for others.
        assert "public" not in response["Cache-Control"]
        assert "ETag" not in response
        assert "Last-Modified" not in response


def test_a_page_varying_on_the_cookie_is_not_stored(rf, page_cache):
    def view(request):
        response = HttpResponse(f"<p>{request.COOKIES.get('theme', 'plain')}</p>")
        patch_vary_headers(response, ["Cookie"])
        return response

    middleware = DataVersionCacheMiddleware(view)
    dark = rf.get("/a-page/", HTTP_COOKIE="theme=dark")
    assert middleware(dark).content == b"<p>dark</p>"
    response = middleware(rf.get("/a-page/"))
    assert response.content == b"<p>plain</p>"
    assert "X-Cache" not in response
    assert not shareable(response)


def test_a_page_stored_by_another_server_gets_this_servers_cache_control(
    client, seed, page_cache, settings
):
    client.get("/measures/")
    pagecache._recent.entries.clear()  # as another app server finds it: in the shared cache
    settings.TRACKER_CDN_MAX_AGE = 30
    again = client.get("/measures/")
    assert again["X-Cache"] == "hit"
    assert again["Cache-Control"] == "public, max-age=0, must-revalidate, s-maxage=30"


def test_a_cdn_may_keep_pages_for_the_configured_time(client, seed, page_cache, settings):
    settings.TRACKER_CDN_MAX_AGE = 30
    assert client.get("/")["Cache-Control"] == "public, max-age=0, must-revalidate, s-maxage=30"


# Two app servers sharing PostgreSQL and Redis.


def redis_url():
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return None
    return url


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        return response.headers, response.read().decode()


@pytest.mark.django_db(transaction=True)
def test_two_app_servers_see_an_edit_at_once(settings):
    if connection.vendor != "postgresql":
        pytest.skip("two servers share a database only on PostgreSQL (tests use SQLite in memory)")
    url = redis_url()
    if url is None:
        pytest.skip("no Redis on 127.0.0.1:6379")

    load_seed()
    settings.CACHES = {"default": {"BACKEND": "core.cache.RedisCache", "LOCATION": url}}
    settings.TRACKER_PAGE_CACHE = True
    cache.clear()
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
        f"{database['NAME']}",
        "CACHE_URL": url,
        "DJANGO_SETTINGS_MODULE": "tracker.settings",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        # Debug only so static files need no collectstatic; the cache works the same.
        "DJANGO_DEBUG": "1",
    }
    servers, ports = [], []
    try:
        for _ in range(2):
            port = free_port()
            servers.append(
                subprocess.Popen(
                    # The production entry point, as deployed: gunicorn serving tracker.wsgi.
                    [sys.executable, "-m", "gunicorn", "tracker.wsgi", "-b", f"127.0.0.1:{port}"],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            ports.append(port)
        deadline = time.monotonic() + 30
        for port in ports:
            while True:
                try:
                    fetch(port, "/healthz")
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
        path = "/measures/canada-5g-ban-huawei-zte/"
        for port in ports:
            fetch(port, path)
        headers, body = fetch(ports[1], path)
        assert headers["X-Cache"] == "hit"  # the second server serves what the first cached

        # An edit through the first server's code path (a save: signals bump the version
        # in Redis) is seen at once by the second.
        measure = Measure.objects.get(slug="canada-5g-ban-huawei-zte")
        measure.title = "Canada's ban, edited on server one"
        measure.save()
        headers, body = fetch(ports[1], path)
        assert headers["X-Cache"] == "miss"
        assert "edited on server one" in body
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
        cache.clear()


def test_the_redis_cache_keeps_one_client_and_works():
    url = redis_url()
    if url is None:
        pytest.skip("no Redis on 127.0.0.1:6379")
    from core.cache import RedisCache

    shared = RedisCache(url, {})
    client = shared._cache.get_client()
    assert shared._cache.get_client() is client
    shared.set("tracker:test:reuse", {"page": "<p>x</p>"}, timeout=5)
    assert shared.get("tracker:test:reuse") == {"page": "<p>x</p>"}
    shared.delete("tracker:test:reuse")
    assert shared.get("tracker:test:reuse") is None


def test_a_tracked_key_is_read_from_the_process_until_redis_says_it_changed():
    url = redis_url()
    if url is None:
        pytest.skip("no Redis on 127.0.0.1:6379")
    from core.cache import RedisCache

    ours, theirs = RedisCache(url, {}), RedisCache(url, {})  # two app servers
    key = "tracker:test:tracked"
    theirs.set(key, "first", timeout=None)
    assert ours.get_tracked(key) == "first"
    (tracked,) = ours._tracked.values()
    assert tracked.client is not None, "Redis tracking is on"
    # Unchanged: answered without asking Redis (its connection would fail if asked).
    real_get, tracked.client.get = tracked.client.get, None
    assert ours.get_tracked(key) == "first"
    tracked.client.get = real_get
    try:
        # Written elsewhere: seen at once, every time.
        for number in range(200):
            theirs.set(key, number, timeout=None)
            assert ours.get_tracked(key) == number
        theirs.delete(key)
        assert ours.get_tracked(key, "gone") == "gone"
        ours.set(key, "ours", timeout=None)  # our own write, seen before its push arrives
        assert ours.get_tracked(key) == "ours"
        # A lost tracking connection: read from Redis, then tracked again.
        tracked.client.connection.disconnect()
        theirs.set(key, "after a lost connection", timeout=None)
        assert ours.get_tracked(key) == "after a lost connection"
        theirs.set(key, "tracked again", timeout=None)
        assert ours.get_tracked(key) == "tracked again"
    finally:
        theirs.delete(key)


def test_the_wsgi_entry_point_freezes_what_it_loaded_out_of_the_collectors_reach():
    """A full collection must not walk every model, view and setting (tracker/wsgi.py)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env["DJANGO_SETTINGS_MODULE"] = "tracker.settings"
    frozen = subprocess.run(
        [sys.executable, "-c", "import gc, tracker.wsgi; print(gc.get_freeze_count())"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert int(frozen.stdout) > 50_000  # the apps and the URLconf's views: ~110,000 objects
