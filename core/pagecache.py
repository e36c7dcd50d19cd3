"""
Caching made for a site that changes only when an editor or an import writes.

Every write to the tracker's data (a save, a delete, a change of a
many-to-many relation in the apps named by ``TRACKER_DATA_APPS``, or an
explicit :func:`bump` after bulk work such as an import) gives the data a new
*version*, kept in the shared cache. A public answer is then a function of
its URL and that version:

- its ``ETag`` is the version and the URL, and ``Last-Modified`` the time of
  the last write, so a conditional request is answered ``304`` without
  running the view or touching the database;
- a rendered page is kept in the cache under the version and the URL, so a
  repeat is served from the cache; an edit changes the version, so the next
  request renders afresh: nothing is ever served stale;
- ``Cache-Control`` lets browsers and a CDN keep the answer but revalidate it
  (``max-age=0``); ``TRACKER_CDN_MAX_AGE`` lets a CDN serve repeats for that
  many seconds without asking (``s-maxage``), if a deployment accepts that.

The cache is local memory by default (one process: ``make serve``); several
app servers share Redis through ``CACHE_URL``, so a write through one of them
is seen at once by all. Each process keeps the version it read last until
Redis says it changed (:meth:`core.cache.RedisCache.get_tracked`), and the
pages it served last, so a repeat or a 304 costs no round trip to Redis.

A page's key holds its URL, whether the client takes gzip, and its
``Accept`` and ``Origin`` headers (the API's JSON or HTML, its CORS headers).
Editors (a session cookie) and anything but GET/HEAD bypass the cache; an
answer for one reader (it sets a cookie, varies on ``Cookie``, or says
``private`` or ``no-store``) is neither stored nor marked public; streamed
files get the validators but are not stored.
``TRACKER_PAGE_CACHE = False`` turns it off (the test settings do, so query
counts measure the views; the cache's own tests turn it on).
"""

from __future__ import annotations

import functools
import hashlib
import threading
import time
import uuid
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.http.response import ResponseHeaders
from django.utils.http import http_date, parse_http_date_safe

VERSION_KEY = "tracker:data-version"
PAGE_KEY = "tracker:page:{version}:{url}"
# Pages larger than this are not stored (they are still validated by ETag).
MAX_STORED_BYTES = 2 * 1024 * 1024
BYPASS_PREFIXES = ("/static/", "/healthz")
# Pages each process also keeps in its own memory (the most recently served).
RECENT_PAGES = 256
# Request headers a page's key holds besides the URL and whether the client takes gzip:
# the API answers JSON or its browsable HTML by Accept, and adds CORS headers only for an
# Origin. An answer varying on any other header is never stored (see shareable()).
KEYED_HEADERS = ("HTTP_ACCEPT", "HTTP_ORIGIN")
SHAREABLE_VARY = {"accept-encoding", "accept", "origin"}


def data_version() -> tuple[str, float]:
    """The data's current version and when it was made (a new one if the cache lost it)."""
    # With Redis, read from this process until Redis says the version changed (core/cache.py).
    value = _read_version()
    if value is None:
        value = _new_version()
        # Another process may have set one meanwhile: keep whichever is there.
        if not cache.add(VERSION_KEY, value, timeout=None):
            value = cache.get(VERSION_KEY) or value
    token, made = value.split(":")
    return token, float(made)


def _read_version():
    get_tracked = getattr(cache, "get_tracked", None)
    return cache.get(VERSION_KEY) if get_tracked is None else get_tracked(VERSION_KEY)


def bump() -> None:
    """Give the data a new version: every cached answer is stale from now on."""
    cache.set(VERSION_KEY, _new_version(), timeout=None)


def bump_after_commit(**kwargs) -> None:
    """A signal receiver: bump once the write is committed (and now, for the writer itself)."""
    bump()
    transaction.on_commit(bump)


def _new_version() -> str:
    return f"{uuid.uuid4().hex}:{time.time():.6f}"


def connect_signals(models) -> None:
    """Bump the version on every write to ``models``."""
    for model in models:
        uid = f"pagecache:{model._meta.label}"
        post_save.connect(bump_after_commit, sender=model, dispatch_uid=uid + ":save")
        post_delete.connect(bump_after_commit, sender=model, dispatch_uid=uid + ":delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                bump_after_commit,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}:{field.name}:m2m",
            )


