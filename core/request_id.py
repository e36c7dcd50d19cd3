"""
Every request gets an id, sent back as ``X-Request-ID`` and written on each log line.

A proxy's id (an incoming ``X-Request-ID`` of up to 64 letters, digits, dots,
dashes and underscores) is kept, so one request can be followed across the
proxy and the app; otherwise a new one is made. The id lives in a context
variable for the log filter (:class:`core.logging.RequestContextFilter`).
"""

import contextvars
import re
import uuid

HEADER = "X-Request-ID"
META_KEY = "HTTP_X_REQUEST_ID"
VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

current_request = contextvars.ContextVar("current_request", default=None)


def request_id_for(request) -> str:
    incoming = request.META.get(META_KEY, "")
    return incoming if VALID_ID.match(incoming) else uuid.uuid4().hex


class RequestIdMiddleware:
    """Sets ``request.id`` and the ``X-Request-ID`` response header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = request_id_for(request)
        token = current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            current_request.reset(token)
        response[HEADER] = request.id
        return response
