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


def key_filter(model, field_name, label, **options):
    """
    A filter on ``field_name`` by ``model``'s natural key: its slug, or its ISO code
    (in any case). ``key_filter(Company, "targets", "Company")`` filters by company slug.
    """
    (key,) = model.natural_key.paths
    kind = CodeKeyFilter if key == "code" else NaturalKeyFilter
    return kind(
        field_name=field_name,
        to_field_name=key,
        queryset=model._default_manager.all(),
        label=label,
        **options,
    )
