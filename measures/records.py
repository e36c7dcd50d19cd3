"""
Layers of the record: fixtures loaded as history, not as overwrites.

The tracker's data comes in layers. ``fixtures/seed.json`` is what one May
2022 article said; ``fixtures/record-2026.json`` is the record as checked in
November 2026: the same rows, named by the same natural keys, corrected, and
new ones. :func:`load_record` loads a layer inside one
``reversion.create_revision()`` with a comment, so every record it changes
gets a new version, its public change log (:func:`core.history.change_log`)
shows what changed, and a changed measure's ``updated_at`` moves (the Atom
feed re-publishes it).

Rules of a layer file (Django's JSON fixture format, natural keys only):

- A row that is already stored and equal (every field and many-to-many set)
  is left alone: loading the same layer again writes nothing and adds no
  revision.
- A measure's milestones, targets and relations are given whole: when a
  layer lists any milestone of a measure, that measure's milestones not in
  the layer are deleted (likewise targets and relations). A correction that
  moves a milestone's date therefore replaces it instead of adding a twin.
- Creation times are kept; ``updated_at`` becomes the time of the load for
  every changed measure, including one whose milestones alone changed.
- Nothing here sets ``reviewed_on``: a load is not a review. The layer
  carries the review date its editors gave each record.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import reversion
from django.conf import settings
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from .models import Measure, MeasureRelation, MeasureTarget, Milestone

# Owned rows that a layer gives whole for each measure it lists them for:
# model -> the foreign key to the measure.
WHOLE_ROWS = {Milestone: "measure", MeasureTarget: "measure", MeasureRelation: "from_measure"}


@dataclass
class LoadResult:
    """What a load did, by model label: rows added, changed, left alone, deleted."""

    added: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    changed: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    unchanged: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    deleted: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    skipped: bool = False

    @property
    def wrote(self) -> bool:
        return bool(self.added or self.changed or self.deleted)

    def summary(self) -> str:
        if self.skipped:
            return "the database already holds records, nothing loaded (--initial)"
        parts = []
        for label, counts in (
            ("added", self.added),
            ("changed", self.changed),
            ("deleted", self.deleted),
            ("unchanged", self.unchanged),
        ):
            total = sum(counts.values())
            if total:
                parts.append(f"{total} {label}")
        return ", ".join(parts) or "nothing"


def find_fixture(name: str) -> Path:
    """``name`` as a path, or ``<name>.json`` in one of ``FIXTURE_DIRS``."""
    candidates = [Path(name)]
    for directory in settings.FIXTURE_DIRS:
        candidates += [Path(directory) / name, Path(directory) / f"{name}.json"]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise CommandError(f"No fixture named {name!r} (looked in {settings.FIXTURE_DIRS}).")


def _timestamps(model):
    return [
        f
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]


def _differs(deserialized, current) -> bool:
    """Whether the layer's row says anything the stored ``current`` row does not."""
    obj = deserialized.object
    stamps = set(_timestamps(type(obj)))
    for f in type(obj)._meta.concrete_fields:
        if f.primary_key or f in stamps:
            continue
        if getattr(obj, f.attname) != getattr(current, f.attname):
            return True
    for name, values in (deserialized.m2m_data or {}).items():
        stored = getattr(current, name).values_list("pk", flat=True)
        if {str(pk) for pk in stored} != {str(pk) for pk in values}:
            return True
    return False


def load_record(path: Path, comment: str, *, initial: bool = False) -> LoadResult:
    """
    Load the layer at ``path`` as one revision commented ``comment`` (see the module).

    With ``initial``, load only into a database that holds no measure yet
    (the first layer: loading it again must not undo the later ones).
    """
    result = LoadResult()
    if initial and Measure.objects.exists():
        result.skipped = True
        return result
    now = timezone.now()
    listed = defaultdict(set)  # (model, measure pk) -> pks of the rows the layer gives
    touched = set()  # measures whose own rows changed
    with transaction.atomic(), reversion.create_revision():
        reversion.set_comment(comment)
        deferred = []
        with path.open(encoding="utf-8") as fixture:
            for deserialized in serializers.deserialize(
                "json", fixture, handle_forward_references=True
            ):
                obj = deserialized.object
                model = type(obj)
                label = model._meta.label
                current = None
                if obj.pk is not None:
                    try:
                        current = model._base_manager.get(pk=obj.pk)
                    except ObjectDoesNotExist:
                        current = None
                if current is not None and not _differs(deserialized, current):
                    result.unchanged[label] += 1
                else:
                    for stamp in _timestamps(model):
                        if current is not None and getattr(stamp, "auto_now_add", False):
                            value = getattr(current, stamp.attname)
                        elif current is None and getattr(obj, stamp.attname, None):
                            value = getattr(obj, stamp.attname)
                        else:
                            value = now
                        setattr(obj, stamp.attname, value)
                    deserialized.save()
                    (result.changed if current is not None else result.added)[label] += 1
                    if model in WHOLE_ROWS:
                        touched.add(getattr(obj, f"{WHOLE_ROWS[model]}_id"))
                if deserialized.deferred_fields:
                    deferred.append(deserialized)
                if model in WHOLE_ROWS:
                    listed[model, getattr(obj, f"{WHOLE_ROWS[model]}_id")].add(obj.pk)
        for deserialized in deferred:
            deserialized.save_deferred_fields()
        for (model, measure_id), pks in listed.items():
            stale = model.objects.filter(**{f"{WHOLE_ROWS[model]}_id": measure_id}).exclude(
                pk__in=pks
            )
            count = stale.count()
            if count:
                stale.delete()
                result.deleted[model._meta.label] += count
                touched.add(measure_id)
        if touched:
            Measure.objects.filter(pk__in=touched).update(updated_at=now)
            for measure in Measure.objects.filter(pk__in=touched):
                reversion.add_to_revision(measure)
    return result
