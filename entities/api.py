"""
API endpoints for governments, groups and companies (read-only).

``/api/governments/<code>/`` (ISO code, any case), ``/api/groups/<slug>/``,
``/api/companies/<slug>/``; lists are filtered with the FilterSets below and
paginated (see :mod:`tracker.api`).
"""

import django_filters
from django.db.models import Prefetch

from core.api import ReadOnlyViewSet
from core.filters import key_filter

from .models import Company, Government, Group
from .serializers import CompanySerializer, GovernmentSerializer, GroupSerializer


class GovernmentFilter(django_filters.FilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=Government.Kind.choices)
    group = key_filter(Group, "groups", "Member of the group (slug)")

    class Meta:
        model = Government
        fields = []


class CompanyFilter(django_filters.FilterSet):
    country = key_filter(
        Government, "country", "Country the company is based in (ISO code, any case)"
    )
    parent = key_filter(Company, "parent", "Parent company (slug): its affiliates")

    class Meta:
        model = Company
        fields = []


class GovernmentViewSet(ReadOnlyViewSet):
    """States and bodies that impose measures, by ISO 3166 code."""

    queryset = Government.objects.prefetch_related("groups").order_by("name")
    serializer_class = GovernmentSerializer
    filterset_class = GovernmentFilter
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z]{2}"

    def get_object(self):
        self.kwargs[self.lookup_field] = self.kwargs[self.lookup_field].upper()
        return super().get_object()


class GroupViewSet(ReadOnlyViewSet):
    """Clubs of governments (Five Eyes, G7...), with their members."""

    queryset = Group.objects.prefetch_related(
        Prefetch("members", queryset=Government.objects.order_by("name"))
    ).order_by("name")
    serializer_class = GroupSerializer
    lookup_field = "slug"


class CompanyViewSet(ReadOnlyViewSet):
    """Companies that measures target, by slug."""

    queryset = (
        Company.objects.select_related("country", "parent")
        .prefetch_related("aliases", "identifiers", "sources", "list_matches__entry")
        .order_by("short_name", "slug")
    )
    serializer_class = CompanySerializer
    filterset_class = CompanyFilter
    lookup_field = "slug"
