from django.apps import AppConfig


class EntitiesConfig(AppConfig):
    name = "entities"
    verbose_name = "Governments and companies"

    def ready(self):
        from core.text import protect_text_fields

        # Model validation refuses text no document format can carry.
        protect_text_fields(self.get_models())
