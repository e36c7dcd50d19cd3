from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared floor: partial dates, bases for admin and API, middleware, tags.

    It imports no app of this project; every app may import it.
    """

    name = "core"
    verbose_name = "Shared floor"

    def ready(self):
        from . import checks, throttle

        checks.register_all()
        throttle.connect_signals()
