"""
The search engine: which companies and list entries a name or identifier means, and why.

Behind ``/search/``, the measures list's ``q`` (and so its exports, feeds and
the API's ``q``), and screening (``/screen/``, ``/api/screen/``).

**Names.** A query is reduced to the forms of :mod:`core.names` and compared
with the search table (:class:`~measures.models.SearchName`, kept by
:mod:`measures.search.index`). First, in one SQL query over B-tree indexes:
the same compact or sorted form (exact), the same identifier (spaces, dashes
and case ignored), a name beginning with the query, the same letters swapped.
When a name or identifier matches exactly (or enough match by prefix), that
is the answer. Otherwise near spellings are looked for word by word: each
typed word among the distinct words of all names
(:class:`~measures.models.SearchWord`), then, through the word links
(:class:`~measures.models.SearchNameWord`), the names holding the nearest
words of the rarest typed word, those holding most of the typed letters
first (two more queries; see :func:`near_words`, :func:`near_names`). Many
queries (a screened list) are read together, each step one SQL statement for
up to a hundred of them (:mod:`.reading`). Each candidate is then scored in
Python, the same way on every database (:func:`core.names.score`), and ranked:

    exact name or identifier (1.0) > alias (0.95) > prefix (0.6-0.9) > fuzzy (its score)

Each :class:`Hit` says which text matched (a legal name, an alias, a USCC, a
list entry's name...), how, with what score, and of which tracked company or
which official list entry ("listed, not tracked"); the companies and entries
of the hits shown are read last, in one query for all of them.

**PostgreSQL** finds near words through a GIN trigram index on the distinct
words (pg_trgm's ``%``; migration ``measures/0010``), and finds measures by
weighted full-text search (names of their targets first, then title B,
summary C, legal basis D; unaccented, English stemming; migration
``measures/0007``). Looking for near spellings over whole names instead
read tens of thousands of rows a query on 100,000 generated companies (their
names share trigrams with thousands of others): 0.6-1 s; over distinct words,
a few milliseconds.

**SQLite is reduced**: the same names, aliases, identifiers, words and scores,
but near words are found by a scan of the distinct words (pg_trgm's
similarity written in Python, :func:`core.names.trigram_similarity`), and
measure text by substring (no stemming, no ranking by weight).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.lookups import GreaterThanOrEqual

from core.names import (
    NameForms,
    highlight_spans,
    identifier_key,
    name_tokens,
    score,
    word_similarity,
)

from ..models import SearchName, SearchNameWord, SearchWord
from . import reading

Kind = SearchName.Kind

# Candidates read from the database for one query, before scoring (exact forms and
# prefixes; as many again by near spelling).
CANDIDATES = 60
# A hit below this score is not shown as a match (the reader may lower it when screening).
DEFAULT_THRESHOLD = 0.6
# Below the threshold but at least this: offered as "did you mean".
SUGGESTION_FLOOR = 0.45
# Near spellings of a typed word among the distinct words of names: trigram similarity
# from which a word is read (then judged by core.names.word_similarity), and trigram word
# similarity for the measures list's q (pg_trgm's thresholds, set per connection by
# measures.apps; the same figures on SQLite).
TRIGRAM_SIMILARITY = 0.3
TRIGRAM_WORD_SIMILARITY = 0.55
MIN_PREFIX = 3
# Typed words held by at most this many times as many names as the rarest are looked for too.
RARE_ENOUGH = 2
# Names read for near spellings of the rarest typed words, at most (those holding most of
# them first, then the shortest).
MAX_HOLDING = 1000
# Typed words whose distinct words are read in one SQL query, when screening.
WORDS_AT_ONCE = 200
# A typed word is looked for as the words at most this much less alike than the nearest.
NEAREST = 0.1

EXACT, ALIAS, PREFIX, FUZZY = "exact", "alias", "prefix", "fuzzy"
TIERS = {EXACT: 0, ALIAS: 1, PREFIX: 2, FUZZY: 3}
HOW_TEXT = {
    EXACT: "exact",
    ALIAS: "exact alias",
    PREFIX: "begins with",
    FUZZY: "near spelling",
}


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


class WordSimilarity(Func):
    """pg_trgm's ``word_similarity(query, text)``; on SQLite our copy of it."""

    function = "word_similarity"
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="tracker_word_similarity", **extra)


