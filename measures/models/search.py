"""
The search table: every name, alias and identifier by which a company or a list entry is found.

Derived data, rebuilt from the records by :mod:`measures.search.index` (the one
module that writes it) whenever a company, alias, identifier, list entry or
list match changes, and by ``manage.py rebuild_search_index``. The forms
compared (``key``, ``compact``, ``bag``) are those of :mod:`core.names`.

Exact forms, prefixes and identifiers are read through B-tree indexes (on
PostgreSQL, migration ``0007`` adds pattern indexes for prefixes). Near
spellings are looked for word by word (migration ``0010``): among the distinct
words of all names (:class:`SearchWord`, a small table with a trigram GIN
index on PostgreSQL, scanned on SQLite), then through :class:`SearchNameWord`
to the names that hold those words. Generated and real Chinese names share
trigrams with thousands of others, so looking for near spellings over whole
names read tens of thousands of rows a query; over distinct words it reads a few.
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
    compact = models.CharField(max_length=500, help_text="Normal form, no spaces.")
    bag = models.CharField(max_length=500, help_text="Normal form, words sorted.")
    anagram = models.CharField(
        max_length=500, help_text="Normal form, letters sorted (swapped letters)."
    )

    class Meta:
        ordering = ["kind", "key"]
        # Plain B-trees: the forms are compared whole. (A field's db_index would add, on
        # PostgreSQL, a varchar_pattern_ops twin for LIKE that bag and anagram never use and
        # compact already has in search_name_compact_prefix, migration 0007: three indexes
        # each import would keep up for nothing.)
        indexes = [
            models.Index(fields=["key"], name="search_name_key"),
            models.Index(fields=["compact"], name="search_name_compact"),
            models.Index(fields=["bag"], name="search_name_bag"),
            models.Index(fields=["anagram"], name="search_name_anagram"),
        ]
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


class SearchWord(models.Model):
    """One distinct word of the names in the search table: where near spellings are looked for.

    Written with the names (:mod:`measures.search.index`); a word no name holds any
    more leads nowhere and is dropped by ``rebuild_search_index``.
    """

    word = models.CharField(max_length=100, unique=True, help_text="A word of a name's key.")
    names = models.PositiveIntegerField(
        default=0,
        help_text="How many search names hold it: which typed word is the rarest, so the "
        "one to look for first. Kept by measures.search.index (a name deleted with its "
        "company is not counted off until the next rebuild).",
    )

    class Meta:
        ordering = ["word"]

    def __str__(self):
        return self.word


class SearchNameWord(models.Model):
    """That a search name holds a word: from a word found, to the names holding it."""

    # Indexed by the unique constraint, which begins with it.
    name = models.ForeignKey(
        SearchName, on_delete=models.CASCADE, related_name="words", db_index=False
    )
    word = models.CharField(max_length=100, help_text="A word of the name's key.")
    name_length = models.PositiveSmallIntegerField(
        help_text="Letters in the whole name (its compact form): of two names holding the "
        "same words, the shorter is nearer."
    )

    class Meta:
        ordering = ["word", "name"]
        # From words to names, read from the index alone.
        indexes = [
            models.Index(fields=["word", "name_length", "name"], name="search_name_word_word")
        ]
        constraints = [
            models.UniqueConstraint(fields=["name", "word"], name="search_name_word_once"),
        ]

    def __str__(self):
        return f"{self.word} in {self.name_id}"
