"""Unit tests for the modules that compute what pages draw: timeline, matrix, groupings."""

import datetime

import pytest

from core.partial_dates import PartialDate, Precision
from measures.models import Measure
from measures.pages import timeline
from measures.pages.grouping import by_government, status_counts
from measures.pages.matrix import build_matrix
from tracker.factories import (
    CompanyFactory,
    EventFactory,
    GovernmentFactory,
    MeasureFactory,
    MeasureTypeFactory,
    MilestoneFactory,
)

TODAY = datetime.date(2026, 11, 29)


def test_scale_maps_the_years_onto_the_plot():
    scale = timeline.Scale(2018, 2027, left=100, right=1100)
    assert scale.x(datetime.date(2018, 1, 1)) == 100
    assert scale.x(datetime.date(2028, 1, 1)) == 1100
    assert 100 < scale.x(datetime.date(2022, 7, 1)) < 1100


def test_a_year_precise_date_is_drawn_as_the_whole_year():
    scale = timeline.Scale(2018, 2027, left=0, right=1000)
    year = scale.mark(PartialDate(datetime.date(2019, 1, 1), Precision.YEAR), "2019", TODAY)
    assert year.x == scale.x(datetime.date(2019, 1, 1))
    assert year.x + year.width == pytest.approx(scale.x(datetime.date(2020, 1, 1)), abs=0.2)
    month = scale.mark(PartialDate(datetime.date(2019, 5, 1), Precision.MONTH), "May", TODAY)
    assert month.width < year.width / 10
    day = scale.mark(PartialDate(datetime.date(2019, 5, 15)), "day", TODAY)
    assert day.width == timeline.MIN_SPAN  # a single day is still visible


def test_marks_know_past_from_upcoming():
    scale = timeline.Scale(2020, 2030, left=0, right=1000)
    past = scale.mark(PartialDate(datetime.date(2024, 6, 28)), "past", TODAY)
    upcoming = scale.mark(PartialDate(datetime.date(2026, 1, 1), Precision.YEAR), "2026", TODAY)
    assert past.past and not upcoming.past


def test_year_ticks_thin_out_on_long_timelines():
    scale = timeline.Scale(1990, 2030, left=0, right=1000)
    ticks = timeline.year_ticks(1990, 2030, scale)
    assert len(ticks) <= 12
    assert [tick.label for tick in ticks][:2] == ["1990", "1995"]


@pytest.mark.django_db
def test_build_timeline_groups_rows_by_government_with_one_colour_each():
    alpha = GovernmentFactory(name="Alpha")
    beta = GovernmentFactory(name="Beta")
    first = MeasureFactory(government=beta, announced_on=datetime.date(2019, 5, 15))
    second = MeasureFactory(
        government=alpha,
        status=Measure.Status.PROPOSED,
        announced_on=datetime.date(2022, 5, 1),
        announced_on_precision=Precision.MONTH,
    )
    third = MeasureFactory(
        government=beta,
        status=Measure.Status.LIFTED,
        announced_on=datetime.date(2020, 3, 1),
        lifted_on=datetime.date(2021, 3, 1),
    )
    MilestoneFactory(measure=first, date=datetime.date(2027, 12, 31))
    event = EventFactory(date=datetime.date(2017, 1, 1), date_precision=Precision.YEAR)
    measures = Measure.objects.filter(pk__in=[first.pk, second.pk, third.pk]).with_milestones()
    drawn = timeline.build_timeline(measures, [event], TODAY)

    assert [group.name for group in drawn.groups] == ["Alpha", "Beta"]
    assert drawn.groups[0].colour != drawn.groups[1].colour
    assert [tick.label for tick in drawn.ticks][0] == "2017"  # the event starts the axis
    assert drawn.ticks[-1].label == "2027"  # the deadline ends it
    proposed = drawn.groups[0].rows[0]
    assert proposed.hollow
    in_force, lifted = drawn.groups[1].rows
    # In force: the bar runs to today; lifted: it stops at the lifting.
    assert in_force.bar.x + in_force.bar.width == pytest.approx(
        timeline.Scale(2017, 2027, timeline.PLOT_LEFT, timeline.PLOT_RIGHT).x(
            TODAY + datetime.timedelta(days=1)
        ),
        abs=0.2,
    )
    assert lifted.bar.x + lifted.bar.width < in_force.bar.x + in_force.bar.width
    assert not in_force.milestones[0].past
    assert drawn.today is not None
    assert drawn.height > drawn.events_y > drawn.groups[1].rows[-1].y
    rows = [row.y for group in drawn.groups for row in group.rows]
    assert rows == sorted(rows) and len(set(rows)) == len(rows)  # no overlap


@pytest.mark.django_db
def test_nothing_to_draw_gives_no_timeline():
    assert timeline.build_timeline([], [], TODAY) is None


@pytest.mark.django_db
def test_timeline_entries_are_in_date_order_with_partial_dates_at_their_start():
    measure = MeasureFactory(
        announced_on=datetime.date(2019, 1, 1), announced_on_precision=Precision.YEAR
    )
    MilestoneFactory(measure=measure, date=datetime.date(2027, 12, 31))
    event = EventFactory(date=datetime.date(2018, 12, 1))
    entries = timeline.timeline_entries(
        Measure.objects.filter(pk=measure.pk).with_milestones(), [event], TODAY
    )
    assert [entry.kind for entry in entries] == ["event", "measure", "milestone"]
    assert str(entries[1].when) == "2019"
    assert entries[2].upcoming


@pytest.mark.django_db
def test_matrix_cells_name_each_type_with_counts_statuses_and_links():
    imposer = GovernmentFactory(code="ZQ", name="Zq", slug="zq")
    other = GovernmentFactory(code="ZR", name="Zr", slug="zr")
    company = CompanyFactory(slug="acme")
    ban = MeasureTypeFactory(name="Ban", slug="ban")
    MeasureFactory(government=imposer, measure_type=ban, targets=[company])
    MeasureFactory(
        government=imposer, measure_type=ban, targets=[company], status=Measure.Status.PROPOSED
    )
    matrix = build_matrix([company], [imposer, other])
    row = matrix.rows[0]
    assert row.government_count == 1
    # An imposed measure and a proposed one of the same type never share an entry: the
    # proposed one is shown apart and not counted.
    imposed, proposed = row.cells[0].entries
    assert (imposed.type_name, imposed.count, imposed.statuses, imposed.imposed) == (
        "Ban",
        1,
        ["In force"],
        True,
    )
    assert (proposed.type_name, proposed.statuses, proposed.imposed) == ("Ban", ["Proposed"], False)
    assert proposed.only_proposed and proposed.not_imposed_label == "proposed"
    assert row.cells[0].count == 1
    assert imposed.url == "/measures/?company=acme&government=ZQ&type=ban"
    assert row.cells[1].entries == [] and row.cells[1].url == ""


@pytest.mark.django_db
def test_groupings():
    alpha = GovernmentFactory(name="Alpha")
    beta = GovernmentFactory(name="Beta")
    measures = [
        MeasureFactory(government=beta),
        MeasureFactory(government=alpha),
        MeasureFactory(government=beta, status=Measure.Status.PROPOSED),
    ]
    groups = by_government(measures)
    assert [(g.key.name, len(g.measures)) for g in groups] == [("Alpha", 1), ("Beta", 2)]
    counts = status_counts(m.status for m in measures)
    assert [(c.label, c.count) for c in counts] == [("In force", 2), ("Proposed", 1)]
