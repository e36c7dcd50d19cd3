"""
What every endpoint of the read-only JSON API at ``/api/`` shares.

- :class:`ReadOnlyViewSet`: GET, HEAD and OPTIONS only; a query parameter
  the endpoint does not know is a 400 naming it (a typo such as
  ``?compnay=huawei`` must not silently return everything).
- Pagination (settings): 50 items a page, ``?page=n``; a page past the end is
  a 404 with a JSON body.
- :class:`AutoSchema`: the OpenAPI schema documents those 400 and 404 answers.
"""

from django.http import JsonResponse
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.exceptions import APIException

FORMAT_PARAMETER = "format"
# What a slug in an API path may be (Django's slug), so the schema says so too.
SLUG_REGEX = "[-a-zA-Z0-9_]+"


class ReadOnly(permissions.BasePermission):
    """Belt and braces behind the read-only middleware: nothing but GET, HEAD and OPTIONS."""

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS


class UnknownParameters(APIException):
    status_code = 400
    default_code = "unknown_parameters"
    default_detail = "Unknown query parameters."


ERROR_400 = OpenApiResponse(
    inline_serializer(
        "BadRequest",
        {
            "detail": serializers.CharField(required=False),
            "unknown_parameters": serializers.ListField(
                child=serializers.CharField(), required=False
            ),
            "allowed_parameters": serializers.ListField(
                child=serializers.CharField(), required=False
            ),
        },
    ),
    description="A query parameter the endpoint does not know, or a value it cannot read: "
    "the body names the parameter (for a bad filter value, the filter's name is the key "
    "and its value a list of messages).",
)
ERROR_404 = OpenApiResponse(
    inline_serializer("NotFound", {"detail": serializers.CharField()}),
    description="No such object, or a page past the end.",
)


class AutoSchema(SpectacularAutoSchema):
    """Documents the API's 400 and 404 answers beside each 200."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self.method in ("GET", "HEAD") and "200" in responses:
            responses.setdefault("400", self._get_response_for_code(ERROR_400, "400"))
            responses.setdefault("404", self._get_response_for_code(ERROR_404, "404"))
        return responses


class StrictQueryParametersMixin:
    """Refuse query parameters the endpoint does not know, naming them, with a 400."""

    http_method_names = ["get", "head", "options"]
    permission_classes = [ReadOnly]
    schema = AutoSchema()
    lookup_value_regex = SLUG_REGEX

    def allowed_query_parameters(self):
        allowed = {FORMAT_PARAMETER}
        if self.action == "list":
            if self.paginator is not None:
                allowed.add(self.paginator.page_query_param)
            filterset_class = getattr(self, "filterset_class", None)
            if filterset_class is not None:
                allowed.update(filterset_class.base_filters)
        return allowed

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            allowed = self.allowed_query_parameters()
            unknown = sorted(set(request.query_params) - allowed)
            if unknown:
                raise UnknownParameters(
                    {
                        "detail": f"Unknown query parameter{'s' if len(unknown) > 1 else ''}: "
                        f"{', '.join(unknown)}.",
                        "unknown_parameters": unknown,
                        "allowed_parameters": sorted(allowed),
                    }
                )


class ReadOnlyViewSet(StrictQueryParametersMixin, viewsets.ReadOnlyModelViewSet):
    """A list and a detail URL, read-only, strict about query parameters."""


class ListOnlyViewSet(StrictQueryParametersMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """For rows without a key of their own (milestones): a list, no detail URL."""


def not_found(request, *args, **kwargs):
    """Any other address under /api/: a JSON 404, like the endpoints' own (not the site's page)."""
    return JsonResponse({"detail": "Not found."}, status=404)
