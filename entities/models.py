"""
Who imposes measures and who they target.

A :class:`Government` (a state, or a body like the UN or the EU) belongs to
:class:`Group` s and has :class:`Authority` s, the agencies that act for it.
A :class:`Company` is based in a country (a ``Government``; empty when no source
states it), may have a parent, and carries :class:`Alias` es and :class:`Identifier` s.
"""

from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from core.links import filtered_url
from core.models import (
    NaturalKeyManager,
    NaturalKeyQuerySet,
    Term,
    natural_key_of,
    reviewed_on_field,
)


class Group(Term):
    """A club of governments, such as the Five Eyes or the G7."""

    def get_absolute_url(self):
        return filtered_url("measures:list", group=self.slug)


class GovernmentKind(models.TextChoices):
    STATE = "state", "State"
    SUPRANATIONAL = "supranational", "Supranational union"
    INTERGOVERNMENTAL = "intergovernmental", "Intergovernmental organisation"


class Government(models.Model):
    """A state or a body that imposes measures, named by its ISO 3166 alpha-2 code."""

    Kind = GovernmentKind

    code = models.CharField(
        max_length=2,
        unique=True,
        help_text="ISO 3166-1 alpha-2 code in capitals (CA, US); EU and UN for those bodies.",
    )
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True, help_text="The name in lowercase.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.STATE)
    groups = models.ManyToManyField(Group, related_name="members", blank=True)

    objects = NaturalKeyManager()
    natural_key = natural_key_of("code")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=GovernmentKind.values),
                name="government_kind_valid",
                violation_error_message="Kind must be state, supranational or intergovernmental.",
            ),
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{2}$"),
                name="government_code_two_capitals",
                violation_error_message="The code must be two capital letters (ISO 3166-1).",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("entities:government-detail", kwargs={"slug": self.slug})


class Authority(models.Model):
    """An agency inside a government that imposes measures (BIS, OFAC, ISED...)."""

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="authorities")
    name = models.CharField(max_length=200)
    abbreviation = models.CharField(max_length=30, blank=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    objects = NaturalKeyManager()
    natural_key = natural_key_of("slug")

    class Meta:
        ordering = ["government__name", "name"]
        verbose_name_plural = "authorities"
        constraints = [
            models.UniqueConstraint(
                fields=["government", "name"], name="authority_unique_name_per_government"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name

    def get_absolute_url(self):
        return self.government.get_absolute_url()


# The statuses of measures nobody took (proposed, declined); measures.models.NOT_IMPOSED
# says the same, and a test keeps the two equal.
NOT_IMPOSED_STATUSES = ("proposed", "declined")


class CompanyQuerySet(NaturalKeyQuerySet):
    """
    The tracker's questions about companies.

    Measure counts count the company's targets rows (``measure_targets``),
    named here by relation so this floor needs no import of the measures app.
    """

    def _targets(self):
        """The measures' target rows of the outer company (the measures app's model,
        reached through the relation: this floor imports nothing above it)."""
        targets = self.model._meta.get_field("measure_targets").related_model
        return targets.objects.filter(company=OuterRef("pk")).order_by().values("company")

    def _counted(self, rows, count=None):
        counted = rows.annotate(n=count or Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)

    def at_a_glance(self):
        """
        With their country and measure counts: all, imposed, in force, proposed, declined,
        and the governments that imposed something on them.

        "Imposed" is every status but proposed and declined (the measures app's
        ``MeasureQuerySet.imposed()``, restated here by status name because this
        app may not import that one). Each count is a subquery of the company's own
        rows, so a page of companies costs its page's worth of work, not a pass over
        every company's measures.
        """
        targets = self._targets()
        imposed = targets.exclude(measure__status__in=NOT_IMPOSED_STATUSES)
        return self.select_related("country").annotate(
            measure_count=self._counted(targets),
            imposed_count=self._counted(imposed),
            declined_count=self._counted(targets.filter(measure__status="declined")),
            in_force_count=self._counted(targets.filter(measure__status="in_force")),
            proposed_count=self._counted(targets.filter(measure__status="proposed")),
            government_count=self._counted(imposed, Count("measure__government", distinct=True)),
        )

    def with_status_counts(self, statuses):
        """Annotated with ``<status>_status_count`` for each of ``statuses``."""
        targets = self._targets()
        return self.annotate(
            **{
                f"{status}_status_count": self._counted(targets.filter(measure__status=status))
                for status in statuses
            }
        )

    def targeted(self):
        """Companies that at least one measure targets."""
        targets = self.model._meta.get_field("measure_targets").related_model
        return self.filter(pk__in=targets.objects.values("company"))


class Company(models.Model):
    """A company that measures target; affiliates point at their parent."""

    legal_name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=100, help_text="The name readers know: Huawei, ZTE.")
    slug = models.SlugField(
        max_length=100, unique=True, help_text="The short name in lowercase; part of public URLs."
    )
    country = models.ForeignKey(
        Government,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="companies",
        help_text="Where the company is based; empty when no source states it (the FCC "
        "Covered List names firms without a country).",
    )
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="affiliates",
        help_text="The parent company, for an affiliate or subsidiary.",
    )
    sources = models.ManyToManyField("sources.Source", related_name="companies", blank=True)
    quotes = models.ManyToManyField(
        "sources.Quote",
        related_name="companies",
        blank=True,
        help_text="Words about this company; a quote shows only on the pages it is about.",
    )
    reviewed_on = reviewed_on_field()

    objects = CompanyQuerySet.as_manager()
    natural_key = natural_key_of("slug", dependencies=("entities.government",))

    class Meta:
        ordering = ["short_name"]
        verbose_name_plural = "companies"
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="company_not_its_own_parent",
                violation_error_message="A company cannot be its own parent.",
            ),
        ]

    def __str__(self):
        return self.short_name

    def get_absolute_url(self):
        return reverse("entities:company-detail", kwargs={"slug": self.slug})


class Alias(models.Model):
    """Another name or spelling of a company, found by search."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)

    objects = NaturalKeyManager()
    natural_key = natural_key_of("company__slug", "name", dependencies=("entities.company",))

    class Meta:
        ordering = ["company__short_name", "name"]
        verbose_name_plural = "aliases"
        constraints = [
            models.UniqueConstraint(fields=["company", "name"], name="alias_unique_per_company"),
        ]

    def __str__(self):
        return self.name


class IdentifierScheme(models.TextChoices):
    TICKER = "ticker", "Stock ticker"
    ISIN = "isin", "ISIN"
    LEI = "lei", "LEI"
    REGISTRATION = "registration", "Company registration number"
    USCC = "uscc", "Unified Social Credit Code (China)"


class Identifier(models.Model):
    """A code that names a company in some register: a stock ticker, an ISIN, an LEI."""

    Scheme = IdentifierScheme

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="identifiers")
    scheme = models.CharField(max_length=20, choices=Scheme.choices)
    value = models.CharField(max_length=64)
    note = models.CharField(
        max_length=200, blank=True, help_text="Where it applies, e.g. “Shenzhen Stock Exchange”."
    )

    objects = NaturalKeyManager()
    natural_key = natural_key_of("scheme", "value")

    class Meta:
        ordering = ["company__short_name", "scheme", "value"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "value"], name="identifier_unique_value"),
            models.CheckConstraint(
                condition=Q(scheme__in=IdentifierScheme.values),
                name="identifier_scheme_valid",
                violation_error_message="Unknown identifier scheme.",
            ),
        ]

    def __str__(self):
        return f"{self.get_scheme_display()} {self.value}"
