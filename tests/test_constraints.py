"""The database itself refuses bad rows: each constraint and trigger, tried with a bad row."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from entities.models import Alias, Company, Government, Identifier
from measures.models import Event, MeasureRelation, Milestone
from sources.models import Quote, Source

from .model_helpers import make_measure

pytestmark = pytest.mark.django_db

D = datetime.date


def refused(create):
    """True when the database raises an IntegrityError for ``create()``."""
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


@pytest.fixture
def measure():
    return make_measure()


# Governments and companies


def test_government_code_is_unique_and_two_capitals(measure):
    assert refused(lambda: Government.objects.create(code="ZA", name="Other", slug="other"))
    assert refused(lambda: Government.objects.create(code="za", name="Lower", slug="lower"))
    assert refused(lambda: Government.objects.create(code="Z1", name="Digit", slug="digit"))


def test_government_kind_must_be_known():
    assert refused(lambda: Government.objects.create(code="QQ", name="Q", slug="q", kind="empire"))


def test_company_slug_is_unique(measure):
    country = Government.objects.get(code="ZA")
    assert refused(
        lambda: Company.objects.create(
            slug="acme", short_name="Acme 2", legal_name="Acme 2", country=country
        )
    )


def test_company_cannot_be_its_own_parent(measure):
    company = Company.objects.get(slug="acme")
    assert refused(lambda: Company.objects.filter(pk=company.pk).update(parent=company))


def test_alias_and_identifier_are_unique(measure):
    company = Company.objects.get(slug="acme")
    Alias.objects.create(company=company, name="ACME")
    assert refused(lambda: Alias.objects.create(company=company, name="ACME"))
    Identifier.objects.create(company=company, scheme="ticker", value="ACM")
    assert refused(lambda: Identifier.objects.create(company=company, scheme="ticker", value="ACM"))
    assert refused(
        lambda: Identifier.objects.create(company=company, scheme="horoscope", value="x")
    )


# Measures


def test_measure_slug_is_unique(measure):
    assert refused(lambda: make_measure(slug=measure.slug))


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "rumoured"},
        {"coverage": "everyone"},
        {"announced_on_precision": "week"},
    ],
    ids=["status", "coverage", "precision"],
)
def test_measure_refuses_values_outside_its_choices(fields):
    assert refused(lambda: make_measure(**fields))


def test_a_lifted_measure_needs_a_lift_date():
    assert refused(lambda: make_measure(status="lifted"))
    lifted = make_measure(status="lifted", lifted_on=D(2022, 5, 18))
    assert lifted.lifted_on == D(2022, 5, 18)


def test_effective_and_lifted_dates_cannot_precede_the_announcement():
    assert refused(lambda: make_measure(effective_on=D(2020, 1, 14)))
    assert refused(lambda: make_measure(lifted_on=D(2019, 12, 31), status="lifted"))
    assert make_measure(effective_on=D(2020, 1, 15)).effective_on == D(2020, 1, 15)


@pytest.mark.parametrize(
    ("day", "precision"),
    [(D(2019, 5, 15), "month"), (D(2019, 5, 1), "year"), (D(2019, 2, 1), "year")],
)
def test_a_partial_date_must_be_the_first_day_of_its_span(day, precision):
    assert refused(lambda: make_measure(announced_on=day, announced_on_precision=precision))


def test_aligned_partial_dates_are_accepted():
    assert make_measure(announced_on=D(2019, 1, 1), announced_on_precision="year").pk
    assert make_measure(announced_on=D(2019, 5, 1), announced_on_precision="month").pk


def test_model_validation_explains_a_misaligned_date():
    measure = make_measure()
    measure.announced_on, measure.announced_on_precision = D(2019, 5, 15), "month"
    with pytest.raises(ValidationError) as error:
        measure.full_clean()
    assert "known only to the month" in str(error.value.message_dict["announced_on"])


# Milestones: the trigger


def test_a_milestone_cannot_precede_the_announcement(measure):
    assert refused(
        lambda: Milestone.objects.create(
            measure=measure, kind="deadline", date=D(2020, 1, 14), description="Too early"
        )
    )


def test_a_milestone_on_or_after_the_announcement_is_accepted(measure):
    Milestone.objects.create(measure=measure, kind="announced", date=D(2020, 1, 15), description="")
    Milestone.objects.create(measure=measure, kind="deadline", date=D(2024, 6, 28), description="")
    assert measure.milestones.count() == 2


def test_a_partial_milestone_counts_as_its_whole_span(measure):
    # "January 2020" and "2020" both overlap an announcement on 15 January 2020.
    Milestone.objects.create(
        measure=measure, kind="amended", date=D(2020, 1, 1), date_precision="month", description=""
    )
    Milestone.objects.create(
        measure=measure, kind="effective", date=D(2020, 1, 1), date_precision="year", description=""
    )
    assert refused(
        lambda: Milestone.objects.create(
            measure=measure,
            kind="deadline",
            date=D(2019, 1, 1),
            date_precision="year",
            description="",
        )
    )


def test_moving_an_existing_milestone_before_the_announcement_is_refused(measure):
    milestone = Milestone.objects.create(
        measure=measure, kind="deadline", date=D(2021, 1, 1), description=""
    )
    assert refused(lambda: Milestone.objects.filter(pk=milestone.pk).update(date=D(2019, 1, 1)))


def test_moving_the_announcement_after_a_milestone_is_refused(measure):
    Milestone.objects.create(measure=measure, kind="deadline", date=D(2021, 1, 1), description="")
    assert refused(
        lambda: type(measure).objects.filter(pk=measure.pk).update(announced_on=D(2022, 1, 1))
    )


def test_milestone_kind_and_uniqueness(measure):
    assert refused(
        lambda: Milestone.objects.create(
            measure=measure, kind="birthday", date=D(2021, 1, 1), description=""
        )
    )
    Milestone.objects.create(measure=measure, kind="deadline", date=D(2021, 1, 1), description="")
    assert refused(
        lambda: Milestone.objects.create(
            measure=measure, kind="deadline", date=D(2021, 1, 1), description="again"
        )
    )


def test_milestone_model_validation_names_the_announcement(measure):
    milestone = Milestone(measure=measure, kind="deadline", date=D(2019, 6, 1), description="x")
    with pytest.raises(ValidationError) as error:
        milestone.full_clean()
    assert "before the measure was announced (15 January 2020)" in str(error.value)


# Relations, sources, quotes, events


def test_a_measure_cannot_relate_to_itself(measure):
    assert refused(
        lambda: MeasureRelation.objects.create(
            from_measure=measure, kind="expands", to_measure=measure
        )
    )
    other = make_measure()
    MeasureRelation.objects.create(from_measure=other, kind="expands", to_measure=measure)
    assert refused(
        lambda: MeasureRelation.objects.create(
            from_measure=other, kind="expands", to_measure=measure
        )
    )
    assert refused(
        lambda: MeasureRelation.objects.create(from_measure=other, kind="hugs", to_measure=measure)
    )


def test_source_slug_unique_and_date_aligned():
    Source.objects.create(slug="s", publisher="P", title="T")
    assert refused(lambda: Source.objects.create(slug="s", publisher="P", title="T"))
    assert refused(
        lambda: Source.objects.create(
            slug="s2",
            publisher="P",
            title="T",
            published_on=D(2022, 5, 19),
            published_on_precision="month",
        )
    )


def test_quote_position_unique_per_source():
    source = Source.objects.create(slug="s", publisher="P", title="T")
    Quote.objects.create(source=source, position=1, speaker="A", text="x")
    assert refused(lambda: Quote.objects.create(source=source, position=1, speaker="B", text="y"))


def test_event_date_precision_is_checked():
    assert refused(
        lambda: Event.objects.create(
            title="E", slug="e", date=D(2021, 9, 8), date_precision="week", description=""
        )
    )
    assert refused(
        lambda: Event.objects.create(
            title="E", slug="e", date=D(2021, 9, 8), date_precision="year", description=""
        )
    )
