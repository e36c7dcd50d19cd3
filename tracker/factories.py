"""
factory_boy factories for every model: the one way tests and benchmarks make rows.

Tests use them for variations on the seed; :mod:`tracker.growth` (``manage.py
grow``) builds rows with them in bulk for benchmarks and scale tests.

Each factory makes a valid row with the fewest choices made for you: a
measure gets a type, an imposing government and one target unless told
otherwise. Codes and slugs come from sequences, so factories can run next
to the seed without clashing: generated government codes run ZA, ZB... and
never take a code the seed uses.
"""

import datetime
import string

import factory
from factory.django import DjangoModelFactory

from core.partial_dates import Precision
from entities.models import Alias, Authority, Company, Government, Group, Identifier
from measures.models import (
    Event,
    Measure,
    MeasureRelation,
    MeasureTarget,
    MeasureType,
    Milestone,
)
from sources.models import Quote, Source

# Codes that the seed uses; generated governments never take them.
SEED_CODES = {"CA", "US", "GB", "AU", "NZ", "CN", "UN", "EU"}


def _codes():
    for first in string.ascii_uppercase[::-1]:  # ZA, ZB... far from the seed's codes
        for second in string.ascii_uppercase:
            code = first + second
            if code not in SEED_CODES:
                yield code


GENERATED_CODES = list(_codes())


class GroupFactory(DjangoModelFactory):
    class Meta:
        model = Group
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Group {n}")
    slug = factory.Sequence(lambda n: f"group-{n}")

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.add(*extracted)


class GovernmentFactory(DjangoModelFactory):
    class Meta:
        model = Government
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: GENERATED_CODES[n % len(GENERATED_CODES)])
    name = factory.Sequence(lambda n: f"Government {n}")
    slug = factory.Sequence(lambda n: f"government-{n}")
    kind = Government.Kind.STATE


class AuthorityFactory(DjangoModelFactory):
    class Meta:
        model = Authority

    government = factory.SubFactory(GovernmentFactory)
    name = factory.Sequence(lambda n: f"Authority {n}")
    abbreviation = factory.Sequence(lambda n: f"A{n}")
    slug = factory.Sequence(lambda n: f"authority-{n}")


class CompanyFactory(DjangoModelFactory):
    class Meta:
        model = Company
        django_get_or_create = ("slug",)

    short_name = factory.Sequence(lambda n: f"Company {n}")
    legal_name = factory.LazyAttribute(lambda o: f"{o.short_name} Co., Ltd.")
    slug = factory.Sequence(lambda n: f"company-{n}")
    country = factory.SubFactory(GovernmentFactory)
    description = "A company made for tests."


class AliasFactory(DjangoModelFactory):
    class Meta:
        model = Alias

    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"Alias {n}")


class IdentifierFactory(DjangoModelFactory):
    class Meta:
        model = Identifier

    company = factory.SubFactory(CompanyFactory)
    scheme = Identifier.Scheme.TICKER
    value = factory.Sequence(lambda n: f"T{n:06d}")


class MeasureTypeFactory(DjangoModelFactory):
    class Meta:
        model = MeasureType
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Measure type {n}")
    slug = factory.Sequence(lambda n: f"measure-type-{n}")


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = Source

    slug = factory.Sequence(lambda n: f"source-{n}")
    publisher = "Test Publisher"
    title = factory.Sequence(lambda n: f"Report {n}")
    published_on = datetime.date(2022, 5, 1)
    published_on_precision = Precision.MONTH


class QuoteFactory(DjangoModelFactory):
    class Meta:
        model = Quote

    source = factory.SubFactory(SourceFactory)
    position = factory.Sequence(lambda n: n + 1)
    speaker = "A. Speaker"
    text = "Words worth keeping."


class MeasureFactory(DjangoModelFactory):
    """A measure announced on a given day, in force, against one new company.

    ``targets=[...]`` and ``sources=[...]`` replace the defaults; pass
    ``targets=[]`` for a measure without targets.
    """

    class Meta:
        model = Measure
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Measure {n}")
    slug = factory.Sequence(lambda n: f"measure-{n}")
    measure_type = factory.SubFactory(MeasureTypeFactory)
    government = factory.SubFactory(GovernmentFactory)
    authority = None
    status = Measure.Status.IN_FORCE
    announced_on = datetime.date(2020, 1, 15)
    announced_on_precision = Precision.DAY
    summary = "A measure made for tests."

    @factory.post_generation
    def targets(self, create, extracted, **kwargs):
        if not create:
            return
        companies = [CompanyFactory()] if extracted is None else extracted
        for company in companies:
            MeasureTarget.objects.create(measure=self, company=company)

    @factory.post_generation
    def sources(self, create, extracted, **kwargs):
        if create and extracted:
            self.sources.add(*extracted)


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    measure = factory.SubFactory(MeasureFactory)
    kind = Milestone.Kind.DEADLINE
    date = factory.LazyAttribute(lambda o: o.measure.announced_on + datetime.timedelta(days=365))
    date_precision = Precision.DAY
    description = "Something must be done by this day."


class MeasureRelationFactory(DjangoModelFactory):
    class Meta:
        model = MeasureRelation

    from_measure = factory.SubFactory(MeasureFactory)
    kind = MeasureRelation.Kind.EXPANDS
    to_measure = factory.SubFactory(MeasureFactory)


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Event {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    date = datetime.date(2021, 9, 24)
    date_precision = Precision.DAY
    description = "Something happened."

    @factory.post_generation
    def companies(self, create, extracted, **kwargs):
        if create and extracted:
            self.companies.add(*extracted)

    @factory.post_generation
    def governments(self, create, extracted, **kwargs):
        if create and extracted:
            self.governments.add(*extracted)

    @factory.post_generation
    def sources(self, create, extracted, **kwargs):
        if create and extracted:
            self.sources.add(*extracted)
