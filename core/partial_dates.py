"""
Partial dates: a date known only to the year, the month or the day.

A partial date is stored as two columns: ``<name>`` (a ``DateField`` holding
the first day of the span: 2019-01-01 for "2019") and ``<name>_precision``.
The database refuses a precision it does not know and a day that contradicts
the precision (a "month" date must fall on the 1st). Reading and filtering
go through :class:`PartialDate`, so "2019" is shown as 2019 and counts as
the whole of 2019-01-01..2019-12-31, never as 1 January 2019.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


class Precision(models.TextChoices):
    YEAR = "year", "Year"
    MONTH = "month", "Month"
    DAY = "day", "Day"


class PartialDateError(ValueError):
    """
    Text that is not a partial date. The message is a template with the text
    as a parameter, never pasted in: a validation message is %-formatted later
    (django-filter does), so raw input holding ``%`` must not be part of it.
    """

    def __init__(self, template: str, text: str):
        self.template = template
        self.params = {"value": text}
        super().__init__(template % self.params)

    def as_validation_error(self) -> ValidationError:
        return ValidationError(self.template, code="invalid", params=self.params)


# Checked for every date a page shows: Precision.values builds a new list each time it is read.
_PRECISIONS = frozenset(Precision.values)
_PARTIAL_DATE_RE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")
# The same shape, for the OpenAPI schema.
PARTIAL_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
PARTIAL_DATE_HELP = "Type as much of the date as is known: 2019, 2019-05 or 2019-05-15."


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date with its precision; ``start`` is the first day of the span it names."""

    start: datetime.date
    precision: str = Precision.DAY

    def __post_init__(self):
        if self.precision not in _PRECISIONS:
            raise ValueError(f"Unknown date precision {self.precision!r}.")
        aligned = _truncate(self.start, self.precision)
        if aligned != self.start:
            raise ValueError(
                f"{self.start.isoformat()} is not the first day of a {self.precision}."
            )

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; bad text raises ``PartialDateError``."""
        match = _PARTIAL_DATE_RE.match((text or "").strip())
        if not match:
            raise PartialDateError(
                "“%(value)s” is not a date: use YYYY, YYYY-MM or YYYY-MM-DD.", text
            )
        year = int(match["year"])
        month = int(match["month"] or 1)
        day = int(match["day"] or 1)
        precision = (
            Precision.DAY if match["day"] else Precision.MONTH if match["month"] else Precision.YEAR
        )
        try:
            start = datetime.date(year, month, day)
        except ValueError:
            raise PartialDateError("“%(value)s” is not a real date.", text) from None
        return cls(start, precision)

    @classmethod
    def from_fields(cls, value, precision) -> PartialDate | None:
        if value is None:
            return None
        return cls(value, precision or Precision.DAY)

    @property
    def end(self) -> datetime.date:
        """The last day of the span."""
        if self.precision == Precision.YEAR:
            return datetime.date(self.start.year, 12, 31)
        if self.precision == Precision.MONTH:
            last = calendar.monthrange(self.start.year, self.start.month)[1]
            return self.start.replace(day=last)
        return self.start

    def isoformat(self) -> str:
        """``2019``, ``2022-09`` or ``2024-06-28``."""
        if self.precision == Precision.YEAR:
            return f"{self.start.year:04d}"
        if self.precision == Precision.MONTH:
            return f"{self.start.year:04d}-{self.start.month:02d}"
        return self.start.isoformat()

    def __str__(self) -> str:
        """``2019``, ``September 2022`` or ``28 June 2024``."""
        if self.precision == Precision.YEAR:
            return str(self.start.year)
        month = calendar.month_name[self.start.month]
        if self.precision == Precision.MONTH:
            return f"{month} {self.start.year}"
        return f"{self.start.day} {month} {self.start.year}"

    def is_past(self, today: datetime.date) -> bool:
        """True once the whole span is over: a "2024" deadline is past only in 2025."""
        return self.end < today

    def overlaps(self, first: datetime.date | None, last: datetime.date | None) -> bool:
        return (first is None or self.end >= first) and (last is None or self.start <= last)


def _truncate(value: datetime.date, precision: str) -> datetime.date:
    if precision == Precision.YEAR:
        return value.replace(month=1, day=1)
    if precision == Precision.MONTH:
        return value.replace(day=1)
    return value


def precision_field(name: str, **kwargs) -> models.CharField:
    """The ``<name>_precision`` column that goes with a partial date's ``DateField``."""
    kwargs.setdefault("default", Precision.DAY)
    return models.CharField(
        f"{name} precision",
        max_length=5,
        choices=Precision.choices,
        help_text="How much of the date is known: the year, the month, or the exact day. "
        "For a year or a month, enter its first day (2019-01-01 for “2019”).",
        **kwargs,
    )


