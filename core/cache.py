"""
Django's Redis cache, keeping one client per connection pool, and keys tracked by Redis.

Django's :class:`~django.core.cache.backends.redis.RedisCache` builds a new
``redis.Redis`` client (and its table of response callbacks) for every
operation, which cost a cached page about a third of its time; the client is
safe to share, so it is built once per pool.

:meth:`RedisCache.get_tracked` reads a key that every request needs (the
data's version, :mod:`core.pagecache`) without a round trip to Redis each
time: a round trip was half the time of a page served from the cache. It uses
Redis's server-assisted client-side caching (``CLIENT TRACKING``, Redis 6+):
a connection of this process's own asks Redis to tell it when any key with
the key's name as prefix is written, deleted, expired, evicted or flushed
(broadcast mode, RESP3), and Redis pushes an ``invalidate`` message on it in
the same turn of its event loop as it answers the write, the push first. A
request then only looks whether anything has arrived on that connection (a
poll of the socket, no round trip): if nothing has, the copy this process
read last is the key's value; if anything has, or the connection is lost, the
value is read again. So a write by any app server is seen by every other one
by the time the writer's ``set`` has returned, as with a read each request.
While there is no tracking connection (Redis older than 6, a lost
connection), every read goes to Redis.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

# After a failed attempt to open a tracking connection, reads go to Redis for this long
# before the next attempt (so a Redis without tracking costs no connection a request).
RETRY_SECONDS = 5.0
_UNREAD = object()


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def tracking_client(self, key):
        """
        A client on a connection of its own to the server that takes writes, told by
        Redis whenever a key starting with ``key`` changes (RESP3 pushes).
        """
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        # No retries: a connection redis-py opened again behind our back would not be
        # tracked, and nothing would say so. A failure closes it; the next request opens one.
        client = self._lib.Redis.from_url(
            self._servers[0],
            protocol=3,
            single_connection_client=True,
            retry=Retry(NoBackoff(), 0),
        )
        try:
            client.client_tracking_on(prefix=[key], bcast=True)
        except BaseException:
            client.close()
            raise
        return client

    def loads(self, raw):
        return None if raw is None else self._serializer.loads(raw)


class TrackedKey:
    """One key's value kept in this process until Redis says the key changed."""

    def __init__(self, cache_client, key):
        self.cache_client = cache_client
        self.key = key  # as stored in Redis (made by the cache's make_key)
        self.lock = threading.Lock()
        self.client = None
        self.pid = None
        self.retry_at = 0.0
        self.value = _UNREAD
        self.lost = False

    def get(self):
        with self.lock:
            if self._unchanged():
                return self.value
            if self.client is None:
                return self.cache_client.get(self.key, None)
            try:
                # Read on the tracking connection itself: a push that arrives before the
                # answer is for a write the answer already holds.
                self.value = self.cache_client.loads(self.client.get(self.key))
            except Exception:
                self._close()
                return self.cache_client.get(self.key, None)
            return self.value

    def forget(self):
        """Read the value again next time (this process has just written it)."""
        with self.lock:
            self.value = _UNREAD

    def _unchanged(self) -> bool:
        if self.pid != os.getpid():
            # A forked worker must not share its parent's connection.
            self.client, self.pid, self.value = None, os.getpid(), _UNREAD
        if self.client is None:
            self._open()
            return False
        try:
            connection = self.client.connection
            arrived = connection.can_read(timeout=0)
            if self.lost:
                # redis-py connected again (can_read does when the socket is gone): the new
                # connection tracks nothing, and what was said meanwhile is lost.
                self._close()
                return False
            if not arrived:
                return self.value is not _UNREAD
            # Something arrived: an invalidation (or an error); either way, read again.
            while connection.can_read(timeout=0):
                connection.read_response(push_request=True)
        except Exception:
            self._close()
        self.value = _UNREAD
        return False

    def _connected_again(self, connection):
        self.lost = True

    def _open(self):
        self.value = _UNREAD
        if time.monotonic() < self.retry_at:
            return
        try:
            self.client = self.cache_client.tracking_client(self.key)
            self.lost = False
            self.client.connection.register_connect_callback(self._connected_again)
        except Exception:
            self._close()  # a connection opened but not watched would be left open
            self.retry_at = time.monotonic() + RETRY_SECONDS

    def _close(self):
        client, self.client, self.value = self.client, None, _UNREAD
        if client is not None:
            with contextlib.suppress(Exception):  # it is being dropped for failing
                client.close()


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._tracked = {}
        self._tracked_lock = threading.Lock()

    def get_tracked(self, key, default=None, version=None):
        """``get()``, answered from this process while Redis has not said the key changed."""
        # Keyed by the key as given: making and validating it costs more than the rest.
        version = self.version if version is None else version
        tracked = self._tracked.get((key, version))
        if tracked is None:
            made = self.make_and_validate_key(key, version=version)
            with self._tracked_lock:
                tracked = self._tracked.setdefault((key, version), TrackedKey(self._cache, made))
        value = tracked.get()
        return default if value is None else value

    def _forget(self, key, version=None):
        # A write through this process is seen by it at once, not when its push arrives.
        version = self.version if version is None else version
        tracked = self._tracked.get((key, version))
        if tracked is not None:
            tracked.forget()

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        super().set(key, value, timeout, version)
        self._forget(key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        added = super().add(key, value, timeout, version)
        self._forget(key, version)
        return added

    def delete(self, key, version=None):
        deleted = super().delete(key, version)
        self._forget(key, version)
        return deleted

    def clear(self):
        super().clear()
        for tracked in list(self._tracked.values()):
            tracked.forget()