@dataclass(frozen=True)
class Query:
    """What a reader typed, in the forms compared."""

    text: str
    tokens: tuple[str, ...]
    forms: NameForms
    identifier: str

    @classmethod
    def of(cls, text: str) -> Query:
        text = (text or "").replace("\x00", "").strip()
        tokens = name_tokens(text)
        return cls(text, tokens, NameForms.of_tokens(tokens), identifier_key(text))

    def __bool__(self):
        return bool(self.forms) or bool(self.identifier)


@dataclass
class Hit:
    """One company or list entry a query means, and why (the best of its matching names)."""

    name_pk: int  # the search name that matched
    company_id: int | None
    entry_id: int | None  # when a list entry's name or id matched
    kind: str  # name, alias, identifier
    label: str  # "legal name", "alias", "USCC", "name on the CSL"...
    text: str  # the text that matched, as written
    how: str  # exact, alias, prefix, fuzzy
    score: float
    pieces: list = field(default_factory=list)  # (text, matched) for highlighting, unescaped
    measures: list = field(default_factory=list)  # screening: the measures against the company
    company: object | None = None  # entities.Company, attached once ranked (reading.attach)
    entry: object | None = None  # sources.ListEntry

    @property
    def tier(self) -> int:
        return TIERS[self.how]

    @property
    def tracked(self) -> bool:
        return self.company_id is not None

    @property
    def how_text(self) -> str:
        return HOW_TEXT[self.how]

    @property
    def target_name(self) -> str:
        return self.company.short_name if self.company else self.entry.name

    @property
    def explanation(self) -> str:
        """ "near spelling (0.87) of the alias “Huawei Technologies Company”, a tracked company"."""
        what = f"{self.how_text} ({self.score:.2f})" if self.how == FUZZY else self.how_text
        if self.company is None:
            whose = (
                f"{self.entry.list_key.upper()} entry {self.entry.entry_id}, not a tracked company"
            )
        elif self.entry is not None:
            whose = (
                f"{self.entry.list_key.upper()} entry {self.entry.entry_id}, "
                f"matched to {self.company.short_name}"
            )
        else:
            whose = self.company.short_name
        return f"{what}: the {self.label} “{self.text}” of {whose}"

    def sort_key(self):
        return (
            self.tier,
            -self.score,
            self.company_id is None,  # a tracked company before an untracked entry
            self.entry_id is not None,  # the company's own name before a list's
            len(self.text),
            self.text,
        )

    @property
    def group(self):
        return ("company", self.company_id) if self.company_id else ("entry", self.entry_id)


def classify(query: Query, row: SearchName) -> tuple[str, float] | None:
    """How ``row`` matches ``query`` and with what score, or None."""
    if row.kind == Kind.IDENTIFIER:
        if query.identifier and row.compact == query.identifier:
            return EXACT, 1.0
        return None
    forms = query.forms
    if not forms:
        return None
    if row.compact == forms.compact or row.bag == forms.bag:
        if row.kind == Kind.NAME and " without “" not in row.label:
            return EXACT, 1.0
        return ALIAS, 0.95
    if len(forms.compact) >= MIN_PREFIX:
        if row.key.startswith(forms.key) or row.compact.startswith(forms.compact):
            return PREFIX, round(0.7 + 0.2 * len(forms.compact) / len(row.compact), 4)
        row_words = row.key.split()
        if _words_begin(query.tokens, row_words):
            return PREFIX, round(0.6 + 0.2 * len(forms.compact) / len(row.compact), 4)
    alike = score(query.tokens, tuple(row.key.split()))
    if alike > 0:
        return FUZZY, min(alike, 0.89)
    return None


def _words_begin(typed: tuple[str, ...], words: list[str]) -> bool:
    """Every typed word begins a different word of the name (each at least 3 letters)."""
    free = list(words)
    for word in typed:
        found = next((w for w in free if w.startswith(word) and len(word) >= MIN_PREFIX), None)
        if found is None:
            return False
        free.remove(found)
    return True


def _near_tokens(query: Query) -> list[str]:
    """The typed words looked for among the distinct words (3 letters or more, once each)."""
    return [token for token in dict.fromkeys(query.tokens) if len(token) >= MIN_PREFIX]