class _Recent:
    """The pages this process served last, so a repeat skips the shared cache's round trip.

    Keyed like the shared cache (by the data's version), so a write, which changes
    the version, makes every entry unreachable: nothing here can be stale.
    """

    def __init__(self, size: int):
        self.size = size
        self.entries: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            value = self.entries.get(key)
            if value is not None:
                self.entries.move_to_end(key)
            return value

    def put(self, key, value):
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)
        return value


_recent = _Recent(RECENT_PAGES)


def _cacheable_request(request) -> bool:
    if not getattr(settings, "TRACKER_PAGE_CACHE", True):
        return False
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(BYPASS_PREFIXES + ("/" + settings.ADMIN_URL,)):
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def _variant(request) -> str:
    """The URL and the request headers an answer may depend on, hashed: the page's key."""
    # request.META, not request.headers: building the latter for every cached answer costs
    # more than the rest of this function.
    meta = request.META
    # Compressed or not: the middleware below compresses for clients that take gzip.
    gzip = "gzip" in meta.get("HTTP_ACCEPT_ENCODING", "")
    parts = [request.get_full_path(), "gzip" if gzip else ""]
    parts += [meta.get(name, "") for name in KEYED_HEADERS]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def shareable(response) -> bool:
    """
    Whether the answer is the same for every reader, so that it may be kept for others.

    Not if it sets a cookie (a CSRF token's), is marked private or no-store, or
    varies on a request header the page's key does not hold (``Cookie`` above all).
    """
    if response.cookies:
        return False
    control = response.get("Cache-Control", "").lower()
    if "private" in control or "no-store" in control:
        return False
    vary = {name.strip().lower() for name in response.get("Vary", "").split(",")}
    return vary - {""} <= SHAREABLE_VARY


class _StoredHeaders(ResponseHeaders):
    """
    A stored page's headers, checked once when it is first served again; every hit gets
    a copy. Checking each header again (ResponseHeaders does, for every one set) cost a
    hit more than anything else it does.
    """

    def copy(self) -> ResponseHeaders:
        headers = ResponseHeaders({})
        headers._store = dict(self._store)
        return headers


def _as_hit(stored):
    """A stored page as this process keeps it to answer repeats: headers checked, X-Cache set,
    and Cache-Control as this process's settings say (another may have stored it)."""
    content, headers = stored
    return content, _StoredHeaders({**headers, "Cache-Control": _cache_control(), "X-Cache": "hit"})


def _cache_control() -> str:
    control = "public, max-age=0, must-revalidate"
    cdn_age = getattr(settings, "TRACKER_CDN_MAX_AGE", 0)
    if cdn_age:
        control += f", s-maxage={int(cdn_age)}"
    return control


@functools.lru_cache(maxsize=8)
def _http_date(made: float) -> str:
    return http_date(made)


class DataVersionCacheMiddleware:
    """ETag, Last-Modified, 304s and a page cache keyed by the data's version."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        token, made = data_version()
        url = _variant(request)
        etag = f'"{token[:16]}-{url[:16]}"'
        last_modified = _http_date(made)
        if self._not_modified(request, etag, made):
            return self._validated(HttpResponseNotModified(), etag, last_modified)
        key = PAGE_KEY.format(version=token, url=url)
        stored = _recent.get(key)
        if stored is None:
            stored = cache.get(key)
            if stored is not None:
                stored = _recent.put(key, _as_hit(stored))
        if stored is not None:
            # The stored headers hold the validators already (the key holds the version).
            content, headers = stored
            response = HttpResponse(content)
            response.headers = headers.copy()
            return response
        response = self.get_response(request)
        if response.status_code != 200 or not shareable(response):
            # A page for one reader only gets no validators either: a shared cache (a
            # CDN) must not keep it.
            return response
        self._validated(response, etag, last_modified)
        if self._storable(response):
            stored = (response.content, dict(response.items()))
            cache.set(key, stored, timeout=None)
            _recent.put(key, _as_hit(stored))
            response["X-Cache"] = "miss"
        return response

    @staticmethod
    def _not_modified(request, etag, made) -> bool:
        match = request.META.get("HTTP_IF_NONE_MATCH")
        if match is not None:
            return etag in [tag.strip().removeprefix("W/") for tag in match.split(",")]
        since = request.META.get("HTTP_IF_MODIFIED_SINCE")
        if since is None:
            return False
        since = parse_http_date_safe(since)
        return since is not None and int(made) <= since

    @staticmethod
    def _storable(response) -> bool:
        return not response.streaming and len(response.content) <= MAX_STORED_BYTES

    @staticmethod
    def _validated(response, etag, last_modified):
        response["ETag"] = etag
        response["Last-Modified"] = last_modified
        response["Cache-Control"] = _cache_control()
        return response
