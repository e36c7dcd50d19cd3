"""
What governments did, when, and on whose word.

A :class:`Measure` is one government's action (a ban, a listing, a
sanction) of a :class:`MeasureType`, against target companies (through
:class:`MeasureTarget`), dated by partial dates and by :class:`Milestone` s,
linked to other measures by :class:`MeasureRelation` and citing
:class:`Source` s, whose memorable words are kept as :class:`Quote` s.
An :class:`Event` is dated context that is not a measure. Sources and
quotes live in the ``sources`` app (provenance), companies and governments
in ``entities``: this app depends on both, never the other way round.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import BigIntegerField, Case, F, Q, Value, When, Window
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear, RowNumber
from django.urls import reverse

from core.links import filtered_url
from core.models import (
    NaturalKeyManager,
    NaturalKeyQuerySet,
    Term,
    natural_key_of,
    reviewed_on_field,
)
from core.partial_dates import (
    PartialDate,
    Precision,
    overlaps_q,
    partial_date_constraints,
    precision_field,
    today,
    validate_partial_date,
)
from entities.models import Authority, Company, Government
from sources.models import Quote, Source


class MeasureType(Term):
    """A kind of measure (5G network ban, Entity List...); data, so editors can add types."""

    def get_absolute_url(self):
        return filtered_url("measures:list", type=self.slug)


class MeasureQuerySet(NaturalKeyQuerySet):
    """
    The tracker's questions about measures; views, filters, exports and search ask them here.

    Date questions treat a partial date as its whole span: a measure announced
    in "2019" is announced between 2019-06-01 and 2020-01-01. Every measure
    has an announced date; effective and lifted dates may be missing, and a
    measure without one never matches a bounded range on it.
    """

    def in_force(self):
        return self.filter(status=Status.IN_FORCE)

    def imposed(self):
        """
        Measures a government actually took: everything but the proposed and the declined.

        A measure being weighed, or one reviewed and decided against, is never
        counted, listed or exported as imposed. Lifted and expired measures
        were imposed and still count (their status says they no longer apply).
        """
        return self.exclude(status__in=NOT_IMPOSED)

    def not_imposed(self):
        """Proposed and declined measures: weighed, not (or not yet) taken."""
        return self.filter(status__in=NOT_IMPOSED)

    def proposed(self):
        return self.filter(status=Status.PROPOSED)

    def targeting(self, company):
        """Measures with ``company`` among their targets (one row per measure)."""
        return self.filter(pk__in=MeasureTarget.objects.filter(company=company).values("measure"))

    def imposed_by(self, government):
        return self.filter(government=government)

    def announced_between(self, first=None, last=None):
        """Announced in ``first..last`` (dates, either open); a partial date counts as its span."""
        return self.filter(overlaps_q("announced_on", first, last))

    def latest_per(self, field, count, *, weighed=0):
        """
        At most ``count`` imposed measures for each value of ``field`` (newest announced
        first), and the ``weighed`` newest proposed or declined ones, all in one query.

        Ranked in the database by a window function, so a page can show a few
        of each group however many rows there are; the weighed ones are one
        group of their own, whatever their ``field``.
        """
        not_imposed = Q(status__in=NOT_IMPOSED)
        group = Case(When(not_imposed, then=None), default=F(field), output_field=BigIntegerField())
        rank = Window(
            RowNumber(),
            partition_by=[group],
            order_by=[F("announced_on").desc(), F("title").asc(), F("pk").asc()],
        )
        shown = Case(When(not_imposed, then=Value(weighed)), default=Value(count))
        ranked = self.annotate(rank_in_group=rank, shown_in_group=shown).filter(
            rank_in_group__lte=F("shown_in_group")
        )
        # Ranked on the few columns the ranking reads, then fetched whole by primary key
        # (so the ranking is asked now: a second query). Ranking whole rows sorted each
        # of a government's 5,000 measures twice at full width: 70 ms instead of ~15.
        return self.filter(pk__in=list(ranked.order_by().values_list("pk", flat=True)))

    def counts_by(self, *fields):
        """``{(value, ...): count}`` of these measures grouped by ``fields``, in one query."""
        rows = self.order_by().values_list(*fields).annotate(n=models.Count("pk"))
        return {tuple(row[:-1]): row[-1] for row in rows}

    def for_list(self):
        """What a list of measures shows, fetched in a fixed number of queries."""
        return self.select_related("measure_type", "government", "authority").prefetch_related(
            models.Prefetch("targets", queryset=Company.objects.order_by("short_name"))
        )

    def with_milestones(self):
        """
        :meth:`for_list` plus each measure's milestones in date order, as the list
        ``timeline_milestones`` (timelines read it several times: a list costs nothing
        to read again, a prefetched manager makes a queryset each time).
        """
        return self.for_list().prefetch_related(
            models.Prefetch(
                "milestones", queryset=Milestone.objects.in_order(), to_attr="timeline_milestones"
            )
        )

    def in_full(self):
        """Everything a measure's own page shows, in a fixed number of queries."""
        return self.select_related("measure_type", "government", "authority").prefetch_related(
            models.Prefetch(
                "measure_targets",
                queryset=MeasureTarget.objects.select_related("company__country").order_by(
                    "company__short_name"
                ),
            ),
            models.Prefetch("milestones", queryset=Milestone.objects.in_order()),
            # Total orders, so the page reads the same whatever order rows were stored in.
            "sources",  # Source's own order is total and the same on every database.
            models.Prefetch(
                "quotes", queryset=Quote.objects.select_related("source").order_by("source", "pk")
            ),
            models.Prefetch(
                "relations_from",
                queryset=MeasureRelation.objects.select_related("to_measure__government").order_by(
                    "kind", "to_measure__slug"
                ),
            ),
            models.Prefetch(
                "relations_to",
                queryset=MeasureRelation.objects.select_related(
                    "from_measure__government"
                ).order_by("kind", "from_measure__slug"),
            ),
            "government__groups",
        )

    def for_api(self):
        """Everything a measure's JSON shows, in a fixed number of queries for any page."""
        return self.select_related("measure_type", "government", "authority").prefetch_related(
            models.Prefetch(
                "measure_targets",
                queryset=MeasureTarget.objects.select_related("company").order_by(
                    "company__short_name"
                ),
            ),
            "milestones",
            models.Prefetch(
                "relations_from",
                queryset=MeasureRelation.objects.select_related("to_measure").order_by(
                    "kind", "to_measure__slug"
                ),
            ),
            models.Prefetch(
                "relations_to",
                queryset=MeasureRelation.objects.select_related("from_measure").order_by(
                    "kind", "from_measure__slug"
                ),
            ),
            models.Prefetch("sources", queryset=Source.objects.order_by("slug")),
        )

    def for_export(self):
        """
        What every open-data row needs, in a fixed number of queries per chunk.

        Targets (with their slug, names and country) and sources come as plain
        lists (``export_targets``, ``export_sources``, ``export_measure_targets``):
        a related manager per measure costs more than the query.
        """
        return self.select_related("measure_type", "government", "authority").prefetch_related(
            models.Prefetch(
                "measure_targets",
                queryset=MeasureTarget.objects.select_related("company")
                .prefetch_related("listings__entry")
                .order_by("company__short_name", "company__slug"),
                to_attr="export_measure_targets",
            ),
            models.Prefetch(
                "sources", queryset=Source.objects.order_by("slug"), to_attr="export_sources"
            ),
        )


