"""
Counts of measures kept ready for the facets, the list's page count and the home page.

Counting 100,000 measures by government, type, status, target and target's
country on every request costs hundreds of milliseconds; these tables hold
the same counts grouped by the three columns a reader filters on most
(government, type, status), so a facet over any choice of those is a sum over
a few hundred rows. They are derived data: :mod:`measures.summary` rebuilds
them whole, in one transaction, the first time they are read after a write
(the data version of :mod:`core.pagecache` says when), never saved one by one.
"""

from django.db import models

from entities.models import Company, Government

from .record import MeasureType, Status


def derived_key(model):
    """
    A key of a derived row, rebuilt whole: no constraint to check on every insert, and
    none to stop an editor deleting a company or a type that the last counts still name.
    """
    return models.ForeignKey(
        model, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False, db_index=False
    )


def derived_owner(model):
    """The key of a derived table holding one row per ``model`` row (unconstrained, as above)."""
    return models.OneToOneField(
        model, on_delete=models.DO_NOTHING, related_name="+", primary_key=True, db_constraint=False
    )


class SummaryState(models.Model):
    """The one row saying which data version the counts were made from."""

    version = models.CharField(max_length=80, blank=True)
    refreshed_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = "summary state"

    def __str__(self):
        return f"counts of data version {self.version or '(none)'}"


class Cell(models.Model):
    """A group of measures sharing government, type and status: the summary's grain."""

    government = derived_key(Government)
    measure_type = derived_key(MeasureType)
    status = models.CharField(max_length=20, choices=Status.choices)
    measures = models.PositiveIntegerField()

    class Meta:
        abstract = True

    @property
    def cell(self):
        return f"{self.government_id}/{self.measure_type_id}/{self.status}"


class MeasureCell(Cell):
    """How many measures one government imposed of one type with one status."""

    class Meta:
        indexes = [models.Index(fields=["measure_type", "government"], name="cell_type_gov")]

    def __str__(self):
        return f"{self.cell}: {self.measures}"


class CompanyCell(Cell):
    """How many measures of a cell target a company."""

    company = derived_key(Company)
    # The facet's value and label, copied so that counting needs no join.
    value = models.CharField(max_length=100)
    label = models.CharField(max_length=100)

    class Meta:
        indexes = [
            models.Index(fields=["government", "measure_type"], name="company_cell_gov_type"),
            models.Index(fields=["measure_type", "government"], name="company_cell_type_gov"),
        ]

    def __str__(self):
        return f"{self.cell}, company {self.company_id}: {self.measures}"


class CountryCell(Cell):
    """How many measures of a cell target at least one company based in a country."""

    country = derived_key(Government)
    value = models.CharField(max_length=10)
    label = models.CharField(max_length=200)

    class Meta:
        indexes = [
            models.Index(fields=["government", "measure_type"], name="country_cell_gov_type")
        ]

    def __str__(self):
        return f"{self.cell}, country {self.country_id}: {self.measures}"


class CompanyTotal(models.Model):
    """Every measure against a company, and how many of them were imposed."""

    company = derived_owner(Company)
    value = models.CharField(max_length=100)
    label = models.CharField(max_length=100)
    measures = models.PositiveIntegerField()
    imposed = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["-measures", "label"], name="company_total_measures"),
            models.Index(fields=["-imposed", "label"], name="company_total_imposed"),
            models.Index(fields=["label", "company"], name="company_total_label"),
        ]

    def __str__(self):
        return f"company {self.company_id}: {self.measures} ({self.imposed} imposed)"


class CountryTotal(models.Model):
    """How many measures target at least one company based in a country."""

    country = derived_owner(Government)
    value = models.CharField(max_length=10)
    label = models.CharField(max_length=200)
    measures = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["-measures", "label"], name="country_total_measures")]

    def __str__(self):
        return f"country {self.country_id}: {self.measures}"
