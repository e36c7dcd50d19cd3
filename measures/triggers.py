"""
Database triggers for the one rule a check constraint cannot state: a
milestone never precedes its measure's announcement.

The rule spans two tables, so it is a trigger. A partial date counts as its
whole span ("2019" is not before an announcement on 2019-05-15).

Where they are installed: migration ``0004_milestone_triggers`` creates them,
and ``MeasuresConfig.ready()`` re-creates them after every ``migrate``
(idempotently), because SQLite silently drops a table's triggers whenever a
later migration rebuilds the table. :data:`MESSAGE` is the rule's one
wording: the model's ``clean()`` and the admin show it, not a restatement.
"""

CONSTRAINT_NAME = "milestone_not_before_announcement"
MESSAGE = "A milestone cannot precede the announcement of its measure"

SQLITE = [
    *(
        f"""
        CREATE TRIGGER IF NOT EXISTS milestone_not_before_announcement_{event.lower()}
        BEFORE {event} ON measures_milestone
        FOR EACH ROW WHEN (
            SELECT CASE NEW.date_precision
                WHEN 'year' THEN NEW.date < date(m.announced_on, 'start of year')
                WHEN 'month' THEN NEW.date < date(m.announced_on, 'start of month')
                ELSE NEW.date < m.announced_on END
            FROM measures_measure m WHERE m.id = NEW.measure_id
        )
        BEGIN SELECT RAISE(ABORT, '{CONSTRAINT_NAME}: {MESSAGE}'); END
        """
        for event in ("INSERT", "UPDATE")
    ),
    f"""
    CREATE TRIGGER IF NOT EXISTS measure_announcement_not_after_milestones
    BEFORE UPDATE OF announced_on ON measures_measure
    FOR EACH ROW WHEN EXISTS (
        SELECT 1 FROM measures_milestone s WHERE s.measure_id = NEW.id AND (
            CASE s.date_precision
                WHEN 'year' THEN s.date < date(NEW.announced_on, 'start of year')
                WHEN 'month' THEN s.date < date(NEW.announced_on, 'start of month')
                ELSE s.date < NEW.announced_on END)
    )
    BEGIN SELECT RAISE(ABORT, '{CONSTRAINT_NAME}: {MESSAGE}'); END
    """,
]

_PG_EARLY = """
    CASE {row}.date_precision
        WHEN 'year' THEN {row}.date < date_trunc('year', {announced})::date
        WHEN 'month' THEN {row}.date < date_trunc('month', {announced})::date
        ELSE {row}.date < {announced} END
"""

POSTGRESQL = [
    f"""
    CREATE OR REPLACE FUNCTION milestone_not_before_announcement() RETURNS trigger AS $$
    BEGIN
        IF EXISTS (
            SELECT 1 FROM measures_measure m
            WHERE m.id = NEW.measure_id
              AND {_PG_EARLY.format(row="NEW", announced="m.announced_on")}
        ) THEN
            RAISE EXCEPTION '{CONSTRAINT_NAME}: {MESSAGE}' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE OR REPLACE TRIGGER milestone_not_before_announcement
    BEFORE INSERT OR UPDATE ON measures_milestone
    FOR EACH ROW EXECUTE FUNCTION milestone_not_before_announcement()
    """,
    f"""
    CREATE OR REPLACE FUNCTION measure_announcement_not_after_milestones() RETURNS trigger AS $$
    BEGIN
        IF EXISTS (
            SELECT 1 FROM measures_milestone s
            WHERE s.measure_id = NEW.id
              AND {_PG_EARLY.format(row="s", announced="NEW.announced_on")}
        ) THEN
            RAISE EXCEPTION '{CONSTRAINT_NAME}: {MESSAGE}' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE OR REPLACE TRIGGER measure_announcement_not_after_milestones
    BEFORE UPDATE OF announced_on ON measures_measure
    FOR EACH ROW EXECUTE FUNCTION measure_announcement_not_after_milestones()
    """,
]


def install_triggers(using="default", **kwargs):
    """Create or replace the triggers on the database ``using``; safe to run again."""
    from django.db import connections

    connection = connections[using]
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(connection.vendor, [])
    tables = set(connection.introspection.table_names())
    if not {"measures_measure", "measures_milestone"} <= tables:
        return
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


DROP = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS milestone_not_before_announcement_insert",
        "DROP TRIGGER IF EXISTS milestone_not_before_announcement_update",
        "DROP TRIGGER IF EXISTS measure_announcement_not_after_milestones",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS milestone_not_before_announcement ON measures_milestone",
        "DROP TRIGGER IF EXISTS measure_announcement_not_after_milestones ON measures_measure",
        "DROP FUNCTION IF EXISTS milestone_not_before_announcement()",
        "DROP FUNCTION IF EXISTS measure_announcement_not_after_milestones()",
    ],
}


def remove_triggers(using="default"):
    from django.db import connections

    connection = connections[using]
    with connection.cursor() as cursor:
        for statement in DROP.get(connection.vendor, []):
            cursor.execute(statement)
