"""The iCalendar feed of deadlines, read with the icalendar library."""

import datetime

import pytest
from django.urls import resolve, reverse
from icalendar import Calendar

from core.partial_dates import Precision
from measures.models import Milestone
from tracker.growth import add_measures

pytestmark = pytest.mark.django_db

# N+1 guard: the deadlines with their measures and types, in one query...
ICS_QUERIES = 1
# ...plus one per model-choice filter, to check its values (here ``company``).
FILTERED_ICS_QUERIES = ICS_QUERIES + 1


def events(client, query=""):
    response = client.get(reverse("measures:deadlines-ics") + query)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_url_round_trips():
    assert reverse("measures:deadlines-ics") == "/deadlines.ics"
    assert resolve("/deadlines.ics").url_name == "deadlines-ics"


def test_parses_and_holds_every_deadline(client, seed):
    response = client.get("/deadlines.ics")
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar["PRODID"]
    found = calendar.walk("VEVENT")
    assert len(found) == Milestone.objects.filter(kind="deadline").count() == 11


def test_holds_the_28_june_2024_deadline_as_an_all_day_event(client, seed):
    [deadline] = [
        event for event in events(client) if event.decoded("DTSTART") == datetime.date(2024, 6, 28)
    ]
    start = deadline.decoded("DTSTART")
    assert type(start) is datetime.date  # all day: a date, not a datetime
    assert deadline["DTSTART"].params.get("VALUE") == "DATE"
    assert deadline.decoded("DTEND") == datetime.date(2024, 6, 29)
    assert "Canada" in str(deadline["SUMMARY"]) or "5G" in str(deadline["SUMMARY"])
    assert str(deadline["URL"]) == "http://testserver/measures/canada-5g-ban-huawei-zte/"
    assert "remove or terminate Huawei and ZTE 5G" in str(deadline["DESCRIPTION"])


def test_uids_are_unique_and_stable_across_requests(client, seed):
    first = [str(event["UID"]) for event in events(client)]
    second = [str(event["UID"]) for event in events(client)]
    assert first == second
    assert len(set(first)) == len(first)
    assert "deadline-canada-5g-ban-huawei-zte-2024-06-28@sanctions-tracker" in first
    # Also stable when other deadlines come and go.
    Milestone.objects.filter(measure__slug="uk-5g-ban-huawei").delete()
    assert {str(event["UID"]) for event in events(client)} < set(first)


def test_filtered_by_company(client, seed):
    found = events(client, "?company=zte")
    assert {str(event["URL"]).rstrip("/").rsplit("/", 1)[1] for event in found} == {
        "canada-5g-ban-huawei-zte",
        "germany-5g-huawei-zte-agreement-2024",
    }
    assert len(found) == 5


def test_filtered_by_government_in_any_case(client, seed):
    for code in ("gb", "GB"):
        found = events(client, f"?government={code}")
        # The 2020 decision's deadlines and the 2022 directions' (2027 is known to the year).
        assert {event.decoded("DTSTART") for event in found} == {
            datetime.date(2020, 12, 31),
            datetime.date(2023, 10, 31),
            datetime.date(2023, 12, 31),
            datetime.date(2027, 1, 1),
        }


def test_a_deadline_known_to_the_month_spans_the_month(client, seed):
    milestone = Milestone.objects.get(measure__slug="uk-5g-ban-huawei", date="2020-12-31")
    milestone.date = datetime.date(2020, 12, 1)
    milestone.date_precision = Precision.MONTH
    milestone.save()
    [event] = [e for e in events(client) if e.decoded("DTSTART") == datetime.date(2020, 12, 1)]
    assert event.decoded("DTEND") == datetime.date(2021, 1, 1)
    assert "December 2020" in str(event["SUMMARY"])


@pytest.mark.parametrize("query", ["?company=nobody", "?government=123", "?date_from=2019-1"])
def test_bad_filters_get_a_clear_400(client, seed, query):
    response = client.get("/deadlines.ics" + query)
    assert response.status_code == 400
    assert query.split("=")[0][1:] in response.content.decode()


def test_a_constant_number_of_queries(client, seed, django_assert_num_queries):
    with django_assert_num_queries(ICS_QUERIES):
        events(client)
    with django_assert_num_queries(FILTERED_ICS_QUERIES):
        events(client, "?company=huawei")
    add_measures(130, uniform=True)
    with django_assert_num_queries(ICS_QUERIES):
        assert len(events(client)) == 141
    with django_assert_num_queries(FILTERED_ICS_QUERIES):
        events(client, "?company=huawei")


def test_the_deadlines_page_links_the_calendar(client, seed):
    html = client.get("/deadlines/").content.decode()
    assert 'href="/deadlines.ics"' in html
    assert '<link rel="alternate" type="text/calendar"' in html
