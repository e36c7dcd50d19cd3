"""
Grow a database to a realistic size: the data behind benchmarks and scale tests.

Every row is made by the factories (:mod:`tracker.factories`, built in memory
and saved with ``bulk_create`` in batches, so 100,000 measures take a minute,
not an hour), with spreads like the real record's: several imposing
governments and measure types, every status (mostly in force, some proposed,
declined, lifted...), partial dates of every precision, one to three targets
a measure, milestones with past and upcoming deadlines, aliases and
identifiers on companies, and events. A seeded random generator makes the
same database for the same arguments.

Rows grown here sit beside the seed and never take its slugs or codes
(``grown-…`` slugs, generated governments ``ZA``, ``ZB``…), and growing twice
adds more rather than clashing. ``manage.py grow`` is the command line.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from core import pagecache
from core.partial_dates import Precision
from entities.models import Alias, Company, Government, Identifier
from measures.models import (
    Event,
    Measure,
    MeasureRelation,
    MeasureTarget,
    MeasureType,
    Milestone,
)
from measures.search import index as search_index
from sources.models import ImportRun, ListEntry, Source

from . import factories

# How often each status occurs among grown measures (weights, not percentages).
STATUS_WEIGHTS = {
    Measure.Status.IN_FORCE: 60,
    Measure.Status.ANNOUNCED: 8,
    Measure.Status.PROPOSED: 8,
    Measure.Status.DECLINED: 4,
    Measure.Status.LIFTED: 8,
    Measure.Status.SUSPENDED: 3,
    Measure.Status.EXPIRED: 9,
}
PRECISION_WEIGHTS = {Precision.DAY: 70, Precision.MONTH: 20, Precision.YEAR: 10}
FIRST_DAY = datetime.date(2012, 1, 1)
DAYS = 15 * 365  # announcements spread over 2012..2026
GOVERNMENTS = 12
TYPES = 10
SOURCES_PER_MEASURE = (1, 2)
TARGETS_PER_MEASURE = (1, 2, 3)
# Companies per measure, and events per measure, when not given.
COMPANY_RATIO = 5
EVENT_RATIO = 10
BATCH = 2000
# Company names like the lists': a place, two syllables, a trade and a legal form.
NAME_PLACES = ["Shenzhen", "Beijing", "Shanghai", "Hangzhou", "Wuhan", "Chengdu", "Xi'an", ""]
_SYLLABLE_TEXT = (
    "zhong hua xin tian hai kang wei shi da guo long feng jin yuan bao rui heng tai "
    "sheng ming an kai lian tong xing yu chuang ke ji hong jia li"
)
SYLLABLES = _SYLLABLE_TEXT.split()
TRADES = [
    "Technology",
    "Electronics",
    "Communications",
    "Trading",
    "Logistics",
    "Semiconductor",
    "Optics",
    "Software",
    "Machinery",
    "Aerospace",
    "Import and Export",
    "Precision Instruments",
]
LEGAL_FORMS = ["Co., Ltd.", "Corporation", "Group Co., Ltd.", "Limited", "Inc.", "LLC"]
LISTS = ["csl", "ofac-sdn", "bis-dpl", "canada-sema"]


@dataclass
class Grown:
    """What one run added, by model."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, model, number: int) -> None:
        label = model._meta.verbose_name_plural
        self.counts[str(label)] = self.counts.get(str(label), 0) + number