def words_of_tokens(tokens) -> dict[str, list[tuple[str, int]]]:
    """
    For the typed words of many queries at once, the distinct words each may be, with how
    many names hold them (the word itself, words it begins, near spellings for a word of
    four letters or more: pg_trgm's ``%``, GIN-indexed; on SQLite our copy of its
    similarity, over the small table of distinct words), in one SQL query for each
    :data:`WORDS_AT_ONCE` typed words. A word no name holds any more (until the next
    rebuild) leads nowhere, so is not read.
    """
    tokens = sorted({token for token in tokens if len(token) >= MIN_PREFIX})
    found: dict[str, list[tuple[str, int]]] = {token: [] for token in tokens}
    table = connection.ops.quote_name(SearchWord._meta.db_table)
    if is_postgresql():
        near = "word %% %s"
    else:
        near = f"tracker_similarity(word, %s) >= {TRIGRAM_SIMILARITY!r}"
    for start in range(0, len(tokens), WORDS_AT_ONCE):
        parts, params = [], []
        for token in tokens[start : start + WORDS_AT_ONCE]:
            like, pattern = reading.like_prefix(token)
            condition = f"word = %s OR word {like}"
            params += [token, token, pattern]
            if len(token) >= 4:
                condition += f" OR {near}"
                params.append(token)
            parts.append(f"SELECT %s, word, names FROM {table} WHERE names > 0 AND ({condition})")
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            for token, word, names in cursor.fetchall():
                found[token].append((word, names))
    return found


def near_words(query: Query, found) -> tuple[dict[str, float], set[str], int]:
    """
    ``(weights, driving, holding)``: the words of names that a typed word may be, with the typed
    word's letters times how alike the two are (:func:`core.names.word_similarity`: the
    same word, a word it begins, or a near spelling); and the words to look for names
    by: the nearest words of the rarest typed word (fewest names hold them), and of any
    typed word nearly as rare (so a rare word the name lacks does not hide it), and how
    many names hold those. From ``found``, the distinct words of the typed words
    (:func:`words_of_tokens`, read for many queries at once).
    """
    tokens = _near_tokens(query)
    if not tokens:
        return {}, set(), 0
    word_rows = dict(row for token in tokens for row in found[token]).items()
    weights: dict[str, float] = {}
    alike_of: dict[str, dict[str, tuple[float, int]]] = {token: {} for token in tokens}
    for word, names in word_rows:
        for token in tokens:
            if alike := word_similarity(token, word):
                weights[word] = max(weights.get(word, 0.0), alike * len(token))
                alike_of[token][word] = (alike, names)
    # Each typed word is looked for as the words nearest it (the word itself, if a name
    # holds it), and counts as rare as the names holding those.
    words_of, names_of = {}, {}
    for token, found in alike_of.items():
        if found:
            best = max(alike for alike, _ in found.values())
            words_of[token] = {w for w, (alike, _) in found.items() if alike >= best - NEAREST}
            names_of[token] = sum(found[word][1] for word in words_of[token])
    if not words_of:
        return {}, set(), 0
    rarest = max(1, min(names_of.values()))
    driving, holding = set(), 0
    for token, words in words_of.items():
        if names_of[token] <= RARE_ENOUGH * rarest:
            driving |= words
            holding += names_of[token]
    return weights, driving, holding


def _weighed(column: str, weights: dict[str, float]) -> tuple[str, list]:
    """SQL for the weight of the word in ``column`` (0 for a word not weighed), and its
    parameters."""
    whens = " ".join(["WHEN %s THEN CAST(%s AS DOUBLE PRECISION)"] * len(weights))
    return f"CASE {column} {whens} ELSE 0.0 END", [
        item for word, weight in sorted(weights.items()) for item in (word, weight)
    ]


def _listed(words) -> tuple[str, list]:
    words = sorted(words)
    return ", ".join(["%s"] * len(words)), words


