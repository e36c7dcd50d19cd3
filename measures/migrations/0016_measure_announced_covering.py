from django.db import migrations

from core.db import PostgreSQLOnly

# PostgreSQL only: the announcement date with the columns the measure-level facets group by
# (and the id they count), so a date-filtered list counts its governments, groups, types and
# statuses from this index alone. At 100,000 measures, "announced from 2024" (20,000 rows):
# each of those facets 6-8 ms instead of 16-23, the page count 3 ms instead of 11. SQLite has
# no INCLUDE and keeps the plain index on announced_on.
INDEX = """
CREATE INDEX IF NOT EXISTS measure_announced_covering ON measures_measure
(announced_on, announced_on_precision) INCLUDE (government_id, measure_type_id, status, id);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0015_milestone_index_with_precision"),
    ]

    operations = [
        PostgreSQLOnly(INDEX, "DROP INDEX IF EXISTS measure_announced_covering;"),
    ]
