from django.apps import AppConfig
from django.db.models.signals import post_migrate


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
