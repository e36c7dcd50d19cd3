"""
iCalendar feed of deadlines: ``/deadlines.ics``.

Every deadline milestone of the measures that match the query string,
filtered by :class:`~measures.filters.MeasureFilter` (so ``company`` and
``government`` mean what they mean on the measures list:
``/deadlines.ics?company=huawei&government=ca``), as an all-day event.

A deadline known to the day is a one-day event; one known only to the
month or the year spans the whole month or year, and says so. Each event's
UID comes from the milestone's natural key (measure, kind, date), so it
never changes between requests and calendar apps update rather than
duplicate events. ``DTSTAMP`` is the measure's last change, so the file is
the same for the same data.
"""

import datetime

from django.http import HttpResponse
from icalendar import Calendar, Event

from core.partial_dates import Precision
from core.text import ical_text

from ..models import Measure, Milestone
from .pipeline import measures_output

PRODID = "-//Sanctions Tracker//Deadlines//EN"
UID_DOMAIN = "sanctions-tracker"
CALENDAR_NAME = "Sanctions Tracker: deadlines"
FILENAME = "deadlines.ics"


def deadline_uid(milestone):
    """Stable across requests: built from the milestone's natural key."""
    measure_slug, kind, date = milestone.natural_key()
    return f"{kind}-{measure_slug}-{date}@{UID_DOMAIN}"


def deadline_event(milestone, base_url):
    measure = milestone.measure
    when = milestone.when
    event = Event()
    event.add("uid", deadline_uid(milestone))
    event.add("dtstamp", measure.updated_at.astimezone(datetime.UTC))
    event.add("dtstart", when.start)
    event.add("dtend", when.end + datetime.timedelta(days=1))
    summary = f"Deadline: {measure.title}"
    if when.precision != Precision.DAY:
        summary += f" (sometime in {when})"
    event.add("summary", ical_text(summary))
    url = base_url + measure.get_absolute_url()
    event.add("description", ical_text(f"{milestone.description}\n\n{measure.title}\n{url}"))
    event.add("url", ical_text(url))
    event.add("transp", "TRANSPARENT")
    event.add("categories", [ical_text(measure.measure_type.name)])
    return event


def deadlines_queryset(measures):
    """Deadline milestones of the given measures, with their measure, in date order."""
    return (
        Milestone.objects.filter(kind=Milestone.Kind.DEADLINE, measure__in=measures.values("pk"))
        .select_related("measure__measure_type")
        .order_by("date", "measure__slug")
    )


def build_calendar(milestones, base_url):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    for milestone in milestones:
        calendar.add_component(deadline_event(milestone, base_url))
    return calendar


@measures_output(Measure.objects.all)
def deadlines_ics(request, selection):
    """Deadlines of the measures matching the list's filters, as an iCalendar file."""
    calendar = build_calendar(deadlines_queryset(selection.measures), selection.base_url)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{FILENAME}"'
    return response