def near_names(query: Query, limit: int, found) -> RawSQL | None:
    """
    The ids of the search names holding the rarest typed word (or a near spelling of it),
    those holding the most of the typed words' letters first, then the shorter: from the
    word links alone (an index), so a typed word that thousands of names hold costs
    nothing unless it is the rarest. When more than :data:`MAX_HOLDING` names hold the
    rare words, those holding most of them, then the shortest (as for a prefix).

    Written in SQL (a subquery for ``pk__in``), the same on PostgreSQL and SQLite: built
    by the ORM, its dozens of weighed words took longer to compile than to run.
    """
    weights, driving, holding = near_words(query, found)
    if not driving:
        return None
    table = connection.ops.quote_name(SearchNameWord._meta.db_table)
    rare, rare_params = _weighed("word", {word: weights[word] for word in driving})
    driving_list, driving_params = _listed(driving)
    held = (
        f"SELECT name_id, MIN(name_length) AS name_length, SUM({rare}) AS rare "
        f"FROM {table} WHERE word IN ({driving_list}) GROUP BY name_id"
    )
    held_params = rare_params + driving_params
    if holding > MAX_HOLDING:
        held += " ORDER BY rare DESC, name_length, name_id LIMIT %s"
        held_params.append(MAX_HOLDING)
    covered, covered_params = _weighed("other.word", weights)
    weighed_list, weighed_params = _listed(weights)
    sql = (
        f"SELECT held.name_id FROM ({held}) held ORDER BY ("
        f"SELECT SUM({covered}) FROM {table} other "
        f"WHERE other.name_id = held.name_id AND other.word IN ({weighed_list})"
        ") DESC, held.name_length, held.name_id LIMIT %s"
    )
    return RawSQL(sql, [*held_params, *covered_params, *weighed_params, limit])


def is_settled(query: Query, rows, *, wanted: int, threshold: float) -> bool:
    """Whether near spellings need not be looked for: a name or identifier matches
    exactly, or ``wanted`` companies or entries already match by prefix (near spellings
    would rank after them)."""
    if any(row.first >= 2 for row in rows):
        return True
    matched = set()
    for row in rows:
        found = classify(query, row)
        if found and found[0] != FUZZY and found[1] >= threshold:
            matched.add((row.company_id, None if row.company_id else row.entry_id))
    return len(matched) >= wanted


def candidates_of(queries, *, wanted: int, threshold: float) -> list[list]:
    """
    For each query, the search names nearest it, best first (:class:`reading.Candidate`).

    First the exact forms, identifiers and prefixes of every query (B-tree indexes; one
    SQL statement for up to a hundred queries). A query whose first candidates settle it
    (:func:`is_settled`) is answered. For the others, the distinct words of all their
    typed words are read together (:func:`words_of_tokens`), then the names holding near
    spellings of each query's rarest words (:func:`near_names`), again one statement for
    up to a hundred queries. So a name that shares trigrams with thousands costs no more,
    and a screened list of a thousand lines a few dozen statements.
    """
    firsts = reading.read(
        [reading.first_part(query, CANDIDATES, min_prefix=MIN_PREFIX) for query in queries]
    )
    pending = [
        index
        for index, (query, rows) in enumerate(zip(queries, firsts, strict=True))
        if not is_settled(query, rows, wanted=wanted, threshold=threshold)
    ]
    if not pending:
        return firsts
    found = words_of_tokens(token for index in pending for token in _near_tokens(queries[index]))
    near_parts, near_of = [], {}
    for index in pending:
        near = near_names(queries[index], CANDIDATES, found)
        if near is not None:
            near_of[index] = len(near_parts)
            near_parts.append(reading.near_part(queries[index], near, CANDIDATES))
    nears = reading.read(near_parts)
    for index, part in near_of.items():
        seen = {row.pk for row in firsts[index]}
        firsts[index] = firsts[index] + [row for row in nears[part] if row.pk not in seen]
    return firsts


def rank(query: Query, rows, threshold: float = DEFAULT_THRESHOLD):
    """``(hits, suggestions)``: one :class:`Hit` per company or entry, best first; below the
    threshold, near names to offer as "did you mean" (without their company or entry yet:
    :func:`reading.attach`)."""
    best: dict = {}
    for row in rows:
        found = classify(query, row)
        if found is None:
            continue
        how, value = found
        hit = Hit(row.pk, row.company_id, row.entry_id, row.kind, row.label, row.text, how, value)
        group = hit.group
        if group not in best or hit.sort_key() < best[group].sort_key():
            best[group] = hit
    ordered = sorted(best.values(), key=Hit.sort_key)
    hits = [hit for hit in ordered if hit.score >= threshold]
    suggestions = [hit for hit in ordered if SUGGESTION_FLOOR <= hit.score < threshold]
    for hit in hits + suggestions:
        tokens = query.tokens if hit.kind != Kind.IDENTIFIER else ()
        hit.pieces = (
            highlight_spans(hit.text, tokens)
            if tokens
            else [(hit.text, hit.kind == Kind.IDENTIFIER)]
        )
    return hits, suggestions


