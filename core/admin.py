"""
The base of every tracker admin: django-reversion's history, revert and recover.

:class:`TrackerAdmin` is reversion's ``VersionAdmin`` (every save through the
admin is a revision with its editor and a comment) plus two things editors
need: the history page says which fields changed from what to what, and a
record that has no history yet (loaded from a fixture or an import) gets an
"initial version" before its first edit or deletion, so that edit can be
undone and the deletion recovered.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import format_html
from reversion import add_to_revision, create_revision, set_comment
from reversion.admin import VersionAdmin
from reversion.models import Version

from core.forms import with_constraint_errors
from core.history import record_history

INITIAL_VERSION_COMMENT = "Initial version (as the record was before its first edit here)."


def tracker_field_options(db_field, kwargs):
    """Form field options for every tracker form in the admin, inlines included."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")  # Django 6's default, today
    elif isinstance(db_field, models.CharField) and not db_field.choices and long_text(db_field):
        kwargs.setdefault("widget", forms.TextInput(attrs={"size": 60}))
    return kwargs


def long_text(db_field) -> bool:
    """Names, titles and notes: one-line fields long enough to need room to read them."""
    return (db_field.max_length or 0) >= 200


class TrackerInlineMixin:
    """Inlines get the same form fields, and constraint messages, as the admins they sit in."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return super().formfield_for_dbfield(
            db_field, request, **tracker_field_options(db_field, kwargs)
        )

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = with_constraint_errors(formset.form)
        return formset


class TrackerAdmin(VersionAdmin):
    object_history_template = "admin/tracker/object_history.html"
    history_latest_first = True
    list_per_page = 50

    @admin.display(description="public page")
    def on_site(self, obj):
        """A link to the record's public page, for ``list_display``."""
        return format_html('<a href="{}">view on site</a>', obj.get_absolute_url())

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return super().formfield_for_dbfield(
            db_field, request, **tracker_field_options(db_field, kwargs)
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        return with_constraint_errors(super().get_form(request, obj, change, **kwargs))

    # History.

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and hasattr(response, "context_data"):
            steps = {step.version.revision_id: step for step in record_history(obj)}
            for action in response.context_data.get("action_list", []):
                step = steps.get(action["revision"].pk)
                action["changes"] = step.changes if step else None
                action["first"] = step is not None and step.changes is None
        return response

    # Records without history get one before they change or go.

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST":
            self.ensure_initial_versions(request, [unquote(object_id)])
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        if request.method == "POST":
            self.ensure_initial_versions(request, [unquote(object_id)])
        return super().delete_view(request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and request.POST.get("action") == "delete_selected":
            self.ensure_initial_versions(request, request.POST.getlist(ACTION_CHECKBOX_NAME))
        return super().changelist_view(request, extra_context)

    def ensure_initial_versions(self, request, object_ids):
        """Save a version of each record (with its owned rows) that has none yet."""
        if not self.has_change_permission(request) and not self.has_delete_permission(request):
            return
        try:
            objects = list(self.get_queryset(request).filter(pk__in=object_ids))
        except (ValueError, ValidationError):
            return  # a malformed id: the admin's own view answers it
        versioned = set(
            Version.objects.get_for_model(self.model)
            .filter(object_id__in=[str(obj.pk) for obj in objects])
            .values_list("object_id", flat=True)
        )
        missing = [obj for obj in objects if str(obj.pk) not in versioned]
        if not missing:
            return
        with create_revision():
            for obj in missing:
                add_to_revision(obj)
            set_comment(INITIAL_VERSION_COMMENT)
