"""
Provenance: the documents the tracker's facts come from.

A :class:`Source` is a published document (a Federal Register notice, an
order, a ministerial statement, an article); measures, events and companies
cite it. A :class:`Quote` keeps words a source reports, with who said them.
"""

from django.db import models

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
        ordering = ["-published_on", "publisher", "title"]
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
