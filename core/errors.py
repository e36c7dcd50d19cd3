"""
Error answers in the format of what was asked for: JSON under ``/api/``, plain
text for files (exports, feeds, calendars), HTML pages elsewhere.

:func:`bad_request` is the project's ``handler400`` (a malformed request that
Django itself refuses: too many parameters, a forbidden host, a broken
query string), and :func:`core.outage.server_error` its ``handler500``.
"""

from django.http import HttpResponse, JsonResponse
from django.views.defaults import bad_request as django_bad_request

from .outage import response_format

MESSAGE = "That request could not be read: too many parameters, or characters this site cannot use."


def bad_request(request, exception, template_name="400.html"):
    kind = response_format(request)
    if kind == "json":
        return JsonResponse({"detail": MESSAGE}, status=400)
    if kind == "text":
        return HttpResponse(MESSAGE + "\n", status=400, content_type="text/plain; charset=utf-8")
    return django_bad_request(request, exception, template_name=template_name)
