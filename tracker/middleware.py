"""The public site is read-only: only the admin (and its login) accept writes."""

from django.http import HttpResponseNotAllowed

SAFE_METHODS = ("GET", "HEAD")
API_SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class ReadOnlyPublicSiteMiddleware:
    """Refuse anything but GET and HEAD (and OPTIONS under /api/) outside /admin/."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/"):
            return self.get_response(request)
        allowed = API_SAFE_METHODS if request.path.startswith("/api/") else SAFE_METHODS
        if request.method not in allowed:
            return HttpResponseNotAllowed(allowed)
        return self.get_response(request)
