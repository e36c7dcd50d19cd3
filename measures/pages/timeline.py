"""
A company's timeline: its measures and events over time, as numbers for an SVG.

:func:`build_timeline` lays out one row per measure, grouped under the
government that imposed it and coloured by that government, and one row for
the company's events. Each dated thing is drawn as the span its date is known
to: a measure announced in "2019" covers the whole of 2019 on the chart, never
1 January. A measure's bar runs from its announcement to its lifting, or to
today while it lasts; its milestones are ticks on the bar. The template only
draws what this module computes (all figures are SVG user units).

:func:`timeline_entries` is the same story in words, in date order, for
readers who cannot see the chart. Both take measures as
:meth:`~measures.models.MeasureQuerySet.with_milestones` fetches them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from itertools import groupby

from core.partial_dates import PartialDate

# Dark enough for text on white (contrast above 4.5:1), distinct from one another.
PALETTE = (
    "#1c5fa8",  # blue
    "#b3261e",  # red
    "#2e6b30",  # green
    "#7b3fa0",  # purple
    "#9a4d00",  # brown
    "#00687d",  # teal
    "#a3195b",  # magenta
    "#4a5568",  # slate
)
EVENT_COLOUR = "#4a4a4a"

WIDTH = 1120
LABEL_WIDTH = 250
PLOT_LEFT = LABEL_WIDTH + 10
PLOT_RIGHT = WIDTH - 20
AXIS_HEIGHT = 28
GROUP_HEIGHT = 28
ROW_HEIGHT = 26
BAR_HEIGHT = 10
MARK_HEIGHT = 18
MIN_SPAN = 6  # a day-precise date is still drawn wide enough to see
BOTTOM_MARGIN = 12
MAX_LABEL_CHARS = 34

# How a measure's first date reads in words: a declined measure was only ever weighed.
ANNOUNCEMENT_LABELS = {"proposed": "Proposed", "declined": "Proposed (later declined)"}

# Statuses whose bar runs on to today: the measure still applies (or may).
ONGOING_STATUSES = {"in_force", "announced", "suspended"}


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Mark:
    """A dated thing drawn as its span: ``x`` to ``x + width``."""

    x: float
    width: float
    title: str
    past: bool = True


@dataclass
class MeasureRow:
    y: float
    label: str
    colour: str
    title: str
    url: str
    bar: Mark  # announcement to lifting (or today)
    announced: Mark
    hollow: bool  # proposed or declined: drawn as an outline
    milestones: list[Mark] = field(default_factory=list)

    # Vertical positions of what the template draws on this row.
    @property
    def text_y(self):
        return self.y + ROW_HEIGHT / 2 + 4

    @property
    def bar_y(self):
        return self.y + (ROW_HEIGHT - BAR_HEIGHT) / 2

    @property
    def mark_y(self):
        return self.y + (ROW_HEIGHT - MARK_HEIGHT) / 2


@dataclass
class GovernmentGroup:
    y: float
    name: str
    colour: str
    rows: list[MeasureRow]

    @property
    def text_y(self):
        return self.y + GROUP_HEIGHT / 2 + 5


@dataclass
class Timeline:
    width: int
    height: float
    plot_left: float
    plot_right: float
    axis_y: float
    ticks: list[Tick]
    today: Tick | None
    groups: list[GovernmentGroup]
    events_y: float | None
    events: list[Mark]
    row_height: int = ROW_HEIGHT
    bar_height: int = BAR_HEIGHT
    mark_height: int = MARK_HEIGHT

    @property
    def tick_label_y(self):
        return self.axis_y - 10

    @property
    def events_text_y(self):
        return None if self.events_y is None else self.events_y + GROUP_HEIGHT / 2 + 5

    @property
    def events_mark_y(self):
        if self.events_y is None:
            return None
        return self.events_y + GROUP_HEIGHT + (ROW_HEIGHT - MARK_HEIGHT) / 2

    @property
    def legend(self):
        return [(group.name, group.colour) for group in self.groups]


class Scale:
    """Maps dates between 1 January of ``first_year`` and 31 December of ``last_year``."""

    def __init__(self, first_year: int, last_year: int, left: float, right: float):
        self.start = datetime.date(first_year, 1, 1)
        self.end = datetime.date(last_year + 1, 1, 1)
        self.left, self.right = left, right
        self.days = (self.end - self.start).days

    def x(self, day: datetime.date) -> float:
        return round(self.left + (day - self.start).days / self.days * (self.right - self.left), 1)

    def span(self, first: datetime.date, last: datetime.date) -> tuple[float, float]:
        """Left edge and width of ``first..last`` (inclusive), at least :data:`MIN_SPAN` wide."""
        left = self.x(first)
        right = self.x(last + datetime.timedelta(days=1))
        width = right - left
        if width < MIN_SPAN:
            left, width = left - (MIN_SPAN - width) / 2, MIN_SPAN
        return round(left, 1), round(width, 1)

    def mark(self, date: PartialDate, title: str, today: datetime.date) -> Mark:
        left, width = self.span(date.start, date.end)
        return Mark(left, width, title, date.is_past(today))


def year_ticks(first_year: int, last_year: int, scale: Scale) -> list[Tick]:
    """One tick a year, or every 2, 5 or 10 years on a long timeline."""
    years = last_year - first_year + 1
    step = next(step for step in (1, 2, 5, 10, 25) if years / step <= 12)
    first = first_year - first_year % step if step > 1 else first_year
    return [
        Tick(scale.x(datetime.date(year, 1, 1)), str(year))
        for year in range(first, last_year + 1, step)
        if year >= first_year
    ]


def shorten(text: str, limit: int = MAX_LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _measure_end(measure, today: datetime.date) -> datetime.date:
    if measure.lifted:
        return measure.lifted.end
    if measure.status in ONGOING_STATUSES:
        return max(today, measure.announced.end)
    return measure.announced.end


def _dates(measures, events, today):
    for measure in measures:
        yield measure.announced.start
        yield _measure_end(measure, today)
        for milestone in measure.timeline_milestones:
            yield milestone.when.start
            yield milestone.when.end
    for event in events:
        yield event.when.start
        yield event.when.end


def government_colours(measures) -> dict:
    """Each imposing government's colour, given in order of name so it is stable."""
    governments = sorted({measure.government for measure in measures}, key=lambda g: g.name)
    return {
        government.pk: PALETTE[index % len(PALETTE)] for index, government in enumerate(governments)
    }


