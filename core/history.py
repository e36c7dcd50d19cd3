"""
The history of tracker records, kept by django-reversion.

What is versioned: each app registers its models with :func:`register` in
its ``AppConfig.ready()``. A record that owns rows (a measure its targets,
milestones and relations; a company its aliases and identifiers; a source
its quotes) *follows* them, so each version of the record carries a snapshot
of its rows and reverting it restores them. Each owned row follows its owner
back, so a milestone edited on its own still makes a version of its measure
(the measure's change log shows it), and the admin's revert and "recover
deleted" act on the record as a whole. The admin saves a revision for every
change; code that changes records (an import, a shell session) does it
inside ``with reversion.create_revision():``. Code that writes many records
in bulk (an import) puts them in the revision with :func:`add_many_to_revision`.

What changed: :func:`record_history` compares consecutive versions of one
record (its fields and its rows) and turns them into display text, in a
fixed number of queries whatever the length of the history. The admin's
history page shows it with the editor's name; :func:`change_log` is the
public view of a record: dates and changes, never who made them.

This module is on the shared floor: it knows no model of its own, only what
the apps register.
"""

from __future__ import annotations

import datetime
import difflib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers import json as json_serializer
from django.db import models, router
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.encoding import force_str
from django.utils.text import capfirst
from reversion import revisions
from reversion.errors import RevertError
from reversion.models import Version

from core.partial_dates import PartialDate

# A record and the rows it owns: saved, versioned, reverted and shown with it.
CHILDREN: dict[type[models.Model], tuple[str, ...]] = {}
# An owned row and the foreign key to its owner.
PARENT: dict[type[models.Model], str] = {}
# How an owned row reads in a change log, from the display text of its fields.
ROW_LABELS: dict[type[models.Model], str] = {}
ROW_TEXT: dict[type[models.Model], Callable[[dict[str, str]], str]] = {}


def register(
    model: type[models.Model],
    *,
    owns: tuple[str, ...] = (),
    owner: str | None = None,
    row_text: Callable[[dict[str, str]], str] | None = None,
    row_label: str | None = None,
) -> None:
    """
    Put ``model`` under version control (safe to call again: the last call wins).

    ``owns`` names the reverse relations of rows the record owns; ``owner``
    is the foreign key of an owned row to its record. ``row_text`` and
    ``row_label`` say how an owned row reads in a change log.
    """
    if owns:
        CHILDREN[model] = owns
    if owner:
        PARENT[model] = owner
    if row_text:
        ROW_TEXT[model] = row_text
    if row_label:
        ROW_LABELS[model] = row_label
    # The admin's VersionAdmin registers its model on its own (following only
    # its inlines) when the admin loads, before the apps' ready(): this wins.
    if reversion.is_registered(model):
        reversion.unregister(model)
    reversion.register(model, follow=owns + ((owner,) if owner else ()))


def add_many_to_revision(objects: Iterable[models.Model]) -> None:
    """
    Put ``objects`` in the current revision with the rows each follows, in bulk.

    The same versions as ``reversion.add_to_revision(obj)`` for each object in
    turn (same keys, order, serialized data and repr; an explicit add replaces
    a version already in the revision, a followed row does not), but the
    followed rows and many-to-many fields are fetched once per relation, each
    model is serialized in one pass, and the revision takes them in one update.
    Outside a revision it does nothing, as a save does.
    """
    if not reversion.is_active():
        return
    objects = [obj for obj in objects if obj.pk is not None]
    with _caches_kept(objects):
        reached = _prefetch_follows(objects)
        if not all(_serializable_in_bulk(model) for model in reached):
            for obj in objects:
                reversion.add_to_revision(obj)
            return
        model_dbs = [router.db_for_write(type(obj), instance=obj) for obj in objects]
        db_versions = _frame_versions()
        for using, versions in db_versions.items():
            chosen = _choose(objects, model_dbs, using, versions)
            versions.update(_new_versions(chosen, using))
        _set_frame_versions(db_versions)


# Long texts are shown as the changed words with a few words around them.
LONG_TEXT = 160
CONTEXT_WORDS = 6


