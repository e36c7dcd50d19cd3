"""
Import one official list file: ``manage.py import_list <list> <path or URL>``.

One run is one transaction:

1. the file is fetched and hashed; a file byte-identical to the list's last
   import is recorded as such and not read again (all unchanged);
2. it is parsed by the list's format (``sources.importers.formats.FORMATS``):
   a file in another format is refused before anything is written;
3. its records are compared with the stored :class:`~sources.models.ListEntry`
   rows by content hash, in batches: new entries are created with an open
   :class:`~sources.models.ListingPeriod`, changed ones updated, delisted ones
   that are back relisted (a new period), the rest left alone;
4. entries the file no longer has are delisted on the file's date (a delta
   file delists only its ``DEL`` entries; an entry whose stated end date has
   passed ends on that date). A file older than the last one imported, or one
   that would delist more than ``TRACKER_IMPORT_MAX_DELIST_SHARE`` of the
   list, is refused unless forced;
5. the entries touched are linked (:mod:`measures.listings.link`): companies
   found or created, listing acts made measures, delistings lifted.

Every change to a company or a measure is one django-reversion revision
whose comment names the file ("Updated from the Entity List file of ...").
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import reversion
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core import pagecache
from core.bulk import collector_spared, insert_rows, sqlite_page_cache
from sources.importers.formats import FORMATS
from sources.importers.records import KnownRow, ListedRecord, WrongFormat
from sources.models import ImportRun, ListEntry, ListingPeriod, RejectedRow

from ..search import index as search_index
from . import link, rules
from .fetch import FetchError, local_files, sha256_of

BATCH = 2000
# The SQLite page cache during an import (see core.bulk.sqlite_page_cache).
SQLITE_CACHE_MIB = 32
DEFAULT_MAX_DELIST_SHARE = 0.2
# Small lists may lose a few entries in one go without that being suspicious.
DELIST_GRACE = 3
MULTI_FILE_LISTS = ("ofac-sdn", "ofac-cons")


class ImportRefused(Exception):
    """The file was not imported; the message says why. Nothing was written."""


class _DryRun(Exception):
    pass


@dataclass
class Report:
    """What a run did (or, dry, would do)."""

    list_key: str
    run: ImportRun
    dry_run: bool = False
    same_file: bool = False
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    relisted: list[str] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)
    links: link.LinkReport | None = None
    last_new_pk: int = 0  # the highest id of an entry this run created so far
    # Of the entries this run created, those to be tracked companies (judged as they are
    # written, so the linking need not read every new entry again to know).
    new_in_scope: set[int] = field(default_factory=set)

    @property
    def counts(self) -> dict[str, int]:
        run = self.run
        return {
            name: getattr(run, name)
            for name in (
                "rows_read",
                "created",
                "updated",
                "unchanged",
                "relisted",
                "delisted",
                "skipped",
                "rejected",
                "companies_created",
                "companies_matched",
                "sent_to_review",
            )
        }


def max_delist_share() -> float:
    return float(getattr(settings, "TRACKER_IMPORT_MAX_DELIST_SHARE", DEFAULT_MAX_DELIST_SHARE))


def import_list(
    list_key: str,
    locations: list[str],
    *,
    force: bool = False,
    dry_run: bool = False,
    progress=None,
) -> Report:
    """Import ``locations`` (paths or addresses) as ``list_key``; see the module docstring."""
    if list_key not in FORMATS:
        raise ImportRefused(f"unknown list {list_key!r}; known lists: {', '.join(FORMATS)}")
    fmt = FORMATS[list_key]
    try:
        with local_files(locations) as paths:
            return _import(fmt, locations, paths, force=force, dry_run=dry_run, progress=progress)
    except FetchError as exc:
        raise ImportRefused(str(exc)) from exc


def _import(fmt, locations, paths: list[Path], *, force, dry_run, progress) -> Report:
    sha = sha256_of(paths)
    if fmt.key in MULTI_FILE_LISTS:
        target = str(paths[0]) if len(paths) == 1 else [str(p) for p in paths]
    else:
        if len(paths) != 1:
            raise ImportRefused(f"{fmt.key} is read from one file, not {len(paths)}")
        target = str(paths[0])
    try:
        result = fmt.parse(target)
    except WrongFormat as exc:
        raise ImportRefused(f"wrong format for {fmt.name}: {exc}") from exc
    location = " ".join(locations)[:1000]
    report = None
    try:
        with (
            collector_spared(),
            sqlite_page_cache(SQLITE_CACHE_MIB),
            transaction.atomic(),
            reversion.create_revision(),
            search_index.batched(),
        ):
            report = _run(fmt, result, location, sha, force=force, progress=progress)
            report.dry_run = dry_run
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    except WrongFormat as exc:
        raise ImportRefused(f"wrong format for {fmt.name}: {exc}") from exc
    return report


def _last_run(list_key):
    return (
        ImportRun.objects.filter(list_key=list_key, finished_at__isnull=False)
        .order_by("-started_at", "-pk")
        .first()
    )


def _run(fmt, result, location, sha, *, force, progress) -> Report:
    now = timezone.now()
    last = _last_run(fmt.key)
    run = ImportRun(list_key=fmt.key, location=location, sha256=sha, started_at=now, forced=force)
    report = Report(fmt.key, run)
    if last and last.sha256 == sha and not force:
        # Byte-identical to the last import: nothing can have changed.
        run.same_file_as = last.same_file_as or last
        run.file_date, run.file_date_stated = last.file_date, last.file_date_stated
        run.rows_read = last.rows_read
        run.unchanged = ListEntry.objects.filter(list_key=fmt.key).listed().count()
        run.skipped, run.rejected = last.skipped, last.rejected
        run.finished_at = timezone.now()
        run.save()
        report.same_file = True
        return report
    run.save()
    is_delta = result.format.endswith("-delta")

    existing = {}
    row_hashes: dict[str, str] = {}  # entry_id -> fingerprint of its row, while listed
    listed_on_of: dict[str, dt.date] = {}
    for entry_id, pk, content_hash, delisted_on, row_hash, listed_on in ListEntry.objects.filter(
        list_key=fmt.key
    ).values_list("entry_id", "pk", "content_hash", "delisted_on", "row_hash", "listed_on"):
        existing[entry_id] = (pk, content_hash, delisted_on)
        if row_hash and delisted_on is None:
            row_hashes[entry_id] = row_hash
            if listed_on:
                listed_on_of[entry_id] = listed_on
    listed_before = sum(1 for _, _, delisted in existing.values() if delisted is None)
    # A row byte-identical to the one the listed entry was last read from is unchanged
    # without being parsed (the parser's version is part of the fingerprint).
    result.known = lambda entry_id, row_hash: row_hashes.get(entry_id) == row_hash
    seen: set[str] = set()
    touched: set[int] = set()
    created: set[int] = set()  # entry pks new in this run (no search rows yet)
    relisted: set[int] = set()  # entry pks back on the list in this run
    ends: dict[int, dt.date] = {}  # entry pk -> end date the file states
    deletions: list[str] = []
    latest_listing: dt.date | None = None
    latest_change: dt.date | None = None  # FtM's last_change: when the data last changed
    batch: list[ListedRecord] = []
    _next_year = dt.date.today().year + 1

    def flush():
        nonlocal batch
        _write_batch(batch, existing, run, report, touched, created, ends, relisted, row_hashes)
        if progress:
            progress(len(batch))
        batch = []

    for record in result.records:
        if record.entry_id in seen:
            run.skipped += 1  # the same entry twice in one file: the first wins
            continue
        seen.add(record.entry_id)
        if type(record) is KnownRow:
            run.unchanged += 1
            if (listed := listed_on_of.get(record.entry_id)) and listed.year <= _next_year:
                latest_listing = max(latest_listing or listed, listed)
            continue
        if changed_on := _last_change(record):
            latest_change = max(latest_change or changed_on, changed_on)
        if is_delta and result.ops.get(record.entry_id) == "DEL":
            deletions.append(record.entry_id)
            if record.end_date:
                ends_key = existing.get(record.entry_id)
                if ends_key:
                    ends[ends_key[0]] = record.end_date
            continue
        if record.start_date and record.start_date.year <= dt.date.today().year + 1:
            latest_listing = max(latest_listing or record.start_date, record.start_date)
        batch.append(record)
        if len(batch) >= BATCH:
            flush()
    flush()

    run.rows_read = result.stats["rows"]
    run.skipped += result.stats["skipped"]
    run.rejected = len(result.rejected)
    report.rejected = [(r.line, r.reason) for r in result.rejected]
    RejectedRow.objects.bulk_create(
        RejectedRow(run=run, line=r.line, reason=r.reason[:500], excerpt=r.excerpt[:300])
        for r in result.rejected
    )

    run.file_date = result.file_date or latest_change or latest_listing or now.date()
    run.file_date_stated = (result.file_date or latest_change) is not None

    # Delisting: what a full file no longer has, or what a delta deletes.
    if is_delta:
        gone = [existing[eid][0] for eid in deletions if eid in existing and not existing[eid][2]]
    else:
        gone = [
            pk for eid, (pk, _, delisted) in existing.items() if eid not in seen and not delisted
        ]
    share = len(gone) / listed_before if listed_before else 0
    if gone and share > max_delist_share() and len(gone) > DELIST_GRACE and not force:
        raise ImportRefused(
            f"this {fmt.name} file would delist {len(gone)} of the {listed_before} listed "
            f"entries ({share:.0%}, more than the {max_delist_share():.0%} allowed): is it "
            "truncated? Use --force if the list really shrank"
        )
    if last and last.file_date and run.file_date < last.file_date and not force:
        raise ImportRefused(
            f"this {fmt.name} file is dated {run.file_date}, older than the last one imported "
            f"({last.file_date}, run of {last.started_at:%Y-%m-%d}); use --force to import it"
        )
    ended = {pk: end for pk, end in ends.items() if end <= run.file_date}
    for pk in gone:
        ended.setdefault(pk, run.file_date)
    if ended:
        _delist(ended, run, report)
        touched.update(ended)
    run.delisted = len(ended)
    # The file's entries are all compared: what is left to do needs only ``touched``, so
    # the run's largest maps make room for the linking and the search rows that follow.
    existing.clear()
    row_hashes.clear()
    listed_on_of.clear()
    seen.clear()

    reversion.set_comment(revision_comment(fmt, run))
    status_changed = set(ended) | {pk for pk in touched if pk in relisted}
    report.links = link.link_entries(
        fmt, run, touched, status_changed, judged=created, judged_in_scope=report.new_in_scope
    )
    # The search table: entries are written in bulk (no signals), so they are indexed here.
    search_index.reindex_entries(touched, new=created)
    run.companies_created = report.links.companies_created
    run.companies_matched = report.links.companies_matched
    run.sent_to_review = report.links.sent_to_review
    run.finished_at = timezone.now()
    run.save()
    # Bulk writes send no signals: the data has a new version once, after the commit.
    transaction.on_commit(pagecache.bump)
    return report


def _last_change(record) -> dt.date | None:
    value = record.raw.get("last_change") if record.list_key == "opensanctions" else None
    if isinstance(value, str) and len(value) >= 10:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def revision_comment(fmt, run) -> str:
    verb = "Updated"
    return f"{verb} from the {fmt.name} file of {run.file_date:%-d %B %Y} (import run {run.pk})"


_ENTRY_FIELDS = (
    "source_list",
    "kind",
    "name",
    "aliases",
    "addresses",
    "countries",
    "identifiers",
    "programs",
    "listed_on",
    "listed_on_precision",
    "end_date",
    "federal_register",
    "license_requirement",
    "license_policy",
    "remarks",
    "source_url",
    "parent_name",
    "raw",
    "content_hash",
    "row_hash",
    "last_run",
)


def _values(record: ListedRecord, run, content_hash: str) -> dict:
    return {
        "source_list": record.source_list[:200],
        "kind": record.kind,
        "name": record.name[:500],
        "aliases": list(record.aliases),
        "addresses": list(record.addresses),
        "countries": list(record.countries),
        "identifiers": [list(pair) for pair in record.identifiers],
        "programs": list(record.programs),
        "listed_on": record.start_date,
        "listed_on_precision": record.listing_date_precision,
        "end_date": record.end_date,
        "federal_register": record.federal_register[:300],
        "license_requirement": record.license_requirement,
        "license_policy": record.license_policy,
        "remarks": record.remarks,
        "source_url": record.source_url[:500],
        "parent_name": record.parent_name[:500],
        "raw": record.raw,
        "content_hash": content_hash,
        "row_hash": record.row_hash,
        "last_run": run,
    }


_NEW_FIELDS = ("list_key", "entry_id", "first_run", *_ENTRY_FIELDS)


def _write_batch(batch, existing, run, report, touched, created, ends, relisted, row_hashes):
    new, changed, back, refingerprinted = [], [], [], []
    for record in batch:
        current = existing.get(record.entry_id)
        content_hash = record.content_hash
        if current is None:
            values = _values(record, run, content_hash)
            values["last_run"] = run.pk
            new.append((run.list_key, record.entry_id, run.pk, *map(values.get, _ENTRY_FIELDS)))
            continue
        pk, old_hash, delisted_on = current
        if old_hash == content_hash and delisted_on is None:
            run.unchanged += 1
            if record.row_hash and row_hashes.get(record.entry_id) != record.row_hash:
                # Same content from a row written differently (or read before rows had
                # fingerprints): remember this row, so the next file skips it.
                refingerprinted.append(ListEntry(pk=pk, row_hash=record.row_hash))
            continue
        entry = ListEntry(
            pk=pk,
            list_key=run.list_key,
            entry_id=record.entry_id,
            **_values(record, run, content_hash),
        )
        if old_hash != content_hash:
            changed.append(entry)
        if delisted_on is not None:
            back.append(entry)
        existing[record.entry_id] = (pk, content_hash, None)
        touched.add(pk)
        if record.end_date:
            ends[pk] = record.end_date
    if refingerprinted:
        ListEntry.objects.bulk_update(refingerprinted, ["row_hash"], batch_size=500)
    if new:
        _insert_new(new, existing, run, report, touched, created, ends)
    if changed:
        ListEntry.objects.bulk_update(changed, _ENTRY_FIELDS)
        run.updated += len([e for e in changed if e not in back])
        report.changed += [entry.name for entry in changed[: 200 - len(report.changed)]]
    if back:
        ListEntry.objects.filter(pk__in=[e.pk for e in back]).update(delisted_on=None)
        ListingPeriod.objects.bulk_create(
            ListingPeriod(entry_id=entry.pk, start=entry.listed_on, started_run=run)
            for entry in back
        )
        run.relisted += len(back)
        relisted.update(entry.pk for entry in back)
        report.relisted += [entry.name for entry in back[:200]]


_AT = {name: i for i, name in enumerate(_NEW_FIELDS)}
_SCOPE_FIELDS = link.ScopeFacts._fields[2:]  # after pk and list_key: as written


def _insert_new(rows, existing, run, report, touched, created, ends):
    """Write new entries and their open listing periods with one INSERT per batch each."""
    insert_rows(ListEntry, _NEW_FIELDS, rows)
    # This run alone writes entries whose first run it is: the ones it has not seen yet.
    pks = dict(
        ListEntry.objects.filter(first_run=run, pk__gt=report.last_new_pk)
        .order_by()
        .values_list("entry_id", "pk")
    )
    report.last_new_pk = max(pks.values(), default=report.last_new_pk)
    periods = []
    scope = rules.scope()
    for row in rows:
        entry_id = row[_AT["entry_id"]]
        pk = pks[entry_id]
        facts = link.ScopeFacts(pk, run.list_key, *(row[_AT[name]] for name in _SCOPE_FIELDS))
        if rules.in_scope(facts, scope):
            report.new_in_scope.add(pk)
        existing[entry_id] = (pk, row[_AT["content_hash"]], None)
        touched.add(pk)
        created.add(pk)
        if end := row[_AT["end_date"]]:
            ends[pk] = end
        periods.append((pk, row[_AT["listed_on"]], run.pk))
    insert_rows(ListingPeriod, ("entry", "start", "started_run"), periods)
    run.created += len(rows)
    report.added += [row[_AT["name"]] for row in rows[: max(0, 200 - len(report.added))]]


def _delist(ended: dict[int, dt.date], run, report):
    by_date = Counter(ended.values())
    pks = list(ended)
    for date in by_date:
        ids = [pk for pk, end in ended.items() if end == date]
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            ListEntry.objects.filter(pk__in=chunk).update(delisted_on=date, last_run=run)
            periods = ListingPeriod.objects.filter(entry__in=chunk, end__isnull=True)
            # A period cannot end before it starts: such a listing ends on its start.
            periods.filter(start__gt=date).update(end=F("start"), ended_run=run)
            periods.update(end=date, ended_run=run)
    report.removed = list(ListEntry.objects.filter(pk__in=pks[:200]).values_list("name", flat=True))