def build_timeline(measures, events, today: datetime.date) -> Timeline | None:
    """
    Lay out ``measures`` (with ``government``, ``measure_type`` and prefetched
    ``milestones``) and ``events``; ``None`` when there is nothing to draw.
    """
    measures = sorted(measures, key=lambda m: (m.government.name, m.announced_on, m.title))
    events = sorted(events, key=lambda e: (e.date, e.title))
    dates = list(_dates(measures, events, today))
    if not dates:
        return None
    first_year, last_year = min(dates).year, max(dates).year
    scale = Scale(first_year, last_year, PLOT_LEFT, PLOT_RIGHT)
    colours = government_colours(measures)

    y = AXIS_HEIGHT
    groups = []
    for government, government_measures in groupby(measures, key=lambda m: m.government):
        group = GovernmentGroup(y, government.name, colours[government.pk], [])
        y += GROUP_HEIGHT
        for measure in government_measures:
            bar_left, bar_width = scale.span(measure.announced.start, _measure_end(measure, today))
            group.rows.append(
                MeasureRow(
                    y=y,
                    label=shorten(measure.measure_type.name),
                    colour=group.colour,
                    title=f"{measure.title} ({measure.get_status_display().lower()}), "
                    f"announced {measure.announced}",
                    url=measure.get_absolute_url(),
                    bar=Mark(bar_left, bar_width, measure.title),
                    announced=scale.mark(
                        measure.announced, f"Announced {measure.announced}", today
                    ),
                    hollow=measure.status in {"proposed", "declined"},
                    milestones=[
                        scale.mark(
                            milestone.when,
                            f"{milestone.get_kind_display()}, {milestone.when}: "
                            f"{milestone.description}",
                            today,
                        )
                        for milestone in measure.timeline_milestones
                    ],
                )
            )
            y += ROW_HEIGHT
        groups.append(group)

    events_y = None
    event_marks = []
    if events:
        events_y = y
        y += GROUP_HEIGHT
        event_marks = [
            scale.mark(event.when, f"{event.when}: {event.title}", today) for event in events
        ]
        y += ROW_HEIGHT

    today_tick = None
    if scale.start <= today < scale.end:
        today_tick = Tick(scale.x(today), "Today")

    return Timeline(
        width=WIDTH,
        height=y + BOTTOM_MARGIN,
        plot_left=PLOT_LEFT,
        plot_right=PLOT_RIGHT,
        axis_y=AXIS_HEIGHT,
        ticks=year_ticks(first_year, last_year, scale),
        today=today_tick,
        groups=groups,
        events_y=events_y,
        events=event_marks,
    )


@dataclass(frozen=True)
class Entry:
    """One line of the timeline in words."""

    when: PartialDate
    kind: str  # "measure", "milestone" or "event"
    label: str
    title: str
    url: str | None
    government: str | None
    upcoming: bool = False


def timeline_entries(measures, events, today: datetime.date) -> list[Entry]:
    """Announcements, milestones and events in date order (a partial date sorts at its start)."""
    entries = []
    for measure in measures:
        url = measure.get_absolute_url()  # once a measure, not once a milestone: reverse() is slow
        entries.append(
            Entry(
                measure.announced,
                "measure",
                ANNOUNCEMENT_LABELS.get(measure.status, "Announced"),
                measure.title,
                url,
                measure.government.name,
            )
        )
        for milestone in measure.timeline_milestones:
            if milestone.kind == "announced" and milestone.when == measure.announced:
                continue
            entries.append(
                Entry(
                    milestone.when,
                    "milestone",
                    milestone.get_kind_display(),
                    f"{measure.title}: {milestone.description}",
                    url,
                    measure.government.name,
                    upcoming=not milestone.when.is_past(today),
                )
            )
    for event in events:
        entries.append(Entry(event.when, "event", "Event", event.title, None, None))
    return sorted(entries, key=lambda entry: (entry.when.start, entry.when.end, entry.title))