@dataclass(frozen=True)
class FieldChange:
    """One field (or owned row) of a record, as display text before and after."""

    label: str
    old: str
    new: str


@dataclass(frozen=True)
class ChangeLogEntry:
    """One dated line of a measure's public change log; never says who."""

    when: datetime.datetime
    description: str
    changes: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class HistoryStep:
    """A version of a record and what changed since the previous one (None for the first)."""

    version: Version
    changes: tuple[FieldChange, ...] | None


def change_log(record: models.Model) -> list[ChangeLogEntry]:
    """
    The public change log of ``record`` (a measure), oldest first.

    The first entry is "Record created" (dated by the record's ``created_at``);
    then one entry per saved change that readers can see: which fields
    changed, from what to what, as display text, described as "Changed" or,
    for a change no person made (an import, a record load), by its reason.
    Saves that changed nothing visible are left out. Editors' names are never included. A constant
    number of queries (see :func:`record_history`).
    """
    entries = [ChangeLogEntry(when=record.created_at, description="Record created")]
    for step in record_history(record)[1:]:
        if step.changes:
            entries.append(
                ChangeLogEntry(
                    when=step.version.revision.date_created,
                    description=_public_description(step.version.revision),
                    changes=step.changes,
                )
            )
    return entries


def _public_description(revision) -> str:
    """
    "Changed" for an editor's save; the reason itself for a change no person made.

    An import or a record load saves without a user and says why ("Updated from
    the Entity List file of 8 November 2023"): readers may see that. An editor's
    comment is written for other editors, so the public log only says "Changed".
    """
    if revision.user_id is None and revision.comment:
        return revision.comment
    return "Changed"


def record_history(obj: models.Model, *, with_user: bool = False) -> list[HistoryStep]:
    """
    Every version of ``obj`` (oldest first), each with its changes since the one before.

    Queries: one for the versions, one for the owned rows' versions in the
    same revisions, and one per related model whose display text is needed
    (for a measure at most six: type, government, authority, sources,
    companies, measures), however many versions there are.
    """
    model = type(obj)
    related = ["revision", "revision__user"] if with_user else ["revision"]
    versions = [
        version
        for version in Version.objects.get_for_object(obj)
        .select_related(*related)
        .order_by("revision__date_created", "pk")
        if _readable(version)
    ]
    if not versions:
        return []
    rows = _owned_rows(model, obj.pk, [version.revision_id for version in versions])
    snapshots = [_Snapshot(version.field_dict, rows[version.revision_id]) for version in versions]
    resolver = _Resolver()
    raw = [None] + [_compare(model, old, new, resolver) for old, new in pairwise(snapshots)]
    resolver.fetch()
    return [
        HistoryStep(version, None if pending is None else tuple(change() for change in pending))
        for version, pending in zip(versions, raw, strict=True)
    ]


# The machinery: snapshots, comparisons, and display text.


@dataclass
class _Snapshot:
    fields: dict
    rows: dict[str, dict[str, dict]]  # relation name -> row pk -> field dict


def _readable(version: Version) -> bool:
    try:
        version.field_dict  # noqa: B018 (deserialise now; skip data the models no longer read)
    except RevertError:
        return False
    return True


def _owned_rows(model, pk, revision_ids) -> dict[int, dict[str, dict[str, dict]]]:
    """The owned rows of record ``pk`` as each revision saved them: one query."""
    snapshot = defaultdict(lambda: {name: {} for name in CHILDREN.get(model, ())})
    relations = {
        model._meta.get_field(name).related_model: name for name in CHILDREN.get(model, ())
    }
    if not relations:
        return snapshot
    content_types = ContentType.objects.get_for_models(*relations)
    by_content_type = {content_types[row_model].pk: row_model for row_model in relations}
    versions = Version.objects.filter(
        revision_id__in=revision_ids, content_type__in=by_content_type
    ).order_by("pk")
    for version in versions:
        row_model = by_content_type[version.content_type_id]
        if not _readable(version):
            continue
        fields = version.field_dict
        owner = row_model._meta.get_field(PARENT[row_model]).attname
        if fields.get(owner) == pk:
            snapshot[version.revision_id][relations[row_model]][version.object_id] = fields
    return snapshot


