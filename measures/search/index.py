"""
The one module that writes the search table (:class:`~measures.models.SearchName`).

What is indexed, for a tracked **company**: its legal and short names, its
aliases (Chinese ones also in pinyin), each name also without a leading
Chinese place ("Hangzhou Hikvision" is also "Hikvision"), and its
identifiers (USCC, ISIN, LEI, ticker, registration). For an official **list
entry**: its name, aliases, identifiers and its id on the list, pointing at
the company the entry was matched to, if any (an entry waiting for review,
or never matched, is found as itself: "listed, not tracked").

With each name go its words (:class:`~measures.models.SearchNameWord`) and the
distinct words of all names (:class:`~measures.models.SearchWord`), where near
spellings are looked for; deleting a name deletes its words' links, and
:func:`rebuild` drops the words no name holds any more.

When: on every save or delete of a company, alias, identifier, list entry or
list match (signals, connected in ``MeasuresConfig.ready()``); imports and the
data generator write with ``bulk_create`` and call :func:`reindex_entries` /
:func:`reindex_companies` themselves, inside :func:`batched` so that the
signals of the rows they save one by one are gathered into one reindex.
Fixture loading (``loaddata``, ``restore``) saves raw rows and fires no
reindex: ``manage.py rebuild_search_index`` (or :func:`rebuild`) follows it.
"""

from __future__ import annotations

import contextlib
import threading
from collections import Counter
from collections.abc import Collection, Iterable
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import Count
from django.db.models.signals import post_delete, post_save

from core.bulk import among, id_chunks, insert_rows, sqlite_deferred_indexes
from core.names import has_cjk, identifier_key, name_tokens, pinyin_of, without_place
from entities.models import Alias, Company, Identifier
from sources.models import ListEntry

from ..models import EntryMatch, SearchName, SearchNameWord, SearchWord

Kind = SearchName.Kind
CHUNK = 2000
# From this many list entries at once, the search table's name indexes are rebuilt after.
DEFER_INDEXES_FROM = 20_000
# Identifier schemes of list entries that name the party (not websites or emails).
ENTRY_ID_SCHEMES = {"uscc", "isin", "lei", "ticker", "registration", "swift_bic", "imo", "tax_id"}
SCHEME_LABELS = {
    "uscc": "USCC",
    "isin": "ISIN",
    "lei": "LEI",
    "ticker": "ticker",
    "registration": "registration number",
    "swift_bic": "SWIFT/BIC",
    "imo": "IMO number",
    "tax_id": "tax id",
}


def list_label(list_key: str) -> str:
    """``csl`` -> ``CSL``, ``ofac-sdn`` -> ``OFAC SDN``."""
    return list_key.replace("-", " ").upper()


# The columns of a search row, in the order :class:`_Rows` writes them.
ROW_FIELDS = ("company", "entry", "kind", "label", "text", "key", "compact", "bag", "anagram")
_KIND_AT, _KEY_AT, _COMPACT_AT = (ROW_FIELDS.index(name) for name in ("kind", "key", "compact"))


class _Rows:
    """The rows of one company or entry, without two of the same form (the first wins).

    Rows are tuples in the order of :data:`ROW_FIELDS` (no model instance per row:
    an import writes hundreds of thousands of them with :func:`core.bulk.insert_rows`).
    """

    def __init__(self, company_id=None, entry_id=None):
        self.company_id, self.entry_id = company_id, entry_id
        self.rows: list[tuple] = []
        self.seen: set[tuple[str, str]] = set()

    def name(self, kind, label, text):
        text = (text or "").strip()
        tokens = name_tokens(text)
        if not tokens:
            return
        self._add(kind, label, text, _forms(tokens))
        if place_less := without_place(tokens):
            place = tokens[0].title() if len(tokens) > 1 else text[:2]
            self._add(kind, f"{label} without “{place}”", text, _forms(place_less))
        if has_cjk(text) and (pinyin := pinyin_of(text)):
            self._add(Kind.ALIAS, f"{label} in pinyin", text, _forms(name_tokens(pinyin)))

    def identifier(self, label, value):
        key = identifier_key(value or "")
        if key:
            self._add(Kind.IDENTIFIER, label, value.strip(), (key, key, key, "".join(sorted(key))))

    def _add(self, kind, label, text, forms: tuple[str, str, str, str]):
        """``forms``: key, compact, bag and anagram, as :class:`core.names.NameForms` has them
        (written out here: a dataclass per name costs more than the rest of indexing)."""
        if not forms[0]:
            return
        marker = (kind == Kind.IDENTIFIER, forms[1])
        if marker in self.seen:
            return
        self.seen.add(marker)
        self.rows.append(
            (
                self.company_id,
                self.entry_id,
                _KIND_VALUES[kind],  # the value: a driver may dump an enum member by its name
                label[:100],
                text[:500],
                forms[0][:500],
                forms[1][:500],
                forms[2][:500],
                forms[3][:500],
            )
        )


