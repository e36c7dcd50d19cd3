"""
A database outage is a 503 with ``Retry-After``, in the format that was asked for.

``DatabaseOutageMiddleware`` turns a database error raised by a view into a
503: JSON under ``/api/``, plain text for files (exports, feeds, calendars),
the ``503.html`` page (which needs no database) elsewhere.
:func:`server_error` (the project's ``handler500``) does the same for errors
raised outside views (a middleware, a template). :func:`primed` lets a
streamed file touch the database before its first byte, so an outage is a
503 and never a 200 with a cut-off body.
"""

from __future__ import annotations

import itertools
import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger("core.outage")

RETRY_AFTER_SECONDS = 30
OUTAGE_ERRORS = (OperationalError, InterfaceError)
# Paths answered as files (plain text errors), by their ending.
FILE_SUFFIXES = (".csv", ".atom", ".ics", ".jsonl", ".json", ".xml", ".txt")
API_PREFIX = "/api/"


def response_format(request) -> str:
    """``json`` for the API, ``text`` for files, ``html`` for pages."""
    path = request.path
    if path.startswith(API_PREFIX):
        return "json"
    if path.endswith(FILE_SUFFIXES):
        return "text"
    return "html"


def is_outage(error) -> bool:
    """A database that cannot be reached (not a bad query: that is a bug, a 500)."""
    return isinstance(error, OUTAGE_ERRORS) or (
        isinstance(error, DatabaseError) and isinstance(error.__cause__, OUTAGE_ERRORS)
    )


def outage_response(request) -> HttpResponse:
    kind = response_format(request)
    message = "The database cannot be reached just now. Try again in a minute."
    if kind == "json":
        response = JsonResponse({"detail": message}, status=503)
    elif kind == "text":
        response = HttpResponse(
            message + "\n", status=503, content_type="text/plain; charset=utf-8"
        )
    else:
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    """Database unreachable while a view ran: 503 with Retry-After (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_outage(exception):
            logger.error("database unavailable: %s", exception, extra={"request": request})
            return outage_response(request)
        return None


def server_error(request, template_name="500.html"):
    """``handler500``: a database outage anywhere is a 503; anything else Django's 500."""
    error = sys.exc_info()[1]
    if error is not None and is_outage(error):
        return outage_response(request)
    if response_format(request) == "json":
        return JsonResponse({"detail": "Server error."}, status=500)
    if response_format(request) == "text":
        return HttpResponse("Server error.\n", status=500, content_type="text/plain; charset=utf-8")
    return django_server_error(request, template_name=template_name)


def primed(iterable):
    """
    ``iterable``, with its first item already taken.

    For a streamed response: taking the first item runs the query inside the
    view, so a database error becomes a 503 before any byte is sent.
    """
    iterator = iter(iterable)
    try:
        first = next(iterator)
    except StopIteration:
        return iter(())
    return itertools.chain([first], iterator)
