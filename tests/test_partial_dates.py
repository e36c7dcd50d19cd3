"""Partial dates: parsed, stored and shown at their precision, and filtered as spans."""

import datetime

import pytest

from core.partial_dates import PartialDate, Precision, ends_before_q, overlaps_q
from measures.models import Measure

from .model_helpers import make_measure

D = datetime.date


@pytest.mark.parametrize(
    ("text", "start", "precision", "shown", "iso"),
    [
        ("2019", D(2019, 1, 1), Precision.YEAR, "2019", "2019"),
        ("2022-09", D(2022, 9, 1), Precision.MONTH, "September 2022", "2022-09"),
        ("2024-06-28", D(2024, 6, 28), Precision.DAY, "28 June 2024", "2024-06-28"),
    ],
)
def test_parse_and_display(text, start, precision, shown, iso):
    value = PartialDate.parse(text)
    assert (value.start, value.precision) == (start, precision)
    assert str(value) == shown
    assert value.isoformat() == iso


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2019-13", "not a real date"),
        ("2023-02-29", "not a real date"),
        ("19", "use YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2019/05/01", "use YYYY, YYYY-MM or YYYY-MM-DD"),
        ("<script>", "use YYYY, YYYY-MM or YYYY-MM-DD"),
        ("", "use YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_parse_refuses_with_a_message(text, message):
    with pytest.raises(ValueError, match=message):
        PartialDate.parse(text)


def test_spans():
    assert PartialDate.parse("2019").end == D(2019, 12, 31)
    assert PartialDate.parse("2024-02").end == D(2024, 2, 29)
    assert PartialDate.parse("2024-06-28").end == D(2024, 6, 28)


def test_a_start_that_contradicts_the_precision_is_refused():
    with pytest.raises(ValueError):
        PartialDate(D(2019, 5, 15), Precision.YEAR)


def test_past_means_the_whole_span_is_over():
    deadline = PartialDate.parse("2024")
    assert not deadline.is_past(D(2024, 12, 31))
    assert deadline.is_past(D(2025, 1, 1))


@pytest.mark.parametrize(
    ("first", "last", "inside"),
    [
        ("2019-06-01", "2020-01-01", True),  # overlaps the end of 2019
        ("2018-01-01", "2019-01-01", True),  # touches the first day
        ("2019-12-31", None, True),
        (None, "2019-01-01", True),
        ("2020-01-01", None, False),
        (None, "2018-12-31", False),
    ],
)
def test_overlaps(first, last, inside):
    first = D.fromisoformat(first) if first else None
    last = D.fromisoformat(last) if last else None
    assert PartialDate.parse("2019").overlaps(first, last) is inside


@pytest.mark.django_db
class TestStoredPrecision:
    def test_a_year_is_stored_and_read_back_as_a_year(self):
        measure = make_measure(announced_on=D(2019, 1, 1), announced_on_precision="year")
        measure.refresh_from_db()
        assert str(measure.announced) == "2019"
        assert measure.announced.isoformat() == "2019"

    @pytest.mark.parametrize(
        ("first", "last", "found"),
        [
            ("2019-06-01", "2020-01-01", True),
            ("2019-12-31", "2019-12-31", True),
            ("2018-06-01", "2019-01-01", True),
            ("2020-01-01", "2021-01-01", False),
            ("2017-01-01", "2018-12-31", False),
        ],
    )
    def test_a_2019_measure_falls_inside_any_range_that_overlaps_2019(self, first, last, found):
        measure = make_measure(announced_on=D(2019, 1, 1), announced_on_precision="year")
        first, last = D.fromisoformat(first), D.fromisoformat(last)
        matches = Measure.objects.announced_between(first, last)
        assert (measure in matches) is found

    def test_a_month_counts_as_the_whole_month(self):
        measure = make_measure(announced_on=D(2022, 5, 1), announced_on_precision="month")
        assert measure in Measure.objects.announced_between(D(2022, 5, 31), None)
        assert measure in Measure.objects.announced_between(None, D(2022, 5, 1))
        assert measure not in Measure.objects.announced_between(D(2022, 6, 1), None)

    def test_a_day_is_exact(self):
        measure = make_measure(announced_on=D(2022, 5, 19), announced_on_precision="day")
        assert measure not in Measure.objects.announced_between(D(2022, 5, 20), None)
        assert measure in Measure.objects.announced_between(D(2022, 5, 19), D(2022, 5, 19))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "today",
    [D(2024, 1, 1), D(2024, 2, 29), D(2024, 3, 1), D(2024, 6, 15), D(2024, 12, 31), D(2025, 1, 1)],
)
def test_every_dated_row_is_either_still_to_come_or_over_never_both(today):
    """ends_before_q is overlaps_q's complement, day by day around month and year ends."""
    dates = [
        ("2023", "2023-12", "2023-12-31"),
        ("2024", "2024-01", "2024-01-01", "2024-02", "2024-02-28", "2024-02-29", "2024-03-01"),
        ("2024-06", "2024-06-14", "2024-06-15", "2024-06-16", "2024-12", "2024-12-31"),
        ("2025", "2025-01", "2025-01-01"),
    ]
    for text in (text for group in dates for text in group):
        date = PartialDate.parse(text)
        make_measure(announced_on=date.start, announced_on_precision=date.precision)
    measures = Measure.objects.all()
    to_come = set(measures.filter(overlaps_q("announced_on", today, None)).values_list("pk"))
    over = set(measures.filter(ends_before_q("announced_on", today)).values_list("pk"))
    assert to_come.isdisjoint(over)
    assert to_come | over == set(measures.values_list("pk"))
    for measure in measures:
        assert ((measure.pk,) in over) == measure.announced.is_past(today), measure.announced
