"""API endpoints for sources (read-only)."""

from core.api import ReadOnlyViewSet

from .models import Source
from .serializers import SourceSerializer


class SourceViewSet(ReadOnlyViewSet):
    """Published documents the data cites, with their quotes."""

    queryset = Source.objects.prefetch_related("quotes").order_by("slug")
    serializer_class = SourceSerializer
    lookup_field = "slug"
