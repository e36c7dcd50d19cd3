from django.apps import AppConfig


class SourcesConfig(AppConfig):
    """Provenance: sources, quotes, official list entries and the runs that import them."""

    name = "sources"
    verbose_name = "Sources and official lists"

    def ready(self):
        from core.text import protect_text_fields

        # Model validation refuses text no document format can carry.
        protect_text_fields(self.get_models())