def grow(
    measures: int,
    *,
    companies: int | None = None,
    events: int | None = None,
    entries: int = 0,
    seed: int = 1,
    progress: Callable[[int], None] | None = None,
) -> Grown:
    """Add ``measures`` measures (and companies, events, ``entries`` official list entries)
    in one transaction; the search table is brought up to date for every row added."""
    rng = random.Random(seed)
    companies = max(1, measures // COMPANY_RATIO) if companies is None else companies
    events = measures // EVENT_RATIO if events is None else events
    run = _run_number()
    grown = Grown()
    with transaction.atomic():
        world = _World.make(rng, run, companies, grown)
        made_entries = add_list_entries(entries, rng=rng, run=run, grown=grown)
        search_index.reindex_companies(company.pk for company in world.made)
        search_index.reindex_entries(entry.pk for entry in made_entries)
        made = 0
        while made < measures:
            size = min(BATCH, measures - made)
            add_measures(size, world=world, rng=rng, prefix=f"grown-{run}-{made}", grown=grown)
            made += size
            if progress:
                progress(size)
        _add_events(events, world, rng, run, grown)
        # Bulk inserts send no signals: tell the page cache the data changed.
        transaction.on_commit(pagecache.bump)
    return grown


@dataclass
class _World:
    """The rows measures point at: governments, types, companies, sources."""

    governments: list[Government]
    types: list[MeasureType]
    companies: list[Company]
    sources: list[Source]
    made: list[Company] = field(default_factory=list)

    @classmethod
    def make(cls, rng: random.Random, run: int, companies: int, grown: Grown) -> _World:
        existing = list(Government.objects.all())
        taken = {government.code for government in existing}
        codes = [code for code in factories.GENERATED_CODES if code not in taken][:GOVERNMENTS]
        governments = existing + _bulk(
            grown,
            Government,
            [
                factories.GovernmentFactory.build(
                    code=code, name=f"Grown state {run}-{code}", slug=f"grown-state-{run}-{code}"
                )
                for code in codes
            ],
        )
        types = list(MeasureType.objects.all()) + _bulk(
            grown,
            MeasureType,
            [
                factories.MeasureTypeFactory.build(
                    name=f"Grown type {run}-{number}", slug=f"grown-type-{run}-{number}"
                )
                for number in range(TYPES)
            ],
        )
        made = _bulk(
            grown,
            Company,
            [
                factories.CompanyFactory.build(
                    short_name=short,
                    legal_name=legal,
                    slug=f"grown-{run}-{number}",
                    country=rng.choice(governments),
                )
                for number in range(companies)
                for short, legal in [company_name(rng)]
            ],
        )
        aliases = [
            factories.AliasFactory.build(company=company, name=f"{company.short_name} {suffix}")
            for company in made
            for suffix in rng.sample(["Group", "Holdings", "Ltd", "Intl"], rng.randint(0, 3))
        ]
        _bulk(grown, Alias, aliases)
        identifiers = [
            factories.IdentifierFactory.build(
                company=company, value=f"G{run:02d}{index:08d}", scheme=Identifier.Scheme.TICKER
            )
            for index, company in enumerate(made)
            if index % 3 == 0
        ]
        _bulk(grown, Identifier, identifiers)
        sources = _bulk(
            grown,
            Source,
            [
                factories.SourceFactory.build(slug=f"grown-source-{run}-{number}")
                for number in range(max(10, companies // 2))
            ],
        )
        return cls(governments, types, list(Company.objects.all()), sources, made)


def company_name(rng: random.Random) -> tuple[str, str]:
    """A short and a legal name: ("Haikang Tech", "Hangzhou Haikang Tech Optics Co., Ltd.")."""
    words = [rng.choice(SYLLABLES) + rng.choice(SYLLABLES) for _ in range(rng.choice((1, 2)))]
    core = " ".join(word.capitalize() for word in words)
    trade = rng.choice(TRADES)
    place = rng.choice(NAME_PLACES)
    legal = " ".join(part for part in (place, core, trade, rng.choice(LEGAL_FORMS)) if part)
    return f"{core} {trade}"[:100], legal[:200]


def add_list_entries(count: int, *, rng: random.Random, run: int, grown: Grown) -> list:
    """``count`` official list entries (one import run a list), most naming no tracked firm."""
    if not count:
        return []
    now = datetime.datetime.now(datetime.UTC)
    runs = {
        key: ImportRun.objects.create(
            list_key=key, location=f"grown {run}", sha256="0" * 64, started_at=now, finished_at=now
        )
        for key in LISTS
    }
    made = []
    for number in range(count):
        key = LISTS[number % len(LISTS)]
        short, legal = company_name(rng)
        made.append(
            ListEntry(
                list_key=key,
                entry_id=f"grown-{run}-{number}",
                source_list=key.upper(),
                kind=ListEntry.Kind.ENTITY,
                name=legal,
                aliases=[short] if number % 2 else [],
                countries=["CN"],
                identifiers=[["uscc", f"91{run:02d}{number:014d}"]] if number % 5 == 0 else [],
                content_hash=f"{number:064d}"[-64:],
                first_run=runs[key],
                last_run=runs[key],
            )
        )
    return _bulk(grown, ListEntry, made)


def add_measures(
    count: int,
    *,
    world: _World | None = None,
    rng: random.Random | None = None,
    prefix: str = "extra",
    grown: Grown | None = None,
    uniform: bool = False,
) -> list[Measure]:
    """
    ``count`` more measures with targets, sources, milestones and a relation each.

    They point at the rows already in the database (the seed's, for tests)
    unless ``world`` says otherwise. ``uniform`` makes every measure alike,
    for tests that count what they get back: in force, announced in 2021 to
    the day, two targets, two sources and one deadline each.
    """
    rng = rng or random.Random(count)
    grown = grown or Grown()
    if world is None:
        world = _World(
            list(Government.objects.order_by("code")),
            list(MeasureType.objects.order_by("slug")),
            list(Company.objects.order_by("slug")),
            list(Source.objects.order_by("slug")),
        )
    make = _uniform_measure if uniform else _measure
    measures = _bulk(grown, Measure, [make(rng, world, f"{prefix}-{n}") for n in range(count)])
    targets, cited, milestones, relations = [], [], [], []
    for index, measure in enumerate(measures):
        if uniform:
            companies = [
                world.companies[(index + offset) % len(world.companies)] for offset in (0, 1)
            ]
            sources = [world.sources[(index + offset) % len(world.sources)] for offset in (0, 1)]
            made = [
                factories.MilestoneFactory.build(
                    measure=measure, date=measure.announced_on + datetime.timedelta(days=400)
                )
            ]
        else:
            companies = rng.sample(world.companies, min(len(world.companies), _pick_count(rng)))
            sources = rng.sample(world.sources, rng.choice(SOURCES_PER_MEASURE))
            made = _milestones(rng, measure)
        targets.extend(MeasureTarget(measure=measure, company=company) for company in companies)
        cited.extend(Measure.sources.through(measure=measure, source=source) for source in sources)
        milestones.extend(made)
        if index:
            relations.append(
                factories.MeasureRelationFactory.build(
                    from_measure=measure, to_measure=measures[index - 1]
                )
            )
    _bulk(grown, MeasureTarget, targets)
    Measure.sources.through.objects.bulk_create(cited, batch_size=BATCH)
    _bulk(grown, Milestone, milestones)
    _bulk(grown, MeasureRelation, relations)
    return measures


def _pick_count(rng: random.Random) -> int:
    return rng.choices(TARGETS_PER_MEASURE, weights=(70, 20, 10))[0]


def _partial_date(rng: random.Random, earliest: datetime.date = FIRST_DAY, days: int = DAYS):
    day = earliest + datetime.timedelta(days=rng.randrange(days))
    precision = rng.choices(list(PRECISION_WEIGHTS), weights=list(PRECISION_WEIGHTS.values()))[0]
    if precision == Precision.MONTH:
        day = day.replace(day=1)
    elif precision == Precision.YEAR:
        day = day.replace(month=1, day=1)
    return day, precision


def _measure(rng: random.Random, world: _World, slug: str) -> Measure:
    status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
    announced, precision = _partial_date(rng)
    lifted = None
    if status == Measure.Status.LIFTED:
        lifted = announced.replace(year=announced.year + 1, month=1, day=1)
    government = rng.choice(world.governments)
    measure_type = rng.choice(world.types)
    return factories.MeasureFactory.build(
        title=f"{government.name}: {measure_type.name} ({slug})",
        slug=slug,
        measure_type=measure_type,
        government=government,
        status=status,
        announced_on=announced,
        announced_on_precision=precision,
        lifted_on=lifted,
        lifted_on_precision=Precision.YEAR,
        summary="A grown measure, about as long as a real summary. " * 3,
        legal_basis=f"{rng.randint(60, 91)} FR {rng.randint(100, 99999)}",
    )


def _uniform_measure(rng: random.Random, world: _World, slug: str) -> Measure:
    number = int(slug.rsplit("-", 1)[1])
    return factories.MeasureFactory.build(
        title=f"Extra measure {number}",
        slug=slug,
        measure_type=world.types[number % len(world.types)],
        government=world.governments[number % len(world.governments)],
        announced_on=datetime.date(2021, 1, 1) + datetime.timedelta(days=number % 365),
        summary="Made for a test.",
    )


def _milestones(rng: random.Random, measure: Measure) -> list[Milestone]:
    """Zero to three milestones, each no earlier than the announcement's first day."""
    kinds = rng.sample(
        [Milestone.Kind.EFFECTIVE, Milestone.Kind.DEADLINE, Milestone.Kind.AMENDED],
        rng.randint(0, 3),
    )
    made = []
    for kind in kinds:
        date, precision = _partial_date(rng, measure.announced_on + datetime.timedelta(366), 3000)
        made.append(
            factories.MilestoneFactory.build(
                measure=measure, kind=kind, date=date, date_precision=precision
            )
        )
    return made


def _add_events(count: int, world: _World, rng: random.Random, run: int, grown: Grown) -> None:
    made = []
    for number in range(count):
        date, precision = _partial_date(rng)
        made.append(
            factories.EventFactory.build(
                title=f"Grown event {run}-{number}",
                slug=f"grown-event-{run}-{number}",
                date=date,
                date_precision=precision,
            )
        )
    events = _bulk(grown, Event, made)
    Event.companies.through.objects.bulk_create(
        (
            Event.companies.through(event=event, company=rng.choice(world.companies))
            for event in events
        ),
        batch_size=BATCH,
    )
    Event.sources.through.objects.bulk_create(
        (Event.sources.through(event=event, source=rng.choice(world.sources)) for event in events),
        batch_size=BATCH,
    )


def _bulk(grown: Grown, model, rows: list) -> list:
    made = model.objects.bulk_create(rows, batch_size=BATCH)
    grown.add(model, len(made))
    return made


def _run_number() -> int:
    """How many times the database has been grown before: keeps new slugs apart."""
    return MeasureType.objects.filter(slug__startswith="grown-type-", slug__endswith="-0").count()