def _shown_fields(model) -> list[models.Field]:
    """The fields a reader cares about, in the model's order; a precision goes with its date."""
    names = {field.name for field in model._meta.concrete_fields}
    shown = []
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if field.primary_key or getattr(field, "auto_now", False):
            continue
        if getattr(field, "auto_now_add", False) or field.name == PARENT.get(model):
            continue
        if field.name.endswith("_precision") and field.name.removesuffix("_precision") in names:
            continue
        if field.many_to_many and not field.remote_field.through._meta.auto_created:
            continue  # a through model is versioned as owned rows
        shown.append(field)
    return shown


def _compare(model, old: _Snapshot, new: _Snapshot, resolver: _Resolver) -> list[Callable]:
    """What differs between two snapshots, as callables giving FieldChange once names are known."""
    pending = []
    for field in _shown_fields(model):
        before, after = _raw(field, old.fields), _raw(field, new.fields)
        if before != after:
            pending.append(_field_change(model, field, before, after, resolver))
    for name in CHILDREN.get(model, ()):
        row_model = model._meta.get_field(name).related_model
        old_rows, new_rows = old.rows.get(name, {}), new.rows.get(name, {})
        for key in sorted(old_rows.keys() | new_rows.keys(), key=_natural):
            before, after = old_rows.get(key), new_rows.get(key)
            if _row_values(row_model, before) != _row_values(row_model, after):
                pending.append(_row_change(row_model, before, after, resolver))
    return pending


def _natural(key: str):
    return (0, int(key), "") if key.isdigit() else (1, 0, key)


def _raw(field, fields: dict):
    """A comparable value; a partial date is its date and precision together."""
    if field.many_to_many:
        return tuple(sorted(fields.get(field.attname) or (), key=str))
    value = fields.get(field.attname)
    if isinstance(field, models.DateField) and f"{field.attname}_precision" in fields:
        return (value, fields.get(f"{field.attname}_precision")) if value else None
    return value


def _row_values(row_model, fields):
    if fields is None:
        return None
    return tuple(_raw(field, fields) for field in _shown_fields(row_model))


def _field_change(model, field, before, after, resolver):
    resolver.want(field, before)
    resolver.want(field, after)
    label = capfirst(field.verbose_name)

    def change():
        old, new = resolver.text(field, before), resolver.text(field, after)
        if not field.is_relation and (len(old) > LONG_TEXT or len(new) > LONG_TEXT):
            old, new = _excerpts(old, new)
        return FieldChange(label, old, new)

    return change


def _row_change(row_model, before, after, resolver):
    fields = _shown_fields(row_model)
    for values in (before, after):
        for field in fields:
            if values is not None:
                resolver.want(field, _raw(field, values))
    label = ROW_LABELS.get(row_model) or capfirst(row_model._meta.verbose_name)
    as_text = ROW_TEXT.get(row_model, lambda row: " · ".join(text for text in row.values() if text))

    def text(values):
        if values is None:
            return ""
        return as_text({field.name: resolver.text(field, _raw(field, values)) for field in fields})

    return lambda: FieldChange(label, text(before), text(after))


class _Resolver:
    """Names for the related records a history mentions, fetched once per model."""

    def __init__(self):
        self.wanted = defaultdict(set)
        self.names: dict[type[models.Model], dict] = {}

    def want(self, field, value):
        if not field.is_relation or value in (None, ()):
            return
        keys = value if field.many_to_many else (value,)
        self.wanted[field.related_model].update(keys)

    def fetch(self):
        for model, keys in self.wanted.items():
            self.names[model] = {
                pk: str(obj) for pk, obj in model._default_manager.in_bulk(list(keys)).items()
            }

    def _name(self, model, key) -> str:
        name = self.names.get(model, {}).get(key)
        return name if name is not None else f"(deleted {model._meta.verbose_name})"

    def text(self, field, value) -> str:
        if value is None or value == () or value == "":
            return ""
        if field.many_to_many:
            return "; ".join(sorted(self._name(field.related_model, key) for key in value))
        if field.is_relation:
            return self._name(field.related_model, value)
        if isinstance(value, tuple):  # a partial date
            try:
                return str(PartialDate.from_fields(*value))
            except ValueError:
                return value[0].isoformat()
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, datetime.date):
            return str(PartialDate(value))
        return str(value)


