"""
How official list entries reach the tracker's companies and measures.

An :class:`EntryMatch` says which company a :class:`~sources.models.ListEntry`
is (found by identifier or name, created from the list, or waiting for an
editor's review). A :class:`ListedAct` is one government's listing act as
the lists record it (same list, same Federal Register notice or listing
date), tied to the :class:`~measures.models.Measure` that tells it; a
:class:`TargetListing` is the list entry behind one target of that measure.

Who owns what: the lists own :class:`~sources.models.ListEntry` rows and
these links. Editors own companies and measures: an import writes a
measure's title, summary and legal basis only while they still read what
the import last wrote (``ListedAct.imported_*``), and never renames,
re-describes or re-parents a company an editor has touched; it only adds
identifiers, targets and sources, and lifts or restores a measure that it
alone made lifted.
"""

from django.db import models
from django.db.models import Q

from entities.models import Company, Government
from sources.models import ListEntry, Source

from .record import Measure, MeasureTarget, MeasureType


class MatchStatus(models.TextChoices):
    IDENTIFIER = "identifier", "Matched by identifier"
    NAME = "name", "Matched by name and country"
    CREATED = "created", "New company from the list"
    REVIEW = "review", "Waiting for an editor"
    EDITOR = "editor", "Decided by an editor"


class EntryMatchQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status=MatchStatus.REVIEW)


class EntryMatch(models.Model):
    """Which tracked company a list entry is; uncertain ones wait for an editor."""

    Status = MatchStatus

    entry = models.OneToOneField(ListEntry, on_delete=models.CASCADE, related_name="match")
    company = models.ForeignKey(
        Company,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="list_matches",
        help_text="The company this entry is; empty while it waits for review.",
    )
    status = models.CharField(max_length=12, choices=MatchStatus.choices)
    candidate = models.ForeignKey(
        Company,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The company the entry may be (review only).",
    )
    country = models.ForeignKey(
        Government,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Where a new company would be based, when the list does not say.",
    )
    reason = models.CharField(max_length=500, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = EntryMatchQuerySet.as_manager()

    class Meta:
        ordering = ["status", "entry__name"]
        verbose_name = "list entry match"
        verbose_name_plural = "list entry matches (review queue)"
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MatchStatus.values),
                name="entry_match_status_valid",
                violation_error_message="Unknown match status.",
            ),
            models.CheckConstraint(
                condition=Q(status="review") | Q(company__isnull=False),
                name="entry_match_company_unless_review",
                violation_error_message="Only an entry waiting for review may have no company.",
            ),
        ]

    def __str__(self):
        return f"{self.entry.name} → {self.company or self.candidate or '?'}"

    def get_absolute_url(self):
        return self.company.get_absolute_url() if self.company else self.entry.get_absolute_url()


class ListedAct(models.Model):
    """One listing act (a list, a date, a citation) and the measure that tells it."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="listed_acts")
    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    measure_type = models.ForeignKey(MeasureType, on_delete=models.PROTECT, related_name="+")
    listed_on = models.DateField()
    citation = models.CharField(max_length=300, blank=True)
    source = models.ForeignKey(Source, on_delete=models.SET_NULL, null=True, related_name="+")
    created_measure = models.BooleanField(
        default=False, help_text="The import made the measure (else it enriches an editor's)."
    )
    imported_title = models.CharField(max_length=300, blank=True)
    imported_summary = models.TextField(blank=True)
    imported_legal_basis = models.CharField(max_length=300, blank=True)
    lifted_by_import = models.BooleanField(default=False)

    class Meta:
        ordering = ["-listed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["government", "measure_type", "listed_on", "citation"],
                name="listed_act_unique",
            ),
        ]

    def __str__(self):
        return f"{self.measure_type} {self.listed_on} {self.citation}".strip()

    def get_absolute_url(self):
        return self.measure.get_absolute_url()


class TargetListing(models.Model):
    """The list entry behind one target of a measure."""

    target = models.ForeignKey(MeasureTarget, on_delete=models.CASCADE, related_name="listings")
    entry = models.ForeignKey(ListEntry, on_delete=models.CASCADE, related_name="target_listings")

    class Meta:
        ordering = ["target", "entry"]
        constraints = [
            models.UniqueConstraint(fields=["target", "entry"], name="target_listing_unique"),
        ]

    def __str__(self):
        return f"{self.target} ← {self.entry}"

    def get_absolute_url(self):
        return self.target.measure.get_absolute_url()


def target_delisted_on(listings):
    """When a target left its lists: the last delisting, if every entry behind it is gone."""
    dates = [listing.entry.delisted_on for listing in listings]
    if not dates or any(date is None for date in dates):
        return None
    return max(dates)
