"""Minimal valid rows for model-level tests: one imposer, one target, one type."""

import datetime

from entities.models import Company, Government
from measures.models import Measure, MeasureType


def make_measure(**fields):
    """A valid measure; ``fields`` override the defaults (dates, status...)."""
    government, _ = Government.objects.get_or_create(
        code="ZA", defaults={"name": "Testland", "slug": "testland"}
    )
    measure_type, _ = MeasureType.objects.get_or_create(
        slug="test-ban", defaults={"name": "Test ban"}
    )
    company, _ = Company.objects.get_or_create(
        slug="acme",
        defaults={"short_name": "Acme", "legal_name": "Acme Ltd.", "country": government},
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
    measure = Measure.objects.create(**{**defaults, **fields})
    measure.targets.add(company)
    return measure
