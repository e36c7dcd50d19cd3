from django.apps import AppConfig


class EntitiesConfig(AppConfig):
    """Who imposes measures and who they target: governments, groups, agencies, companies."""

    name = "entities"
    verbose_name = "Governments and companies"

    def ready(self):
        from core import history
        from core.text import protect_text_fields

        from .models import Alias, Authority, Company, Government, Group, Identifier

        history.register(Company, owns=("aliases", "identifiers"))
        history.register(Alias, owner="company", row_text=lambda row: row["name"])
        history.register(
            Identifier,
            owner="company",
            row_text=lambda row: (
                f"{row['scheme']} {row['value']}" + (f" ({row['note']})" if row["note"] else "")
            ),
        )
        for model in (Group, Government, Authority):
            history.register(model)
        # Model validation refuses text no document format can carry.
        protect_text_fields(self.get_models())
