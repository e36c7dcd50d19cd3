"""Minimal valid rows for model-level tests: one imposer, one target, one type."""

import datetime

from measures.models import Measure
from tracker.factories import (
    CompanyFactory,
    GovernmentFactory,
    MeasureFactory,
    MeasureTypeFactory,
)


def make_measure(**fields):
    """A valid measure; ``fields`` override the defaults (dates, status...)."""
    government = GovernmentFactory(code="ZA", name="Testland", slug="testland")
    measure_type = MeasureTypeFactory(slug="test-ban", name="Test ban")
    company = CompanyFactory(
        slug="acme", short_name="Acme", legal_name="Acme Ltd.", country=government
    )
    count = Measure.objects.count()
    defaults = {
        "title": f"Test measure {count}",
        "slug": f"test-measure-{count}",
        "measure_type": measure_type,
        "government": government,
        "announced_on": datetime.date(2020, 1, 15),
        "announced_on_precision": "day",
        "summary": "A measure for tests.",
    }
    return MeasureFactory(**{**defaults, **fields}, targets=[company])
