from django.apps import AppConfig


class SourcesConfig(AppConfig):
    """Provenance: sources, quotes, official list entries and the runs that import them."""

    name = "sources"
    verbose_name = "Sources and official lists"

    def ready(self):
        from core import history
        from core.text import protect_text_fields

        from .models import Quote, Source

        history.register(Source, owns=("quotes",))
        history.register(
            Quote, owner="source", row_text=lambda row: f"{row['speaker']}: “{row['text']}”"
        )
        # Model validation refuses text no document format can carry.
        protect_text_fields(self.get_models())
