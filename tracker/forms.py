"""
Form pieces shared by every editing form: one text input per partial date.

A partial date is stored as two columns (``<name>`` and ``<name>_precision``,
see :mod:`tracker.partial_dates`). An editor should not have to think about
that: they type ``2019``, ``2019-05`` or ``2019-05-15`` in one box, and the
text decides both the date and its precision, validated together, with the
error shown next to that box.
"""

from __future__ import annotations

import datetime

from django import forms
from django.db import models

from .partial_dates import PartialDate, PartialDateError, Precision

PARTIAL_DATE_HELP = "Type as much of the date as is known: 2019, 2019-05 or 2019-05-15."


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


class PartialDateFormMixin:
    """
    For a ModelForm: each name in ``partial_date_fields`` becomes one text input.

    The form field keeps the model field's name (so the admin's fieldsets and
    error messages stay where the editor looks), shows the stored date at its
    precision ("2019", not "2019-01-01"), and on save writes both the date and
    ``<name>_precision``. The precision column is never shown: the typed text
    decides it. The model's ``clean()`` and constraints still run afterwards.
    """

    partial_date_fields: tuple[str, ...] = ()
    #: Added to each partial date's help text; empty when the form says it once.
    partial_date_help = PARTIAL_DATE_HELP

    def __init__(self, *args, **kwargs):
        initial = kwargs.get("initial") or {}
        super().__init__(*args, **kwargs)
        self.partial_dates = {}
        for name in self.partial_date_fields:
            if name not in self.fields:
                continue
            original = self.fields[name]
            help_text = " ".join(filter(None, (original.help_text, self.partial_date_help)))
            self.fields[name] = PartialDateField(
                required=original.required,
                label=original.label,
                help_text=help_text,
                disabled=original.disabled,
            )
            if name not in initial:
                self.initial[name] = self._stored_text(name)

    def _stored_text(self, name: str) -> str:
        value = getattr(self.instance, name, None)
        precision = getattr(self.instance, f"{name}_precision", None)
        if value is None:
            return ""
        try:
            return PartialDate.from_fields(value, precision).isoformat()
        except ValueError:
            # A stored date that disagrees with its precision: show the whole date.
            return value.isoformat()

    def clean(self):
        cleaned_data = super().clean()
        for name in self.partial_date_fields:
            if name in cleaned_data and name in self.fields:
                partial = cleaned_data[name]
                if isinstance(partial, PartialDate) or partial is None:
                    self.partial_dates[name] = partial
                    cleaned_data[name] = partial.start if partial else None
        return cleaned_data

    def _post_clean(self):
        # Set the precision before the model is built and validated, so its
        # clean() and constraints see the date and the precision together.
        for name, partial in self.partial_dates.items():
            precision = partial.precision if partial else Precision.DAY
            setattr(self.instance, f"{name}_precision", precision)
        super()._post_clean()

    def partial_date(self, name: str) -> PartialDate | None:
        """The cleaned partial date for ``name`` (None if empty or invalid)."""
        return self.partial_dates.get(name)


def model_formfield(db_field, **kwargs):
    """A model field's form field; a URL without a scheme is taken as https (Django 6's way)."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


def constraint_message(model, name: str) -> str:
    """The editor-facing message of one of ``model``'s named constraints."""
    for constraint in model._meta.constraints:
        if constraint.name == name:
            return str(constraint.violation_error_message)
    raise LookupError(f"{model.__name__} has no constraint {name!r}.")


def unique_slug_messages(noun: str) -> dict:
    """``Meta.error_messages`` for a model's unique slug, naming what it is for."""
    return {
        "slug": {
            "unique": f"Another {noun} already uses this slug, and slugs must be unique "
            "(they name the record in links and data files): add a distinguishing word "
            "or the year."
        }
    }