def find(text: str, *, threshold: float = DEFAULT_THRESHOLD, limit: int = 10):
    """``(hits, suggestions)`` for one query (see :func:`rank`): two SQL queries when a
    name or identifier matches exactly (or ``limit`` match by prefix), else four. Near
    names are offered as suggestions only when they were looked for."""
    return find_many([text], threshold=threshold, limit=limit)[text]


def find_many(texts, *, threshold: float = DEFAULT_THRESHOLD, limit: int = 10) -> dict:
    """``{text: (hits, suggestions)}``, each exactly as :func:`find` gives it, for many
    queries at once (screening; :func:`candidates_of`), with the companies and entries of
    every hit and suggestion read in one query."""
    texts = list(dict.fromkeys(texts))
    queries = {text: Query.of(text) for text in texts}
    asked = [text for text in texts if queries[text]]
    rows_of = candidates_of([queries[text] for text in asked], wanted=limit, threshold=threshold)
    answers = {text: ([], []) for text in texts}
    for text, rows in zip(asked, rows_of, strict=True):
        hits, suggestions = rank(queries[text], rows, threshold)
        answers[text] = (hits[:limit], suggestions[:3])
    shown = [hit for hits, suggestions in answers.values() for hit in hits + suggestions]
    reading.attach(shown)
    # A hit whose name was deleted since it was read has no company or entry: not shown.
    return {
        text: tuple([hit for hit in found if hit.company or hit.entry] for found in answer)
        for text, answer in answers.items()
    }


def companies_named_by(word: str) -> list:
    """
    The companies one word of a text search names (for :func:`measures_naming`): an
    identifier equal to it, a name or alias beginning with it or written the same without
    spaces, a word of a name or alias beginning with it, or, when no word begins so and it
    has five letters or more, a word spelled near it (pg_trgm on PostgreSQL, over the
    distinct words; a scan of them on SQLite). Their ids as one or two subqueries, each
    read through its own indexes.
    """
    query = Query.of(word)
    condition = Q(pk__in=[])
    if query.identifier:
        condition |= Q(kind=Kind.IDENTIFIER, compact=query.identifier)
    if not query.forms:
        named = SearchName.objects.filter(condition, company__isnull=False)
        return [named.order_by().values("company_id")]
    key = query.forms.key
    condition |= ~Q(kind=Kind.IDENTIFIER) & (
        Q(key__startswith=key) | Q(compact=query.forms.compact)
    )
    named = SearchName.objects.filter(condition, company__isnull=False)
    words = Q(word__startswith=key)
    if len(key) >= 5 and " " not in key:
        if is_postgresql():
            near = Q(word__trigram_word_similar=key)
        else:
            alike = WordSimilarity(Value(key), F("word"))
            near = Q(GreaterThanOrEqual(alike, TRIGRAM_WORD_SIMILARITY))
        # A one-time filter: near spellings only when no word begins with it.
        begun = SearchWord.objects.filter(word__startswith=key)
        words |= near & ~Exists(begun)
    holding = SearchNameWord.objects.filter(
        word__in=SearchWord.objects.filter(words).values("word")
    ).values("name_id")
    linked = SearchName.objects.filter(pk__in=holding, company__isnull=False)
    return [named.order_by().values("company_id"), linked.order_by().values("company_id")]


# --- measures by their text (PostgreSQL full-text search) ---------------------------------


def measure_document():
    """A measure's weighted text (title B, summary C, legal basis D); GIN-indexed by 0007."""
    from django.contrib.postgres.search import SearchVectorField

    return Func(
        F("title"),
        F("summary"),
        F("legal_basis"),
        function="tracker_measure_document",
        output_field=SearchVectorField(),
    )


