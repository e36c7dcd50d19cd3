"""
The search table: every name, alias and identifier by which a company or a list entry is found.

Derived data, rebuilt from the records by :mod:`measures.search.index` (the one
module that writes it) whenever a company, alias, identifier, list entry or
list match changes, and by ``manage.py rebuild_search_index``. The forms
compared (``key``, ``compact``, ``bag``) are those of :mod:`core.names`.

On PostgreSQL, migration ``0007`` adds a trigram GIN index on ``key`` (pg_trgm:
misspellings and substrings) and a pattern index for prefixes; on SQLite the
same columns are read by plain B-tree indexes and a full scan for near spellings.
"""

from django.db import models
from django.db.models import Q

from entities.models import Company
from sources.models import ListEntry


class NameKind(models.TextChoices):
    NAME = "name", "Name"
    ALIAS = "alias", "Alias"
    IDENTIFIER = "identifier", "Identifier"


class SearchName(models.Model):
    """One name, alias or identifier of a tracked company or of an official list entry."""

    Kind = NameKind

    company = models.ForeignKey(
        Company,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="The tracked company named (for a list entry: the company it was matched to).",
    )
    entry = models.ForeignKey(
        ListEntry,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="The official list entry this names, when it comes from a list.",
    )
    kind = models.CharField(max_length=12, choices=NameKind.choices)
    label = models.CharField(
        max_length=100, help_text="What this text is: “legal name”, “alias”, “USCC”, “CSL id”."
    )
    text = models.CharField(max_length=500, help_text="The name or identifier as written.")
    key = models.CharField(max_length=500, help_text="Normal form: words in order.")
    compact = models.CharField(max_length=500, db_index=True, help_text="Normal form, no spaces.")
    bag = models.CharField(max_length=500, db_index=True, help_text="Normal form, words sorted.")
    anagram = models.CharField(
        max_length=500, db_index=True, help_text="Normal form, letters sorted (swapped letters)."
    )

    class Meta:
        ordering = ["kind", "key"]
        indexes = [models.Index(fields=["key"], name="search_name_key")]
        constraints = [
            models.CheckConstraint(
                condition=Q(company__isnull=False) | Q(entry__isnull=False),
                name="search_name_names_something",
                violation_error_message="A search name names a company or a list entry.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=NameKind.values),
                name="search_name_kind_valid",
                violation_error_message="Unknown kind of search name.",
            ),
        ]

    def __str__(self):
        return f"{self.label}: {self.text}"

    def get_absolute_url(self):
        if self.company_id:
            return self.company.get_absolute_url()
        return self.entry.get_absolute_url()
