from django.apps import AppConfig
from django.db.models.signals import post_migrate


class MeasuresConfig(AppConfig):
    name = "measures"
    verbose_name = "Measures, sources and events"

    def ready(self):
        from .triggers import install_triggers

        post_migrate.connect(install_triggers, sender=self, dispatch_uid="measures.triggers")
