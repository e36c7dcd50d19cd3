"""``/api/docs/``: Swagger UI (drf-spectacular), answering OPTIONS like the rest of the API."""

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerView

ALLOWED = "GET, HEAD, OPTIONS"


class SwaggerDocsView(SpectacularSwaggerView):
    """Swagger UI; OPTIONS says what is allowed (drf's metadata cannot render as the page)."""

    @extend_schema(exclude=True)
    def options(self, request, *args, **kwargs):
        response = HttpResponse(status=200, content_type="text/plain; charset=utf-8")
        response["Allow"] = ALLOWED
        return response
