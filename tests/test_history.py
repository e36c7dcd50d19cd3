"""
The public change log of a measure (core.history.change_log): what changed
and when, as readers' text, never who; in a fixed number of queries.
"""

import datetime

import pytest
import reversion
from django.contrib.auth import get_user_model
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from core.history import ChangeLogEntry, FieldChange, change_log, record_history
from measures.models import Measure
from tracker.factories import (
    CompanyFactory,
    MeasureFactory,
    MeasureTypeFactory,
    MilestoneFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

# N+1 guard: the change log costs at most this many queries however long the
# history: the measure's versions, its rows' versions, and one per related
# model named in a change (type, government, authority, sources, companies,
# related measures).
CHANGE_LOG_QUERIES = 8

SUMMARY = (
    "The government told its departments to stop deploying surveillance cameras made by "
    "companies subject to China's National Intelligence Law on sensitive sites, and to "
    "consider removing those already installed rather than waiting for scheduled upgrades."
)


def revise(obj, user=None, **fields):
    """Save ``obj`` with ``fields`` changed, as one revision."""
    with reversion.create_revision():
        for name, value in fields.items():
            setattr(obj, name, value)
        obj.save()
        if user is not None:
            reversion.set_user(user)
    return obj


@pytest.fixture
def measure():
    with reversion.create_revision():
        measure = MeasureFactory(summary=SUMMARY, announced_on=datetime.date(2022, 11, 24))
        MilestoneFactory(measure=measure, kind="announced", date=measure.announced_on)
    return measure


def test_a_new_record_has_one_entry():
    measure = MeasureFactory()
    [entry] = change_log(measure)
    assert entry == ChangeLogEntry(when=measure.created_at, description="Record created")


def test_the_first_entry_is_the_creation_and_then_each_change(measure):
    editor = get_user_model().objects.create_user("quiet-editor", "quiet@example.org")
    new_type = MeasureTypeFactory(name="Deployment ban")
    revise(
        measure,
        user=editor,
        status=Measure.Status.SUSPENDED,
        measure_type=new_type,
        announced_on=datetime.date(2022, 11, 1),
        announced_on_precision="month",
        legal_basis="Written ministerial statement",
    )

    created, changed = change_log(measure)
    assert created.description == "Record created"
    assert changed.description == "Changed"
    assert isinstance(changed.when, datetime.datetime)
    changes = {change.label: change for change in changed.changes}
    assert changes["Status"] == FieldChange("Status", "In force", "Suspended")
    assert changes["Type"].new == "Deployment ban"
    assert changes["Announced"] == FieldChange("Announced", "24 November 2022", "November 2022")
    assert changes["Legal basis"] == FieldChange("Legal basis", "", "Written ministerial statement")
    assert "Last updated" not in changes  # bookkeeping is not a change


def test_a_corrected_word_is_shown_with_its_context(measure):
    revise(measure, summary=SUMMARY.replace("sensitive sites", "sensitive government sites"))

    [change] = change_log(measure)[1].changes
    assert change.label == "Summary"
    assert "government" not in change.old and "sensitive government sites" in change.new
    assert change.new.startswith("… ") and change.new.endswith(" …")
    assert len(change.new) < len(SUMMARY)


def test_targets_milestones_and_sources_changes_are_listed(measure):
    hikvision = CompanyFactory(short_name="Hikvision")
    source = SourceFactory(publisher="UK Parliament", title="Security Update")
    with reversion.create_revision():
        measure.measure_targets.create(company=hikvision, note="Cameras on sensitive sites")
        measure.sources.add(source)
        milestone = measure.milestones.get()
        milestone.description = "Statement to Parliament"
        milestone.save()
        measure.save()

    changes = change_log(measure)[1].changes
    assert FieldChange("Sources", "", "UK Parliament: Security Update") in changes
    assert FieldChange("Target", "", "Hikvision (Cameras on sensitive sites)") in changes
    [milestone] = [change for change in changes if change.label == "Milestone"]
    assert milestone.old.startswith("Announced, 24 November 2022: ")
    assert milestone.new == "Announced, 24 November 2022: Statement to Parliament"


def test_a_milestone_edited_on_its_own_is_in_its_measures_log(measure):
    milestone = measure.milestones.get()
    revise(milestone, kind="deadline", date=datetime.date(2023, 4, 1), date_precision="month")

    [change] = change_log(measure)[1].changes
    assert change.label == "Milestone"
    assert change.new.startswith("Deadline, April 2023: ")


def test_a_save_that_changes_nothing_visible_is_left_out(measure):
    revise(measure)
    revise(measure)
    assert len(change_log(measure)) == 1
    assert len(record_history(measure)) == 3


def test_the_log_never_names_an_editor(measure):
    editor = get_user_model().objects.create_user("secret-name", "secret@example.org")
    revise(measure, user=editor, title="A corrected title")

    entries = change_log(measure)
    html = render_to_string("measures/_change_log.html", {"entries": entries})
    assert "A corrected title" in html
    assert "secret" not in html
    assert not any(hasattr(entry, "user") or hasattr(entry, "version") for entry in entries)


def test_the_change_log_is_escaped(measure):
    revise(measure, title='<script>alert("x")</script>')

    html = render_to_string("measures/_change_log.html", {"entries": change_log(measure)})
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert '<time datetime="' in html


def test_the_public_measure_page_shows_its_change_log(client, measure):
    revise(measure, summary=SUMMARY.replace("removing", "taking out"))

    page = client.get(measure.get_absolute_url()).content.decode()
    assert "Change history" in page
    assert "Record created" in page
    assert "taking out" in page


def queries_for(measure):
    with CaptureQueriesContext(connection) as queries:
        change_log(measure)
    return len(queries)


def edit_many_times(measure, times):
    for number in range(times):
        with reversion.create_revision():
            measure.summary = f"{SUMMARY} Edit {number}."
            measure.status = "suspended" if number % 2 else "in_force"
            measure.measure_type = MeasureTypeFactory()
            measure.save()
            measure.sources.add(SourceFactory())
            measure.measure_targets.create(company=CompanyFactory())
            MilestoneFactory(measure=measure, date=datetime.date(2023, 1, number + 1))


def test_the_change_log_costs_a_fixed_number_of_queries(measure):
    other = MeasureFactory(summary=SUMMARY)
    with reversion.create_revision():
        other.save()
    edit_many_times(measure, 2)
    edit_many_times(other, 20)
    change_log(measure)  # content types are cached after the first call

    assert queries_for(measure) == queries_for(other) <= CHANGE_LOG_QUERIES
    assert len(change_log(other)) == 21


def test_a_change_no_person_made_says_why_in_the_public_log(measure):
    with reversion.create_revision():
        measure.summary = "New."
        measure.save()
        reversion.set_comment("Updated from the Entity List file of 8 November 2023")
    _, changed = change_log(measure)
    assert changed.description == "Updated from the Entity List file of 8 November 2023"
