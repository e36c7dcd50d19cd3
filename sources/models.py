"""
Provenance: the documents the tracker's facts come from.

A :class:`Source` is a published document (a Federal Register notice, an
order, a ministerial statement, an article); measures, events and companies
cite it. A :class:`Quote` keeps words a source reports, with who said them.
"""

import re

from django.db import models
from django.db.models import F, Q

from core.models import NaturalKeyManager, natural_key_of
from core.partial_dates import (
    PartialDate,
    partial_date_constraints,
    precision_field,
    validate_partial_date,
)


class Source(models.Model):
    """A published document that measures, events and companies cite."""

    slug = models.SlugField(
        max_length=120, unique=True, help_text="A stable key: publisher, date and subject."
    )
    publisher = models.CharField(max_length=200)
    author = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=300, help_text="The title, or a description if untitled.")
    published_on = models.DateField("published", null=True, blank=True)
    published_on_precision = precision_field("published")
    url = models.URLField(
        "URL", max_length=500, blank=True, help_text="Leave empty unless the address is known."
    )
    excerpt = models.TextField(blank=True, help_text="A passage worth keeping with the source.")

    objects = NaturalKeyManager()
    natural_key = natural_key_of("slug")

    class Meta:
        # Undated sources last on every database (PostgreSQL would put NULLs first).
        ordering = [models.F("published_on").desc(nulls_last=True), "publisher", "title", "slug"]
        constraints = partial_date_constraints("source", "published_on")

    def __str__(self):
        return f"{self.publisher}: {self.title}"

    @property
    def published(self):
        return PartialDate.from_fields(self.published_on, self.published_on_precision)

    def clean(self):
        validate_partial_date(self.published_on, self.published_on_precision, "published_on")


class Quote(models.Model):
    """Words someone said or wrote, as a source reports them."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="quotes")
    position = models.PositiveSmallIntegerField(default=1, help_text="Order within the source.")
    speaker = models.CharField(max_length=200)
    speaker_role = models.CharField(max_length=200, blank=True)
    text = models.TextField()

    objects = NaturalKeyManager()
    natural_key = natural_key_of("source__slug", "position", dependencies=("sources.source",))

    class Meta:
        ordering = ["source", "position"]
        constraints = [
            models.UniqueConstraint(fields=["source", "position"], name="quote_unique_position"),
        ]

    def __str__(self):
        return f"{self.speaker}: “{self.text[:60]}”"


# Official lists: what each file said, and the runs that read them.


class ImportRun(models.Model):
    """
    One reading of one official list file (``manage.py import_list``).

    Says which file (name or URL) and its sha256, the date the file states
    (or, for files that state none, the latest listing date in them), and
    what the run did to the stored :class:`ListEntry` rows. A refused or
    dry run leaves no row: each run is one transaction.
    """

    list_key = models.CharField(
        "list", max_length=20, help_text="The list's key, e.g. csl, ofac-sdn, fcc-covered."
    )
    location = models.CharField(
        "file or URL", max_length=1000, help_text="The file name(s) or address read."
    )
    sha256 = models.CharField("SHA-256", max_length=64)
    file_date = models.DateField(
        "file's date",
        null=True,
        blank=True,
        help_text="The date the file states; when it states none, its latest listing date.",
    )
    file_date_stated = models.BooleanField(
        default=True, help_text="False when the date is the latest listing date in the file."
    )
    forced = models.BooleanField(default=False, help_text="Run with --force.")
    same_file_as = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="An earlier run of byte-identical content: nothing was read again.",
    )
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0, help_text="Entries new to the tracker.")
    updated = models.PositiveIntegerField(default=0, help_text="Entries whose content changed.")
    unchanged = models.PositiveIntegerField(default=0)
    relisted = models.PositiveIntegerField(default=0, help_text="Entries back after a delisting.")
    delisted = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0, help_text="Rows read but not entries.")
    rejected = models.PositiveIntegerField(default=0, help_text="Malformed rows, not read.")
    companies_created = models.PositiveIntegerField(default=0)
    companies_matched = models.PositiveIntegerField(default=0)
    sent_to_review = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["list_key", "-started_at"])]

    def __str__(self):
        return f"{self.list_key} import of {self.started_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("lists:index") + f"#list-{self.list_key}"


class RejectedRow(models.Model):
    """A row of a file that an :class:`ImportRun` could not read, and why."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="rejected_rows")
    line = models.PositiveIntegerField(help_text="Where the row starts in the file (1 = first).")
    reason = models.CharField(max_length=500)
    excerpt = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["run", "line"]

    def __str__(self):
        return f"line {self.line}: {self.reason}"


