from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


def prepare_search_functions(sender, connection, **kwargs):
    """Search's trigram functions: pg_trgm's thresholds (and no JIT) on PostgreSQL, our
    copies on SQLite."""
    if connection.vendor == "sqlite":
        from core.names import trigram_similarity, trigram_word_similarity

        raw = connection.connection
        raw.create_function("tracker_similarity", 2, trigram_similarity, deterministic=True)
        raw.create_function(
            "tracker_word_similarity", 2, trigram_word_similarity, deterministic=True
        )
    elif connection.vendor == "postgresql":
        from .search.engine import TRIGRAM_SIMILARITY, TRIGRAM_WORD_SIMILARITY

        # JIT compilation off: search's queries are short, and pg_trgm's and the word
        # links' cost estimates made PostgreSQL spend 20-200 ms compiling each of them.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.similarity_threshold', %s, false), "
                "set_config('pg_trgm.word_similarity_threshold', %s, false), "
                "set_config('jit', 'off', false)",
                [str(TRIGRAM_SIMILARITY), str(TRIGRAM_WORD_SIMILARITY)],
            )


class MeasuresConfig(AppConfig):
    """What governments did: measure types, measures, milestones, events, and the outputs."""

    name = "measures"
    verbose_name = "Measures and events"

    def ready(self):
        from core import history
        from core.text import protect_text_fields

        from .models import (
            Event,
            Measure,
            MeasureRelation,
            MeasureTarget,
            MeasureType,
            Milestone,
        )
        from .search.index import connect_signals
        from .triggers import install_triggers

        history.register(Measure, owns=("measure_targets", "milestones", "relations_from"))
        history.register(
            MeasureTarget,
            owner="measure",
            row_text=lambda row: row["company"] + (f" ({row['note']})" if row["note"] else ""),
        )
        history.register(
            Milestone,
            owner="measure",
            row_text=lambda row: f"{row['kind']}, {row['date']}: {row['description']}",
        )
        history.register(
            MeasureRelation,
            owner="from_measure",
            row_label="Related measure",
            row_text=lambda row: f"{row['kind']} “{row['to_measure']}”",
        )
        for model in (MeasureType, Event):
            history.register(model)
        # Model validation refuses text no document format can carry.
        protect_text_fields(self.get_models())
        # SQLite drops a table's triggers when a migration rebuilds the table, so
        # the triggers installed by migration 0004 are re-created after every migrate.
        post_migrate.connect(install_triggers, sender=self, dispatch_uid="measures.triggers")
        # The search table follows every change of a name, alias, identifier or list entry.
        connect_signals()
        connection_created.connect(prepare_search_functions, dispatch_uid="measures.search")
