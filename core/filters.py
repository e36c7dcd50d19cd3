"""
Filters that every FilterSet of the site shares (pages, exports, feeds, API).

Rows are named in query strings by natural key (a slug, an ISO code), never
by primary key, and ISO codes are accepted in any case.
"""

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field


class UpperCaseModelMultipleChoiceField(django_filters.fields.ModelMultipleChoiceField):
    """Accepts ISO codes in any case: ``government=ca`` is Canada."""

    def clean(self, value):
        if value:
            value = [str(item).strip().upper() for item in value]
        return super().clean(value)


@extend_schema_field(OpenApiTypes.STR)
class NaturalKeyFilter(django_filters.ModelMultipleChoiceFilter):
    """
    Rows whose ``field_name`` relation has one of the given natural keys (``to_field_name``).

    ``NaturalKeyFilter(field_name="country", to_field_name="code", ...)`` filters
    on ``country__code``; may repeat (either value); documented as strings.
    """

    def get_filter_predicate(self, v):
        return {
            f"{self.field_name}__{self.field.to_field_name}": getattr(v, self.field.to_field_name)
        }


class CodeKeyFilter(NaturalKeyFilter):
    """A :class:`NaturalKeyFilter` on ISO codes, in any case: ``country=cn`` is China."""

    field_class = UpperCaseModelMultipleChoiceField