class Status(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ANNOUNCED = "announced", "Announced"
    IN_FORCE = "in_force", "In force"
    SUSPENDED = "suspended", "Suspended"
    LIFTED = "lifted", "Lifted"
    EXPIRED = "expired", "Expired"
    DECLINED = "declined", "Declined"


# Statuses of a measure that no government has taken: see MeasureQuerySet.imposed().
NOT_IMPOSED = (Status.PROPOSED, Status.DECLINED)


class Coverage(models.TextChoices):
    NAMED = "named", "Named entity only"
    AFFILIATES = "affiliates", "Named entity and its subsidiaries and affiliates"
    PURPOSES = "purposes", "Equipment used for particular purposes"
    UNSTATED = "unstated", "Not stated"


class Measure(models.Model):
    """One government's action against one or more companies."""

    Status = Status
    Coverage = Coverage

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=150, unique=True, help_text="Part of the public URL.")
    measure_type = models.ForeignKey(
        MeasureType, on_delete=models.PROTECT, related_name="measures", verbose_name="type"
    )
    government = models.ForeignKey(
        Government,
        on_delete=models.PROTECT,
        related_name="measures",
        verbose_name="imposed by",
        help_text="The government that imposes the measure.",
    )
    authority = models.ForeignKey(
        Authority,
        on_delete=models.PROTECT,
        related_name="measures",
        null=True,
        blank=True,
        help_text="The agency that acts; it must belong to the imposing government.",
    )
    targets = models.ManyToManyField(Company, through="MeasureTarget", related_name="measures")
    status = models.CharField(
        max_length=12,
        choices=Status.choices,
        default=Status.IN_FORCE,
        help_text="“Proposed”: being weighed. “Declined”: reviewed and decided against.",
    )
    announced_on = models.DateField(
        "announced", help_text="When the measure was announced, proposed or first reported."
    )
    announced_on_precision = precision_field("announced")
    effective_on = models.DateField("effective", null=True, blank=True)
    effective_on_precision = precision_field("effective")
    lifted_on = models.DateField(
        "lifted", null=True, blank=True, help_text="Required when the status is “lifted”."
    )
    lifted_on_precision = precision_field("lifted")
    summary = models.TextField()
    legal_basis = models.CharField(
        max_length=300,
        blank=True,
        help_text="The instrument: a Federal Register citation, a statute section, an order.",
    )
    coverage = models.CharField(
        max_length=12,
        choices=Coverage.choices,
        default=Coverage.UNSTATED,
        help_text="No more than the record says: an Entity List entry binds the named entity only.",
    )
    status_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="What the record says about the status when it needs saying: why a measure "
        "is still proposed, or what is not known (e.g. no order found).",
    )
    sources = models.ManyToManyField(Source, related_name="measures")
    quotes = models.ManyToManyField(
        Quote,
        related_name="measures",
        blank=True,
        help_text="Words about this measure; a quote shows only on the pages it is about.",
    )
    reviewed_on = reviewed_on_field()
    related = models.ManyToManyField(
        "self", through="MeasureRelation", symmetrical=False, related_name="related_from"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField("last updated", auto_now=True)

    # Where an editor sees each constraint's message (core.forms.ConstraintErrorsMixin).
    constraint_fields = {
        "measure_lifted_has_lift_date": (
            "lifted_on",
            "Enter when it was lifted, or choose another status.",
        ),
        "measure_effective_not_before_announced": "effective_on",
        "measure_lifted_not_before_announced": "lifted_on",
    }

    objects = MeasureQuerySet.as_manager()
    natural_key = natural_key_of(
        "slug",
        dependencies=("entities.government", "entities.authority", "measures.measuretype"),
    )

    class Meta:
        ordering = ["-announced_on", "title"]
        # Every filter and sort of the list, and the facets' groupings (government x
        # type x status) readable from the index alone.
        indexes = [
            models.Index(fields=["announced_on"]),
            models.Index(fields=["status"]),
            models.Index(
                fields=["government", "measure_type", "status"], name="measure_gov_type_status"
            ),
            models.Index(
                fields=["measure_type", "government", "status"], name="measure_type_gov_status"
            ),
            models.Index(fields=["updated_at"], name="measure_updated"),
            models.Index(fields=["title"], name="measure_title"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values),
                name="measure_status_valid",
                violation_error_message="Unknown status.",
            ),
            models.CheckConstraint(
                condition=Q(coverage__in=Coverage.values),
                name="measure_coverage_valid",
                violation_error_message="Unknown coverage.",
            ),
            models.CheckConstraint(
                condition=~Q(status="lifted") | Q(lifted_on__isnull=False),
                name="measure_lifted_has_lift_date",
                violation_error_message="A lifted measure needs the date it was lifted.",
            ),
            models.CheckConstraint(
                condition=Q(effective_on__isnull=True) | Q(effective_on__gte=F("announced_on")),
                name="measure_effective_not_before_announced",
                violation_error_message="The effective date cannot be before the announcement.",
            ),
            models.CheckConstraint(
                condition=Q(lifted_on__isnull=True) | Q(lifted_on__gte=F("announced_on")),
                name="measure_lifted_not_before_announced",
                violation_error_message="The lift date cannot be before the announcement.",
            ),
            *partial_date_constraints("measure", "announced_on"),
            *partial_date_constraints("measure", "effective_on"),
            *partial_date_constraints("measure", "lifted_on"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        # A page asks a measure for its address several times (its list, the timeline and
        # the timeline's words), and reverse() costs tens of microseconds: once per slug.
        known = self.__dict__.get("_url")
        if known is None or known[0] != self.slug:
            known = self.__dict__["_url"] = (
                self.slug,
                reverse("measures:detail", kwargs={"slug": self.slug}),
            )
        return known[1]

    @property
    def is_imposed(self):
        """False for a proposed or a declined measure (see :meth:`MeasureQuerySet.imposed`)."""
        return self.status not in NOT_IMPOSED

    @property
    def announced(self):
        return PartialDate.from_fields(self.announced_on, self.announced_on_precision)

    @property
    def effective(self):
        return PartialDate.from_fields(self.effective_on, self.effective_on_precision)

    @property
    def lifted(self):
        return PartialDate.from_fields(self.lifted_on, self.lifted_on_precision)

    def clean(self):
        errors = {}
        for label in ("announced_on", "effective_on", "lifted_on"):
            try:
                precision = getattr(self, f"{label}_precision")
                validate_partial_date(getattr(self, label), precision, label)
            except ValidationError as error:
                errors.update(error.message_dict)
        if (
            self.authority_id
            and self.government_id
            and (self.authority.government_id != self.government_id)
        ):
            errors["authority"] = (
                f"{self.authority} belongs to {self.authority.government}, "
                f"not to {self.government}."
            )
        if errors:
            raise ValidationError(errors)


class MeasureTarget(models.Model):
    """A company a measure targets, with what is particular to it."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="measure_targets")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="measure_targets")
    note = models.CharField(
        max_length=300, blank=True, help_text="What applies to this target only."
    )

    objects = NaturalKeyManager()
    natural_key = natural_key_of(
        "measure__slug", "company__slug", dependencies=("measures.measure", "entities.company")
    )

    class Meta:
        ordering = ["measure", "company__short_name"]
        verbose_name = "target"
        # The unique (measure, company) serves a measure's targets; this, a company's measures.
        indexes = [models.Index(fields=["company", "measure"], name="target_company_measure")]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "company"], name="target_unique_per_measure"
            ),
        ]

    def __str__(self):
        return f"{self.company} ← {self.measure}"


class RelationKind(models.TextChoices):
    EXPANDS = "expands", "Expands"
    SUPERSEDES = "supersedes", "Supersedes"
    ESCALATES = "escalates", "Would escalate"
    FOLLOWS = "follows", "Follows"
    RESPONDS_TO = "responds_to", "Responds to"


class MeasureRelation(models.Model):
    """How one measure relates to another: M3 expands M2."""

    Kind = RelationKind
    INVERSE_LABELS = {
        RelationKind.EXPANDS: "Expanded by",
        RelationKind.SUPERSEDES: "Superseded by",
        RelationKind.ESCALATES: "Would be escalated by",
        RelationKind.FOLLOWS: "Followed by",
        RelationKind.RESPONDS_TO: "Answered by",
    }

    from_measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="relations_from"
    )
    kind = models.CharField(max_length=12, choices=RelationKind.choices)
    to_measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="relations_to")

    objects = NaturalKeyManager()
    natural_key = natural_key_of(
        "from_measure__slug", "kind", "to_measure__slug", dependencies=("measures.measure",)
    )

    class Meta:
        ordering = ["from_measure", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_measure", "kind", "to_measure"], name="relation_unique"
            ),
            models.CheckConstraint(
                condition=~Q(from_measure=F("to_measure")),
                name="relation_not_to_itself",
                violation_error_message="A measure cannot relate to itself.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=RelationKind.values),
                name="relation_kind_valid",
                violation_error_message="Unknown relation.",
            ),
        ]

    def __str__(self):
        return f"{self.from_measure} {self.get_kind_display().lower()} {self.to_measure}"

    @property
    def inverse_label(self):
        return self.INVERSE_LABELS[self.kind]


class MilestoneQuerySet(NaturalKeyQuerySet):
    def in_order(self):
        """
        In date order, a partial date after the days inside its span, unless the record
        says otherwise.

        By year, then month (a date known only to its year after every month of
        it), then ``position`` (the record's order within that month, or within
        the year for year-only dates; 0 unless an editor says), then the day (a
        date known only to its month after every day of it: "March 2019" after
        26 March 2019), then :class:`MilestoneKind`. So a month-only step the
        record puts first gets ``position`` 0 and the days after it 1. Computed
        from the stored first day and the precision, in SQL that SQLite and
        PostgreSQL both run.
        """
        return self.annotate(
            span_year=ExtractYear("date"),
            span_month=Case(
                When(date_precision=Precision.YEAR, then=Value(13)),
                default=ExtractMonth("date"),
                output_field=models.IntegerField(),
            ),
            span_day=Case(
                When(date_precision=Precision.DAY, then=ExtractDay("date")),
                default=Value(32),
                output_field=models.IntegerField(),
            ),
        ).order_by("span_year", "span_month", "position", "span_day", "kind")


class MilestoneKind(models.TextChoices):
    ANNOUNCED = "announced", "Announced"
    EFFECTIVE = "effective", "Effective"
    AMENDED = "amended", "Amended or expanded"
    STEP = "step", "Step in the process"
    ENACTED = "enacted", "Law enacted"
    DEADLINE = "deadline", "Deadline"
    LIFTED = "lifted", "Lifted"
    DECLINED = "declined", "Declined"


class Milestone(models.Model):
    """
    A dated step of a measure: announced, effective, amended, a deadline, lifted.

    A milestone cannot precede its measure's announcement; the database
    refuses it with a trigger (see the migration), the admin with a message.
    """

    Kind = MilestoneKind

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    date = models.DateField()
    date_precision = precision_field("date")
    description = models.CharField(max_length=300, help_text="What happens on this date.")
    position = models.PositiveSmallIntegerField(
        default=0,
        help_text="Order within a month (or, for dates known only to the year, within the "
        "year) as the record gives it, lower first; by default a date known only to its month "
        "comes after the days of that month.",
    )

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["date", "position", "kind"]
        # Deadlines from a date on, counted from the index alone: a partial date's
        # precision is part of whether it is still to come.
        indexes = [
            models.Index(fields=["kind", "date", "date_precision"], name="milestone_kind_date_prec")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "kind", "date"], name="milestone_unique_per_measure"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=MilestoneKind.values),
                name="milestone_kind_valid",
                violation_error_message="Unknown milestone kind.",
            ),
            *partial_date_constraints("milestone", "date"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.when}"

    def get_absolute_url(self):
        return self.measure.get_absolute_url()

    def natural_key(self):
        return (self.measure.slug, self.kind, self.date.isoformat())

    natural_key.paths = ("measure__slug", "kind", "date")
    natural_key.dependencies = ["measures.measure"]

    @property
    def when(self):
        return PartialDate(self.date, self.date_precision)

    @property
    def is_past(self):
        return self.when.is_past(today())

    def clean(self):
        validate_partial_date(self.date, self.date_precision, "date")
        if self.measure_id and self.date:
            problem = announcement_problem(self.kind, self.when, self.measure)
            if problem:
                raise ValidationError({"date": problem})


def announcement_problem(kind: str, when: PartialDate, measure: Measure) -> str | None:
    """
    Why a milestone ``kind`` on ``when`` cannot belong to ``measure``, or None.

    The database's triggers (``measures/triggers.py``) enforce the rule on
    every write; this is its wording for an editor, shared by the model and
    the admin's forms (which check a measure that is not saved yet). A
    partial date counts as its whole span: "2019" is not before 2019-05-15.
    """
    if measure.announced_on is None or when.end >= measure.announced_on:
        return None
    label = dict(MilestoneKind.choices).get(kind, "milestone")
    return f"This {label.lower()} is before the measure was announced ({measure.announced})."


class EventKind(models.TextChoices):
    CONTEXT = "context", "Context"
    RESPONSE = "response", "A company's public response"


class Event(models.Model):
    """
    Dated context that is not a measure: an arrest, a market move, a funding disclosure.

    A company's public response to a measure (a statement, a court challenge)
    is an event of kind "response", linked to the measures it answers and
    cited to where it was said. A title states what happened; a claim made
    by one party is attributed to it in the title.
    """

    Kind = EventKind

    title = models.CharField(
        max_length=300,
        help_text="What happened. Attribute a claim made by one party: “UN Watch: …”.",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CONTEXT)
    slug = models.SlugField(max_length=150, unique=True)
    date = models.DateField()
    date_precision = precision_field("date")
    description = models.TextField()
    companies = models.ManyToManyField(Company, related_name="events", blank=True)
    governments = models.ManyToManyField(Government, related_name="events", blank=True)
    measures = models.ManyToManyField(
        Measure,
        related_name="events",
        blank=True,
        help_text="The measures this event is about (a company's response answers them).",
    )
    sources = models.ManyToManyField(Source, related_name="events")
    quotes = models.ManyToManyField(Quote, related_name="events", blank=True)
    reviewed_on = reviewed_on_field("When an editor last checked these facts against the sources.")

    objects = NaturalKeyManager()
    natural_key = natural_key_of("slug")

    class Meta:
        ordering = ["date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=EventKind.values),
                name="event_kind_valid",
                violation_error_message="Unknown kind of event.",
            ),
            *partial_date_constraints("event", "date"),
        ]

    def __str__(self):
        return f"{self.when}: {self.title}"

    @property
    def when(self):
        return PartialDate(self.date, self.date_precision)

    def clean(self):
        validate_partial_date(self.date, self.date_precision, "date")