def full_text_query(text: str):
    from django.contrib.postgres.search import SearchQuery

    unaccented = Func(Value(text), function="tracker_unaccent")
    return SearchQuery(unaccented, config="english", search_type="websearch")


def full_text_ids(text: str):
    """The ids of the measures whose text matches ``text`` by full-text search (PostgreSQL)."""
    from django.contrib.postgres.search import SearchVectorExact

    from ..models import Measure

    # Read through the GIN index of the documents, never computing a measure's document.
    matches = Measure.objects.filter(SearchVectorExact(measure_document(), full_text_query(text)))
    return matches.order_by().values("pk")


def measure_rank(text: str, company_ids):
    """How well a measure matches ``text``: targeting a company found by name counts most
    (weight A), then its full-text rank (PostgreSQL) by title, summary, legal basis."""
    from ..models import MeasureTarget

    targets = MeasureTarget.objects.filter(measure=OuterRef("pk"), company__in=list(company_ids))
    named = Case(
        When(Exists(targets), then=Value(1.0)), default=Value(0.0), output_field=FloatField()
    )
    if not is_postgresql() or not text.strip():
        return named
    from django.contrib.postgres.search import SearchRank

    return named + SearchRank(measure_document(), full_text_query(text))


def measure_text_q(word: str) -> Q:
    """Measures whose title, summary or legal basis holds ``word`` (any case). On
    PostgreSQL through the trigram index of the three joined (migration ``measures/0013``:
    a subquery the index answers once); on SQLite by reading them."""
    if not is_postgresql():
        return (
            Q(title__icontains=word) | Q(summary__icontains=word) | Q(legal_basis__icontains=word)
        )
    from ..models import Measure

    table = connection.ops.quote_name(Measure._meta.db_table)
    pattern = f"%{connection.ops.prep_for_like_query(word)}%"
    holding = RawSQL(
        f"SELECT id FROM {table} WHERE tracker_measure_text(title, summary, legal_basis) ILIKE %s",
        [pattern],
    )
    return Q(pk__in=holding)


def measures_matching(text, max_words):
    """
    The ids of the measures matching ``text`` (the measures list's ``q``), as a subquery
    of ``pk`` values; None when ``text`` holds no word.

    Every one of the first ``max_words`` words is in the title, summary,
    legal basis, type, imposing government or authority, or names a target:
    begins a word of its names or aliases, is one of its identifiers (any
    case, spaces ignored), or, for a word of five letters or more, is a near
    spelling of a word of its names. On PostgreSQL a measure whose title,
    summary or legal basis matches the whole text by full-text search
    (stemmed, accents ignored) matches too. Each part is a subquery of its own
    (the government, authority and type among their few rows; targets through
    the search table; the text through its trigram index on PostgreSQL), so
    a word adds no join and no duplicates, and no measure's text is read
    unless the database has no index for it.
    """
    from ..models import Measure

    words = text.split()[:max_words]
    if not words:
        return None
    matching = Measure.objects.order_by()
    for word in words:
        matching = matching.filter(pk__in=measures_naming(word))
    ids = matching.values("pk")
    if is_postgresql():
        ids = ids.union(full_text_ids(" ".join(words)))
    return ids


def measures_naming(word):
    """
    The ids of the measures one word of a text search names, every way it can (see
    :func:`measures_matching`): a union, each part read through its own index. (The same
    parts joined by OR made the database test every measure and every target against
    each: 100 ms a query at 100,000 measures, for the few hundred a name matches.)
    """
    from entities.models import Authority, Government

    from ..models import Measure, MeasureTarget, MeasureType

    authorities = Authority.objects.filter(Q(name__icontains=word) | Q(abbreviation__iexact=word))
    measures = Measure.objects.order_by()
    parts = [
        measures.filter(measure_text_q(word)).values("pk"),
        measures.filter(
            government__in=Government.objects.filter(name__icontains=word).values("pk")
        ).values("pk"),
        measures.filter(authority__in=authorities.values("pk")).values("pk"),
        measures.filter(
            measure_type__in=MeasureType.objects.filter(name__icontains=word).values("pk")
        ).values("pk"),
        *(
            MeasureTarget.objects.filter(company__in=companies).order_by().values("measure")
            for companies in companies_named_by(word)
        ),
    ]
    return parts[0].union(*parts[1:])
