"""
``/healthz``: is this app server able to serve? For load balancers and monitors.

It checks the database (a ``SELECT 1``) and, when a cache other than the dummy
one is configured, that the cache stores and returns a value. 200 with
``{"status": "ok", ...}`` when all pass; 503 (with ``Retry-After``) naming the
failing check otherwise. Never cached.
"""

import logging
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger("core.health")

RETRY_AFTER_SECONDS = 30
DUMMY_CACHE = "django.core.cache.backends.dummy.DummyCache"


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", 10)
    try:
        if cache.get(key) != "ok":
            raise RuntimeError("the cache did not return what was stored")
    finally:
        cache.delete(key)


def checks():
    found = {"database": check_database}
    if settings.CACHES.get("default", {}).get("BACKEND") != DUMMY_CACHE:
        found["cache"] = check_cache
    return found


@never_cache
def healthz(request):
    results, healthy = {}, True
    for name, check in checks().items():
        started = time.monotonic()
        try:
            check()
        except Exception as error:
            healthy = False
            results[name] = {"status": "error", "error": error.__class__.__name__}
            logger.error("health check %s failed: %s", name, error)
        else:
            results[name] = {"status": "ok"}
        results[name]["ms"] = round((time.monotonic() - started) * 1000, 1)
    response = JsonResponse(
        {"status": "ok" if healthy else "error", "checks": results}, status=200 if healthy else 503
    )
    if not healthy:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