def partial_date_constraints(prefix: str, field: str) -> list[models.CheckConstraint]:
    """Check constraints for one partial date: a known precision, and a day that agrees with it."""
    precision = f"{field}_precision"
    return [
        models.CheckConstraint(
            condition=Q(**{f"{precision}__in": Precision.values}),
            name=f"{prefix}_{field}_precision_valid",
            violation_error_message=f"The precision of {field.replace('_', ' ')} must be "
            "year, month or day.",
        ),
        models.CheckConstraint(
            # Compared as ISO text (PostgreSQL casts the date to text) so the
            # check needs no SQLite user function and other tools can write rows.
            condition=Q(**{f"{field}__isnull": True})
            | Q(**{precision: Precision.DAY})
            | Q(**{precision: Precision.MONTH, f"{field}__endswith": "-01"})
            | Q(**{precision: Precision.YEAR, f"{field}__endswith": "-01-01"}),
            name=f"{prefix}_{field}_aligned_to_precision",
            violation_error_message=f"A {field.replace('_', ' ')} known only to the month or "
            "the year must be entered as its first day.",
        ),
    ]


def overlaps_q(field: str, first: datetime.date | None, last: datetime.date | None) -> Q:
    """
    Rows whose partial date ``field`` overlaps ``first..last`` (both inclusive, either open).

    A partial date counts as its whole span: "2019" overlaps any range that
    touches 2019. Rows without the date never match a bounded range.
    """
    condition = Q()
    if last is not None:
        condition &= Q(**{f"{field}__lte": last})
    if first is not None:
        # The span ends on or after ``first`` exactly when its start is on or
        # after ``first`` truncated to the span's own precision.
        condition &= _start_against(field, "gte", first, loosest=_truncate(first, Precision.YEAR))
    return condition


def _start_against(field: str, lookup: str, day: datetime.date, *, loosest) -> Q:
    """
    The start of partial date ``field`` compared by ``lookup`` with ``day`` truncated to
    each row's own precision, and once more with the loosest of those bounds as a plain
    range: the database does not derive it from the three branches, and an index on the
    date serves it.
    """
    precision = f"{field}_precision"
    return Q(**{f"{field}__{lookup}": loosest}) & (
        Q(**{precision: Precision.DAY, f"{field}__{lookup}": day})
        | Q(**{precision: Precision.MONTH, f"{field}__{lookup}": _truncate(day, Precision.MONTH)})
        | Q(**{precision: Precision.YEAR, f"{field}__{lookup}": _truncate(day, Precision.YEAR)})
    )


def ends_before_q(field: str, day: datetime.date) -> Q:
    """
    Rows whose partial date ``field`` is over before ``day``: among rows with the date,
    exactly those ``overlaps_q(field, day, None)`` leaves out ("2019" ends before 2020).

    Said as its own ranges rather than as that condition negated, so that an index
    on the date serves it, from ``day`` backwards.
    """
    return _start_against(field, "lt", day, loosest=day)


def validate_partial_date(value, precision, label: str) -> None:
    """The model-level check behind the constraints, with a message for editors."""
    if value is None:
        return
    if precision not in Precision.values:
        raise ValidationError({f"{label}_precision": "Choose year, month or day."})
    if _truncate(value, precision) != value:
        first = _truncate(value, precision)
        raise ValidationError(
            {
                label: f"This date is known only to the {precision}: enter {first.isoformat()} "
                f"(its first day) or set the precision to “day”."
            }
        )


