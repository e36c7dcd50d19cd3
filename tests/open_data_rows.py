"""Extra rows for the open-data tests: many measures like the seed's, to check query counts."""

import datetime

from core.partial_dates import Precision
from entities.models import Company, Government
from measures.models import (
    Measure,
    MeasureRelation,
    MeasureTarget,
    MeasureType,
    Milestone,
)
from sources.models import Source


def add_measures(count, prefix="extra"):
    """
    ``count`` more measures, each with two targets, two sources, a deadline and a relation.

    They reuse the seed's governments, types, companies and sources, so every
    prefetch has rows to fetch; announced in 2021 to the day.
    """
    governments = list(Government.objects.order_by("code"))
    types = list(MeasureType.objects.order_by("slug"))
    companies = list(Company.objects.order_by("slug"))
    sources = list(Source.objects.order_by("slug"))
    measures = Measure.objects.bulk_create(
        Measure(
            title=f"Extra measure {number}",
            slug=f"{prefix}-{number}",
            measure_type=types[number % len(types)],
            government=governments[number % len(governments)],
            status=Measure.Status.IN_FORCE,
            announced_on=datetime.date(2021, 1, 1) + datetime.timedelta(days=number % 365),
            announced_on_precision=Precision.DAY,
            summary="Made for a test.",
        )
        for number in range(count)
    )
    targets, sourced, milestones, relations = [], [], [], []
    for number, measure in enumerate(measures):
        for offset in (0, 1):
            company = companies[(number + offset) % len(companies)]
            targets.append(MeasureTarget(measure=measure, company=company))
            source = sources[(number + offset) % len(sources)]
            sourced.append(Measure.sources.through(measure=measure, source=source))
        milestones.append(
            Milestone(
                measure=measure,
                kind=Milestone.Kind.DEADLINE,
                date=measure.announced_on + datetime.timedelta(days=400),
                date_precision=Precision.DAY,
                description="Made for a test.",
            )
        )
        if number:
            relations.append(
                MeasureRelation(
                    from_measure=measure,
                    kind=MeasureRelation.Kind.EXPANDS,
                    to_measure=measures[number - 1],
                )
            )
    MeasureTarget.objects.bulk_create(targets)
    Measure.sources.through.objects.bulk_create(sourced)
    Milestone.objects.bulk_create(milestones)
    MeasureRelation.objects.bulk_create(relations)
    return measures
