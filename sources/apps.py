from django.apps import AppConfig


class SourcesConfig(AppConfig):
    """Provenance: sources, quotes, official list entries and the runs that import them."""

    name = "sources"
    verbose_name = "Sources and official lists"