def today() -> datetime.date:
    """The site's today: ``TRACKER_TODAY`` (YYYY-MM-DD) if set, else the calendar's."""
    from django.conf import settings
    from django.utils import timezone

    pinned = getattr(settings, "TRACKER_TODAY", None)
    if pinned:
        return datetime.date.fromisoformat(pinned)
    return timezone.localdate()


# Reading a partial date typed by a person: the admin's one box, the filters' parameters.


class PartialDateInput(forms.TextInput):
    """A short text box with a hint of the three accepted shapes."""

    def __init__(self, attrs=None):
        super().__init__(
            {
                "placeholder": "2019-05-15, 2019-05, 2019",
                "size": 22,
                "autocomplete": "off",
                "spellcheck": "false",
                **(attrs or {}),
            }
        )

    def format_value(self, value):
        return as_text(value) or None


def as_text(value) -> str:
    """The text an editor would type for ``value`` (a PartialDate, a date or text)."""
    if value is None:
        return ""
    if isinstance(value, PartialDate):
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


class PartialDateField(forms.Field):
    """Cleans ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` into a :class:`PartialDate` (or None)."""

    widget = PartialDateInput
    default_error_messages = {"required": "Enter a date: 2019, 2019-05 or 2019-05-15."}

    def to_python(self, value):
        text = as_text(value)
        if text in self.empty_values:
            return None
        if len(text) > len("YYYY-MM-DD"):
            raise ValidationError("Use YYYY, YYYY-MM or YYYY-MM-DD.", code="invalid")
        try:
            return PartialDate.parse(text)
        except PartialDateError as error:
            raise error.as_validation_error() from None

    def has_changed(self, initial, data):
        return _normalised(initial) != _normalised(data)


def _normalised(value) -> str:
    text = as_text(value)
    try:
        return PartialDate.parse(text).isoformat() if text else ""
    except ValueError:
        return text


@extend_schema_field(
    {
        "type": "string",
        "pattern": PARTIAL_DATE_PATTERN,
        "description": "YYYY, YYYY-MM or YYYY-MM-DD",
    }
)
class PartialDateFilter(django_filters.Filter):
    """
    Rows whose partial date ``field_name`` reaches ``bound`` a typed date, as a span.

    ``bound="from"`` keeps rows whose span ends on or after the typed span's
    first day; ``bound="to"`` rows whose span starts on or before its last
    day (see :func:`overlaps_q`): ``date_to=2019`` keeps a "2019-05" row.
    With ``method``, that method filters instead (a queryset's named question).
    """

    field_class = PartialDateField

    def __init__(self, *args, bound=None, **kwargs):
        if bound not in ("from", "to") and "method" not in kwargs:
            raise ValueError("bound is 'from' or 'to' (or give a method)")
        self.bound = bound
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value is None:
            return qs
        if self.bound == "from":
            return qs.filter(overlaps_q(self.field_name, value.start, None))
        return qs.filter(overlaps_q(self.field_name, None, value.end))


PARTIAL_DATE_SCHEMA = {
    "type": "object",
    "description": "A date known to the year, the month or the day.",
    "properties": {
        "date": {
            "type": "string",
            "pattern": PARTIAL_DATE_PATTERN,
            "description": "As precisely as it is known: 2019, 2022-09 or 2024-06-28.",
        },
        "precision": {"type": "string", "enum": Precision.values},
        "start": {"type": "string", "format": "date", "description": "First day of the span."},
        "end": {"type": "string", "format": "date", "description": "Last day of the span."},
    },
    "required": ["date", "precision", "start", "end"],
}


@extend_schema_field(PARTIAL_DATE_SCHEMA)
class PartialDateSerializerField(serializers.Field):
    """Reads the ``<name>`` and ``<name>_precision`` columns as one partial date (read-only)."""

    def __init__(self, field_name, **kwargs):
        self.date_field_name = field_name
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, instance):
        partial = PartialDate.from_fields(
            getattr(instance, self.date_field_name),
            getattr(instance, f"{self.date_field_name}_precision"),
        )
        if partial is None:
            return None
        return {
            "date": partial.isoformat(),
            "precision": str(partial.precision),
            "start": partial.start.isoformat(),
            "end": partial.end.isoformat(),
        }
