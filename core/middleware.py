"""The public site is read-only: only the admin (and its login) accept writes, and
screening (``/screen/``, ``/api/screen/``) accepts a POST that reads and stores nothing."""

from django.conf import settings
from django.http import HttpResponseNotAllowed, JsonResponse

SAFE_METHODS = ("GET", "HEAD")
API_SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# The one public form that posts: a list to screen, answered and forgotten (never stored).
SCREENING_PATHS = ("/screen/", "/api/screen/")


class ReadOnlyPublicSiteMiddleware:
    """Refuse anything but GET and HEAD (and OPTIONS under /api/) outside /admin/; screening
    also takes POST."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/" + settings.ADMIN_URL):
            return self.get_response(request)
        if request.path in SCREENING_PATHS and request.method == "POST":
            return self.get_response(request)
        if request.path.startswith("/api/"):
            if request.method not in API_SAFE_METHODS:
                response = JsonResponse(
                    {"detail": f"Method “{request.method}” not allowed: the API is read-only."},
                    status=405,
                )
                response["Allow"] = ", ".join(API_SAFE_METHODS)
                return response
        elif request.method not in SAFE_METHODS:
            return HttpResponseNotAllowed(SAFE_METHODS)
        return self.get_response(request)


# The public pages need no script at all and load nothing from elsewhere, so
# the policy forbids both: even if escaping ever failed, injected markup could
# not run. The admin and the API's interactive docs load scripts, from our own files only.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'none'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# The admin runs its own scripts and styles, all from our static files; the one inline style
# is Django's in admin/change_list.html (for a list without actions), allowed by its hash.
ADMIN_CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'sha256-blvLUW3UscWqsXGByNOqdBboM+ShWAuugp2mC/wbafU='",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)
# The API: JSON, the browsable API and Swagger UI (its start-up script is a static file of
# ours, templates/drf_spectacular/swagger_ui.html; Swagger UI sets inline styles).
API_CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """Send a Content-Security-Policy with every response: strict on public pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/" + settings.ADMIN_URL):
            policy = ADMIN_CONTENT_SECURITY_POLICY
        elif request.path.startswith("/api/"):
            policy = API_CONTENT_SECURITY_POLICY
        else:
            policy = CONTENT_SECURITY_POLICY
        response.headers.setdefault("Content-Security-Policy", policy)
        return response