def _excerpts(old: str, new: str) -> tuple[str, str]:
    """The changed words of two long texts, with a few words of context, marked by "…"."""
    before, after = old.split(), new.split()
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    edits = [opcode for opcode in matcher.get_opcodes() if opcode[0] != "equal"]
    if not edits:
        return old, new
    first, last = edits[0], edits[-1]
    return (
        _excerpt(before, first[1], last[2]),
        _excerpt(after, first[3], last[4]),
    )


def _excerpt(words: list[str], start: int, end: int) -> str:
    first = max(0, start - CONTEXT_WORDS)
    last = min(len(words), end + CONTEXT_WORDS)
    text = " ".join(words[first:last])
    return ("… " if first > 0 else "") + text + (" …" if last < len(words) else "")


# Bulk versions: reversion's own steps, without its per-object costs.
#
# django-reversion has no bulk API: add_to_revision() serializes one object at
# a time (Django's serializer then builds a queryset per many-to-many field
# even when it is prefetched) and copies the revision's whole dict of versions
# for each object, so an import of thousands of companies spent seconds there.
# These helpers reuse reversion's private pieces (its registration options,
# follows and revision frame, the same from django-reversion 5.1 to 6.4) so
# the versions stay exactly its own; tests/test_history_bulk.py compares the
# two paths and fails if reversion changes them.


def _frame_versions() -> dict[str, dict]:
    """A copy of the current revision's versions (per database), to add to."""
    return revisions._copy_db_versions(revisions._current_frame().db_versions)


def _set_frame_versions(db_versions: dict[str, dict]) -> None:
    revisions._update_frame(db_versions=db_versions)


def _object_id_field(model) -> str:
    """The attribute reversion keys a version by: registrations have named it since
    django-reversion 6.3; before, it was always the primary key."""
    return getattr(revisions._get_options(model), "object_id_field", "pk")


def _follows(obj: models.Model) -> list[models.Model]:
    """The rows reversion follows from ``obj`` (read from prefetched caches when there)."""
    return list(revisions._follow_relations(obj))


def _prefetch_follows(objects: list[models.Model]) -> set[type[models.Model]]:
    """
    Prefetch what ``objects`` follow, level by level, one query per relation.

    Returns the models reached, the objects' own included.
    """
    reached, seen = set(), set()
    level = objects
    while level:
        by_model = defaultdict(list)
        for obj in level:
            if obj.pk is not None and (type(obj), obj.pk) not in seen:
                seen.add((type(obj), obj.pk))
                by_model[type(obj)].append(obj)
        level = []
        for model, group in by_model.items():
            reached.add(model)
            follow = revisions._get_options(model).follow
            prefetch_related_objects(group, *(name for name in follow if _is_relation(model, name)))
            for obj in group:
                level += _follows(obj)
    return reached


def _is_relation(model, name: str) -> bool:
    """Whether ``name`` is a relation Django can prefetch (a follow may be any attribute)."""
    for field in model._meta.get_fields():
        if field.is_relation:
            accessor = field.get_accessor_name() if field.auto_created else field.name
            if accessor == name:
                return True
    return False


@contextmanager
def _caches_kept(objects):
    """
    The caller's objects as they were: the relations prefetched here dropped.

    add_to_revision leaves no cache behind; one left here would go stale as
    soon as the caller adds a row to the relation.
    """
    before = [set(_prefetched(obj)) for obj in objects]
    try:
        yield
    finally:
        for obj, names in zip(objects, before, strict=True):
            cache = _prefetched(obj)
            for name in cache.keys() - names:
                del cache[name]


def _serializable_in_bulk(model) -> bool:
    """Whether the versions of ``model`` are what the bulk path writes: Django's own
    JSON, kept even when unchanged (ignore_duplicates compares each with the database)."""
    options = revisions._get_options(model)
    return (
        serializers.get_serializer(options.format) is json_serializer.Serializer
        and not options.ignore_duplicates
    )


