"""
A broad throttle on admin log-ins from one address.

django-axes locks a username *from one address* after a few failures, so an
attacker cannot lock a real editor out from elsewhere. That leaves spraying:
one address trying a few passwords on many usernames. This throttle counts
every failed log-in from an address (in the shared cache, so all app
servers agree) and, past ``TRACKER_LOGIN_ADDRESS_LIMIT`` failures within
``TRACKER_LOGIN_ADDRESS_WINDOW`` seconds, answers further log-in attempts
from that address with 429 until the window passes.
"""

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.http import HttpResponse

from .net import client_ip

KEY_PREFIX = "login-failures:"


def _key(request):
    return KEY_PREFIX + str(client_ip(request))


def _window():
    return int(getattr(settings, "TRACKER_LOGIN_ADDRESS_WINDOW", 3600))


def failures(request) -> int:
    return cache.get(_key(request), 0)


def record_failure(sender, credentials=None, request=None, **kwargs):
    if request is None:
        return
    key = _key(request)
    if not cache.add(key, 1, _window()):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, _window())


def connect_signals():
    user_login_failed.connect(record_failure, dispatch_uid="core.throttle.record_failure")


def is_login_attempt(request) -> bool:
    admin_url = "/" + getattr(settings, "ADMIN_URL", "admin/")
    return request.method == "POST" and request.path == admin_url + "login/"


class LoginThrottleMiddleware:
    """Refuse log-in attempts (429) from an address with too many recent failures."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = int(getattr(settings, "TRACKER_LOGIN_ADDRESS_LIMIT", 30))
        if limit and is_login_attempt(request) and failures(request) >= limit:
            response = HttpResponse(
                "Too many failed log-ins from your address. Try again later.\n",
                status=429,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = str(_window())
            return response
        return self.get_response(request)
