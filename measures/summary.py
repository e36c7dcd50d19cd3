"""
The measures counted ahead: facets, page counts and the home page's totals at any scale.

:mod:`measures.models.summary` holds the counts; this module keeps them true
and answers from them. They are rebuilt whole (a few ``INSERT … SELECT …
GROUP BY``, about a second at 100,000 measures) the first time they are read
after the data changed, which :func:`core.pagecache.data_version` says: every
write, an editor's save as much as an import, gives the data a new version.
Readers of the same version share one rebuild (a row lock on PostgreSQL, the
write lock on SQLite), and a write during a rebuild leaves the new version
unmatched, so the next reader rebuilds again: the counts are never stale.
"""

from __future__ import annotations

import threading

from django.core.signals import request_started
from django.db import connection, transaction
from django.db.models import IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.pagecache import data_version

from .models import NOT_IMPOSED, Measure, MeasureTarget
from .models.summary import (
    CompanyCell,
    CompanyTotal,
    CountryCell,
    CountryTotal,
    MeasureCell,
    SummaryState,
)

STATE = 1
# The version a request has already found the counts made from, so that a page reading
# them several times asks once. Forgotten at each request's start: the tables can be
# emptied without a write (a migration back and forth, a restore), and the check is cheap.
_confirmed = threading.local()


def forget(**kwargs) -> None:
    """A ``request_started`` receiver: the next read checks the counts again."""
    _confirmed.token = None


request_started.connect(forget, dispatch_uid="measures.summary.forget")


def fresh() -> None:
    """Make the counts those of the data's current version (rebuilding them if not)."""
    token, _ = data_version()
    if getattr(_confirmed, "token", None) == token:
        return
    if SummaryState.objects.filter(pk=STATE, version=token).exists():
        _confirmed.token = token
        return
    with transaction.atomic():
        SummaryState.objects.bulk_create([SummaryState(pk=STATE)], ignore_conflicts=True)
        # Concurrent readers wait here for one rebuild, then find it done.
        state = SummaryState.objects.select_for_update().get(pk=STATE)
        if state.version != token:
            _rebuild()
            SummaryState.objects.filter(pk=STATE).update(version=token, refreshed_at=timezone.now())
    _confirmed.token = token


def _rebuild() -> None:
    measure = Measure._meta.db_table
    target = MeasureTarget._meta.db_table
    company = MeasureTarget._meta.get_field("company").related_model._meta.db_table
    country = Measure._meta.get_field("government").related_model._meta.db_table
    # The statuses in which nothing was imposed, inlined: they are our own constants.
    not_imposed = ", ".join(f"'{status}'" for status in NOT_IMPOSED)
    cell = "government_id, measure_type_id, status"
    summaries = (MeasureCell, CompanyCell, CountryCell, CompanyTotal, CountryTotal)
    tables = [table._meta.db_table for table in summaries]
    postgresql = connection.vendor == "postgresql"
    # Grouped by ids first, the labels joined after: grouping by text is slower.
    by_target = f"""
        SELECT m.government_id, m.measure_type_id, m.status, t.company_id, COUNT(*) AS n
        FROM {target} t JOIN {measure} m ON m.id = t.measure_id
        GROUP BY m.government_id, m.measure_type_id, m.status, t.company_id"""
    if postgresql:
        clear = [f"TRUNCATE {', '.join(tables)}"]
    else:
        clear = [f"DELETE FROM {table}" for table in tables]
    statements = [
        *clear,
        f"""INSERT INTO {MeasureCell._meta.db_table} ({cell}, measures)
            SELECT {cell}, COUNT(*) FROM {measure} GROUP BY {cell}""",
        f"""INSERT INTO {CompanyCell._meta.db_table} ({cell}, company_id, value, label, measures)
            SELECT s.government_id, s.measure_type_id, s.status, s.company_id,
                   c.slug, c.short_name, s.n
            FROM ({by_target}) s JOIN {company} c ON c.id = s.company_id""",
        # Two targets of one measure may share a country: the measure counts once.
        f"""INSERT INTO {CountryCell._meta.db_table} ({cell}, country_id, value, label, measures)
            SELECT s.government_id, s.measure_type_id, s.status, s.country_id, g.code, g.name, s.n
            FROM (
                SELECT m.government_id, m.measure_type_id, m.status, c.country_id,
                       COUNT(DISTINCT m.id) AS n
                FROM {target} t JOIN {measure} m ON m.id = t.measure_id
                JOIN {company} c ON c.id = t.company_id
                GROUP BY m.government_id, m.measure_type_id, m.status, c.country_id
            ) s JOIN {country} g ON g.id = s.country_id""",
        f"""INSERT INTO {CompanyTotal._meta.db_table} (company_id, value, label, measures, imposed)
            SELECT s.company_id, c.slug, c.short_name, s.n, s.imposed
            FROM (
                SELECT t.company_id, COUNT(*) AS n,
                       SUM(CASE WHEN m.status IN ({not_imposed}) THEN 0 ELSE 1 END) AS imposed
                FROM {target} t JOIN {measure} m ON m.id = t.measure_id
                GROUP BY t.company_id
            ) s JOIN {company} c ON c.id = s.company_id""",
    ]
    # Each measure is in one cell: the cells' distinct counts add up to the country's.
    statements.append(
        f"""INSERT INTO {CountryTotal._meta.db_table} (country_id, value, label, measures)
            SELECT country_id, value, label, SUM(measures) FROM {CountryCell._meta.db_table}
            GROUP BY country_id, value, label"""
    )
    if postgresql:
        # Fresh statistics, or the planner guesses a handful of rows and joins badly.
        statements += [f"ANALYZE {table}" for table in tables]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def measures_by_status() -> dict[str, int]:
    """How many measures there are of each status."""
    fresh()
    counts = {}
    for status, measures in MeasureCell.objects.values_list("status", "measures"):
        counts[status] = counts.get(status, 0) + measures
    return counts


def imposing_governments() -> int:
    """How many governments imposed at least one measure."""
    fresh()
    imposed = MeasureCell.objects.exclude(status__in=NOT_IMPOSED)
    return imposed.order_by().values("government").distinct().count()


def targeted_companies() -> int:
    """How many companies at least one imposed measure targets."""
    fresh()
    return CompanyTotal.objects.filter(imposed__gt=0).count()


def most_targeted(count: int):
    """The ids of the ``count`` companies with the most measures imposed on them (a subquery)."""
    fresh()
    ranked = CompanyTotal.objects.filter(imposed__gt=0).order_by("-imposed", "label")
    return ranked.values("company_id")[:count]


def measures_of_government(statuses, *, exclude=False):
    """A subquery: how many measures the outer government took with (or without) ``statuses``."""
    cells = MeasureCell.objects.filter(government=OuterRef("pk"))
    cells = cells.exclude(status__in=statuses) if exclude else cells.filter(status__in=statuses)
    summed = cells.order_by().values("government").annotate(n=Sum("measures")).values("n")
    return Coalesce(Subquery(summed, output_field=IntegerField()), Value(0))
