from django.db import migrations

from core.db import PostgreSQLOnly

# PostgreSQL only: a measure's title, summary and legal basis as one text, with a trigram
# GIN index, so the measures list's ``q`` (and /search/) finds the measures whose text
# holds a word through the index instead of reading every measure's three columns
# (measures/search/engine.py, measure_text_q). The words a reader types hold no spaces,
# so a word is in the joined text exactly when it is in one of the three.
TEXT = """
CREATE OR REPLACE FUNCTION tracker_measure_text(title text, summary text, legal_basis text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT coalesce(title, '') || ' ' || coalesce(summary, '') || ' '
    || coalesce(legal_basis, '') $$;
"""
INDEX = """
CREATE INDEX IF NOT EXISTS measure_text_trgm ON measures_measure
USING gin (tracker_measure_text(title, summary, legal_basis) gin_trgm_ops);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0012_country_total"),
    ]

    operations = [
        PostgreSQLOnly(
            TEXT,
            "DROP FUNCTION IF EXISTS tracker_measure_text(text, text, text);",
        ),
        PostgreSQLOnly(INDEX, "DROP INDEX IF EXISTS measure_text_trgm;"),
    ]
