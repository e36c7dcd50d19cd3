from django.apps import AppConfig
from django.db.models.signals import post_migrate


class MeasuresConfig(AppConfig):
    name = "measures"
    verbose_name = "Measures, sources and events"

    def ready(self):
        from core.text import protect_text_fields

        from .triggers import install_triggers

        # Model validation refuses text no document format can carry.
        protect_text_fields(self.get_models())

        post_migrate.connect(install_triggers, sender=self, dispatch_uid="measures.triggers")
