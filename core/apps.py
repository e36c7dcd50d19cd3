from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared floor: partial dates, bases for admin and API, middleware, tags.

    It imports no app of this project; every app may import it.
    """

    name = "core"
    verbose_name = "Shared floor"

    def ready(self):
        from django.apps import apps
        from django.conf import settings
        from django.db.models.signals import post_migrate

        from . import checks, pagecache, throttle

        checks.register_all()
        throttle.connect_signals()
        # Every write to the site's data gives it a new version (core/pagecache.py).
        for label in getattr(settings, "TRACKER_DATA_APPS", ()):
            pagecache.connect_signals(apps.get_app_config(label).get_models())
        post_migrate.connect(
            lambda **kwargs: pagecache.bump(), weak=False, dispatch_uid="pagecache.migrate"
        )