_KIND_VALUES = {kind: kind.value for kind in Kind}


def _forms(tokens) -> tuple[str, str, str, str]:
    """:class:`core.names.NameForms` of ``tokens`` as a tuple: key, compact, bag, anagram."""
    compact = "".join(tokens)
    return " ".join(tokens), compact, " ".join(sorted(tokens)), "".join(sorted(compact))


def company_rows(company_id, legal_name, short_name, aliases, identifiers) -> list[tuple]:
    rows = _Rows(company_id=company_id)
    rows.name(Kind.NAME, "short name", short_name)
    rows.name(Kind.NAME, "legal name", legal_name)
    for alias in aliases:
        rows.name(Kind.ALIAS, "alias", alias)
    for scheme, value in identifiers:
        label = SCHEME_LABELS.get(scheme, scheme)
        rows.identifier(label, value)
        if scheme == "ticker" and " " in value.strip():
            rows.identifier(label, value.split()[0])  # "002415 CN" is also "002415"
    return rows.rows


class _EntryNames(NamedTuple):
    """What :func:`entry_rows` reads of a list entry (read as values, not model instances)."""

    pk: int
    list_key: str
    entry_id: str
    name: str
    aliases: list
    identifiers: list


def entry_rows(entry: ListEntry | _EntryNames, company_id) -> list[tuple]:
    rows = _Rows(company_id=company_id, entry_id=entry.pk)
    where = list_label(entry.list_key)
    rows.name(Kind.NAME, f"name on the {where}", entry.name)
    for alias in entry.aliases or ():
        if isinstance(alias, str):
            rows.name(Kind.ALIAS, f"alias on the {where}", alias)
    for pair in entry.identifiers or ():
        if isinstance(pair, list | tuple) and len(pair) == 2 and isinstance(pair[1], str):
            scheme, value = pair
            if scheme in ENTRY_ID_SCHEMES:
                rows.identifier(f"{SCHEME_LABELS.get(scheme, scheme)} on the {where}", value)
    rows.identifier(f"{where} id", entry.entry_id)
    return rows.rows


WORD_LENGTH = 100
COUNT_CHUNK = 1000
WORD_FIELDS = ("name", "word", "name_length")


def _add_words(counts: Counter) -> None:
    """Add these numbers of names to their words, creating the words not there yet.

    One upsert (``ON CONFLICT ... DO UPDATE``) instead of an ORM ``bulk_create`` then an
    ``UPDATE``: an import of 100,000 entries brings about as many new words, and a model
    instance for each cost more than writing it.
    """
    table = connection.ops.quote_name(SearchWord._meta.db_table)
    _per_thousand_words(
        counts,
        f"INSERT INTO {table} (word, names) VALUES {{values}} "
        f"ON CONFLICT (word) DO UPDATE SET names = {table}.names + excluded.names",
    )


def _take_off(counts: Counter) -> None:
    """Take these numbers of names off their words (never below 0)."""
    table = connection.ops.quote_name(SearchWord._meta.db_table)
    greatest = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    _per_thousand_words(
        Counter({word: -number for word, number in counts.items()}),
        f"WITH counted(word, number) AS (VALUES {{values}}) "
        f"UPDATE {table} SET names = {greatest}(0, names + counted.number) "
        f"FROM counted WHERE {table}.word = counted.word",
    )


