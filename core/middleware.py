"""The public site is read-only: only the admin (and its login) accept writes."""

from django.http import HttpResponseNotAllowed, JsonResponse

SAFE_METHODS = ("GET", "HEAD")
API_SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class ReadOnlyPublicSiteMiddleware:
    """Refuse anything but GET and HEAD (and OPTIONS under /api/) outside /admin/."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/"):
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
# not run. The admin and the API's interactive docs bring their own scripts.
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
CSP_EXEMPT_PREFIXES = ("/admin/", "/api/")


class ContentSecurityPolicyMiddleware:
    """Send a strict Content-Security-Policy with every public page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(CSP_EXEMPT_PREFIXES):
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response