def _choose(objects, model_dbs, using, versions) -> dict[tuple, tuple[models.Model, str]]:
    """
    Which objects get a new version in ``using``'s revision: reversion's walk.

    Each object replaces its version, then the rows it follows are added,
    depth first, unless the revision already has them. A placeholder keeps
    each key's place in ``versions`` (the order in which versions are saved).
    """
    chosen = {}
    content_types = {}

    def add(obj, model_db, explicit):
        if obj.pk is None:
            return
        model = type(obj)
        if model not in content_types:
            content_types[model] = revisions._get_content_type(model, using)
        object_id = force_str(getattr(obj, _object_id_field(model)))
        key = (content_types[model], object_id)
        if key in versions and not explicit:
            return
        versions[key] = None
        chosen[key] = (obj, model_db)
        for followed in _follows(obj):
            add(followed, model_db, False)

    for obj, model_db in zip(objects, model_dbs, strict=True):
        add(obj, model_db, True)
    return chosen


def _new_versions(chosen, using) -> Iterable[tuple[tuple, Version]]:
    """A Version for each chosen object, each model serialized in one pass."""
    by_model = defaultdict(list)
    for key, (obj, model_db) in chosen.items():
        by_model[type(obj)].append((key, obj, model_db))
    for model, items in by_model.items():
        options = revisions._get_options(model)
        objects = [obj for _, obj, _ in items]
        names = _many_to_many_names(model, options.fields)
        with _many_to_many_fetched(objects, names):
            documents = _JSONDocuments().serialize(
                objects,
                fields=options.fields,
                use_natural_foreign_keys=options.use_natural_foreign_keys,
            )
        for (key, obj, model_db), document in zip(items, documents, strict=True):
            version = Version(
                content_type=key[0],
                object_id=key[1],
                db=model_db,
                format=options.format,
                serialized_data=document,
                object_repr=force_str(obj),
            )
            yield key, version


def _many_to_many_names(model, fields) -> list[str]:
    """The many-to-many fields the serializer writes as lists of keys: worth prefetching."""
    return [
        field.name
        for field in model._meta.concrete_model._meta.local_many_to_many
        if field.serialize
        and field.remote_field.through._meta.auto_created
        and (fields is None or field.attname in fields)
    ]


# Where _many_to_many_fetched puts the rows of a many-to-many field, for a moment.
_FETCHED = "_history_fetched_"


@contextmanager
def _many_to_many_fetched(objects, names):
    """
    The rows of each many-to-many field, fetched for all ``objects`` at once.

    Held as plain lists (a prefetch into the relation's cache builds a
    queryset per object to hold them, as costly as the serializer's own), and
    forgotten afterwards. An object whose field the caller prefetched keeps
    its cache, which the serializer reads as Django's does.
    """
    for name in names:
        missing = [obj for obj in objects if name not in _prefetched(obj)]
        prefetch_related_objects(missing, Prefetch(name, to_attr=_FETCHED + name))
    try:
        yield
    finally:
        for obj in objects:
            for name in names:
                obj.__dict__.pop(_FETCHED + name, None)


def _prefetched(obj) -> dict:
    return getattr(obj, "_prefetched_objects_cache", {})


class _JSONDocuments(json_serializer.Serializer):
    """
    Django's JSON serializer, one document per object: each exactly what
    ``serializers.serialize("json", [obj])`` writes.

    A many-to-many field already fetched (see :func:`_many_to_many_fetched`)
    is read from memory alone: Django's serializer reads a prefetched field
    from the cache too, but builds the field's queryset first.
    """

    def start_serialization(self):
        self._init_options()
        self.documents = []

    def end_serialization(self):
        pass

    def end_object(self, obj):
        self.documents.append("[" + json.dumps(self.get_dump_object(obj), **self.json_kwargs) + "]")
        self._current = None

    def getvalue(self):
        return self.documents

    def handle_m2m_field(self, obj, field):
        rows = _prefetched(obj).get(field.name, obj.__dict__.get(_FETCHED + field.name))
        if rows is None or self.use_natural_foreign_keys:
            super().handle_m2m_field(obj, field)
        elif field.remote_field.through._meta.auto_created:
            self._current[field.name] = [
                self._value_from_field(related, related._meta.pk) for related in rows
            ]