def _per_thousand_words(counts: Counter, statement: str) -> None:
    """Run ``statement`` once a thousand (word, number) pairs, given as its ``{values}``
    list (PostgreSQL and SQLite read both statements alike). In word order, so that
    two writers lock the words they share in the same order."""
    pairs = sorted(counts.items())
    for start in range(0, len(pairs), COUNT_CHUNK):
        chunk = pairs[start : start + COUNT_CHUNK]
        values = ", ".join(["(%s, %s)"] * len(chunk))
        with connection.cursor() as cursor:
            cursor.execute(
                statement.format(values=values), [item for pair in chunk for item in pair]
            )


def _write(rows: list[tuple], written) -> int:
    """Save new search names (tuples of :data:`ROW_FIELDS`), with their words.

    ``written`` selects the names just saved (those of the chunk's companies or
    entries); identifiers are not words. Only their ids are read back, in id order,
    which is the order they were written in (ids rise with each row written, on SQLite
    and with PostgreSQL's sequence alike): the words come from the rows in hand.
    """
    # Ids only rise: the names about to be written come after this one. (Read through the
    # primary key, also when the names' index by entry is set aside for a large load.)
    last = SearchName.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    made = insert_rows(SearchName, ROW_FIELDS, rows)
    identifier = Kind.IDENTIFIER.value
    named = [row for row in rows if row[_KIND_AT] != identifier]
    pks = (
        written.filter(pk__gt=last)
        .exclude(kind=Kind.IDENTIFIER)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    links, counts = [], Counter()
    for pk, row in zip(pks, named, strict=True):  # a name missed would link wrong words
        key, compact = row[_KEY_AT], row[_COMPACT_AT]
        length = min(len(compact), 32767)
        for word in {word[:WORD_LENGTH] for word in key.split()}:
            counts[word] += 1
            links.append((pk, word, length))
    _add_words(counts)
    insert_rows(SearchNameWord, WORD_FIELDS, links)
    return made


def _delete(names, count=True) -> None:
    """Delete these search names and their words' links (counted off their words).

    The links go first; then the names; one DELETE each (``_raw_delete``: Django's own
    ``delete()`` would read every row first, for the change history's delete signals
    and to cascade to links already gone). Other deletions (a company's, cascading to
    its names and their links) take Django's ordinary path.
    """
    links = SearchNameWord.objects.filter(name__in=names.values("pk"))
    if count:
        _take_off(Counter(dict(links.order_by().values_list("word").annotate(Count("pk")))))
    links._raw_delete(links.db)
    names._raw_delete(names.db)


def _chunks(ids: Iterable[int]):
    ids = sorted(set(ids))
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def reindex_companies(ids: Iterable[int]) -> int:
    """Write the rows of these companies afresh (their own names; list entries are apart)."""
    made = 0
    for chunk in _chunks(ids):
        own = SearchName.objects.filter(company_id__in=chunk, entry__isnull=True)
        _delete(own)
        aliases, identifiers = {}, {}
        for company_id, name in Alias.objects.filter(company_id__in=chunk).values_list(
            "company_id", "name"
        ):
            aliases.setdefault(company_id, []).append(name)
        for company_id, scheme, value in Identifier.objects.filter(
            company_id__in=chunk
        ).values_list("company_id", "scheme", "value"):
            identifiers.setdefault(company_id, []).append((scheme, value))
        rows = []
        for pk, legal, short in Company.objects.filter(pk__in=chunk).values_list(
            "pk", "legal_name", "short_name"
        ):
            rows += company_rows(pk, legal, short, aliases.get(pk, ()), identifiers.get(pk, ()))
        made += _write(rows, own)
    return made


def reindex_entries(ids: Iterable[int], *, new: Collection[int] = ()) -> int:
    """Write the rows of these list entries afresh, pointing at their matched company.

    ``new``: those of them just written in bulk (an import's new entries), which have
    no rows yet: a chunk of only such entries has nothing to delete first (on
    PostgreSQL, the look-up of what to delete cost more than the writing, the
    planner's statistics not knowing the rows written earlier in the transaction).

    Many at once (a first import), the name indexes and the word links' index by word
    are built once at the end (on SQLite; see :func:`core.bulk.sqlite_deferred_indexes`);
    when all of them are new, the names' indexes by entry and by company too (nothing
    of theirs is looked for by entry before the end: there is nothing to delete).
    """
    ids = sorted(set(ids))
    if len(ids) < DEFER_INDEXES_FROM:
        return _reindex_entries(ids, new)
    columns = ("key", "compact", "bag", "anagram")
    if all(pk in new for pk in ids):
        columns += ("entry", "company")
    with (
        sqlite_deferred_indexes(SearchName, columns),
        # Word links arrive in name order: their index by word is the one written at random.
        sqlite_deferred_indexes(SearchNameWord, ("word", "name_length", "name")),
    ):
        return _reindex_entries(ids, new)


def _reindex_entries(ids: list[int], new: Collection[int]) -> int:
    made = 0
    for entries in id_chunks(ListEntry.objects.order_by(), ids, CHUNK):
        entries = list(entries.values_list(*_EntryNames._fields))
        chunk = [entry[0] for entry in entries]
        own = SearchName.objects.filter(among("entry_id", chunk))
        if not all(pk in new for pk in chunk):
            _delete(own)
        matched = dict(
            EntryMatch.objects.filter(among("entry_id", chunk), company__isnull=False)
            .exclude(status=EntryMatch.Status.REVIEW)
            .values_list("entry_id", "company_id")
        )
        rows = []
        for entry in entries:
            entry = _EntryNames(*entry)
            rows += entry_rows(entry, matched.get(entry.pk))
        made += _write(rows, own)
    return made


def rebuild() -> int:
    """Empty the search table and index every company and list entry again."""
    _delete(SearchName.objects.all(), count=False)
    SearchWord.objects.all().delete()
    made = reindex_companies(Company.objects.values_list("pk", flat=True))
    made += reindex_entries(ListEntry.objects.values_list("pk", flat=True))
    return made


# --- keeping it current ----------------------------------------------------------------

_pending = threading.local()


@contextlib.contextmanager
def batched():
    """Gather the reindexing that saves ask for, and do it once at the end."""
    if getattr(_pending, "sets", None) is not None:  # already batching
        yield
        return
    _pending.sets = (set(), set())
    try:
        yield
        companies, entries = _pending.sets
    finally:
        _pending.sets = None
    reindex_companies(companies)
    reindex_entries(entries)


def _ask(companies=(), entries=()):
    sets = getattr(_pending, "sets", None)
    if sets is not None:
        sets[0].update(companies)
        sets[1].update(entries)
        return
    if companies:
        reindex_companies(companies)
    if entries:
        reindex_entries(entries)


def _company_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _ask(companies=[instance.pk])


def _cascaded(sender, kwargs) -> bool:
    """Deleted along with another record (its company, its entry): that one's rows go too."""
    origin = kwargs.get("origin")
    if origin is None:
        return False
    model = origin if isinstance(origin, type) else getattr(origin, "model", type(origin))
    return model is not sender


def _part_changed(sender, instance, raw=False, **kwargs):
    if raw or not instance.company_id:
        return
    if _cascaded(sender, kwargs):  # after the whole deletion, whatever is left
        company_id = instance.company_id
        transaction.on_commit(lambda: reindex_companies([company_id]))
    else:
        _ask(companies=[instance.company_id])


def _entry_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _ask(entries=[instance.pk])


def _match_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if _cascaded(sender, kwargs):  # deleted with its company: the entry stays, untracked
        entry_id = instance.entry_id
        transaction.on_commit(lambda: reindex_entries([entry_id]))
    else:
        _ask(entries=[instance.entry_id])


def connect_signals():
    """Called once, from ``MeasuresConfig.ready()``."""
    post_save.connect(_company_saved, sender=Company, dispatch_uid="search.company")
    for model in (Alias, Identifier):
        post_save.connect(_part_changed, sender=model, dispatch_uid=f"search.{model.__name__}")
        post_delete.connect(
            _part_changed, sender=model, dispatch_uid=f"search.{model.__name__}.delete"
        )
    post_save.connect(_entry_saved, sender=ListEntry, dispatch_uid="search.entry")
    post_save.connect(_match_changed, sender=EntryMatch, dispatch_uid="search.match")
    post_delete.connect(_match_changed, sender=EntryMatch, dispatch_uid="search.match.delete")