class EntryKind(models.TextChoices):
    ENTITY = "entity", "Entity"
    INDIVIDUAL = "individual", "Individual"
    VESSEL = "vessel", "Vessel"
    AIRCRAFT = "aircraft", "Aircraft"
    UNKNOWN = "unknown", "Not stated"


class ListEntryQuerySet(models.QuerySet):
    def listed(self):
        """Entries on their list today (as of the last file read)."""
        return self.filter(delisted_on__isnull=True)

    def delisted(self):
        return self.filter(delisted_on__isnull=False)


class ListEntry(models.Model):
    """
    One entry of one official list, as the list states it (the list owns every field).

    Kept whether or not it concerns a tracked company. ``(list_key,
    entry_id)`` is its key across files; ``content_hash`` says whether a
    newer file changed it. A delisted entry keeps its row with
    ``delisted_on``; its :class:`ListingPeriod` s say when it was listed.
    """

    Kind = EntryKind

    list_key = models.CharField("list", max_length=20)
    entry_id = models.CharField("id on the list", max_length=100)
    source_list = models.CharField(
        "list within the file", max_length=200, blank=True, help_text="EL, SDN, CMIC, DPL..."
    )
    kind = models.CharField(max_length=12, choices=EntryKind.choices)
    name = models.CharField(max_length=500)
    aliases = models.JSONField(default=list, blank=True)
    addresses = models.JSONField(default=list, blank=True)
    countries = models.JSONField(default=list, blank=True, help_text="ISO 3166 codes.")
    identifiers = models.JSONField(default=list, blank=True, help_text="[scheme, value] pairs.")
    programs = models.JSONField(default=list, blank=True)
    listed_on = models.DateField("listing date", null=True, blank=True)
    listed_on_precision = models.CharField(max_length=5, blank=True)
    end_date = models.DateField("end date the list states", null=True, blank=True)
    federal_register = models.CharField("Federal Register citation", max_length=300, blank=True)
    license_requirement = models.TextField("licence requirement", blank=True)
    license_policy = models.TextField("licence policy", blank=True)
    remarks = models.TextField(blank=True)
    source_url = models.URLField("official page", max_length=500, blank=True)
    parent_name = models.CharField(
        max_length=500, blank=True, help_text="The parent the list names for an affiliate."
    )
    raw = models.JSONField(default=dict, blank=True, help_text="The row as the file has it.")
    content_hash = models.CharField(max_length=64)
    row_hash = models.CharField(
        max_length=64,
        blank=True,
        help_text="Fingerprint of the source row and the parser's version: the same row "
        "in the next file is unchanged without being parsed again (empty: not fingerprinted).",
    )
    first_run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="first_entries")
    last_run = models.ForeignKey(
        ImportRun,
        on_delete=models.PROTECT,
        related_name="seen_entries",
        help_text="The last run whose file had this entry.",
    )
    delisted_on = models.DateField(
        null=True, blank=True, help_text="Set when a newer file no longer has the entry."
    )

    objects = ListEntryQuerySet.as_manager()

    class Meta:
        ordering = ["list_key", "name"]
        verbose_name_plural = "list entries"
        constraints = [
            models.UniqueConstraint(fields=["list_key", "entry_id"], name="list_entry_unique_id"),
            models.CheckConstraint(
                condition=Q(kind__in=EntryKind.values),
                name="list_entry_kind_valid",
                violation_error_message="Unknown kind of list entry.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.source_list or self.list_key})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("lists:index") + f"#list-{self.list_key}"

    @property
    def is_listed(self):
        return self.delisted_on is None

    @property
    def citation_url(self):
        """The Federal Register's page for the citation, when it is one ("81 FR 12004")."""
        return federal_register_url(self.federal_register)


_FR_CITATION = re.compile(r"(\d+)\s*F\.?\s*R\.?\s*(\d+)")


def federal_register_url(citation: str) -> str:
    match = _FR_CITATION.search(citation or "")
    if not match:
        return ""
    return f"https://www.federalregister.gov/citation/{match[1]}-FR-{match[2]}"


class ListingPeriod(models.Model):
    """
    When a :class:`ListEntry` was on its list: from ``start`` until ``end`` (open while listed).

    A delisted entry that comes back gets a second period; both are kept.
    """

    entry = models.ForeignKey(ListEntry, on_delete=models.CASCADE, related_name="periods")
    start = models.DateField(null=True, blank=True, help_text="The listing date, if stated.")
    end = models.DateField(null=True, blank=True)
    started_run = models.ForeignKey(
        ImportRun, on_delete=models.PROTECT, related_name="started_periods"
    )
    ended_run = models.ForeignKey(
        ImportRun,
        on_delete=models.PROTECT,
        related_name="ended_periods",
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["entry", "start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=F("start")),
                name="listing_period_end_not_before_start",
                violation_error_message="A listing cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.entry}: {self.start or '?'}–{self.end or ''}"
