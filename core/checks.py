"""
System checks for a production configuration (``manage.py check --deploy``).

Django's own ``security.W009`` only warns about a weak key; a site that runs
on the key published in its own repository is broken, so here it is an error.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register

# Django's own bar for a strong key (django.core.checks.security.base).
MIN_SECRET_KEY_LENGTH = 50
MIN_SECRET_KEY_UNIQUE_CHARACTERS = 5
INSECURE_PREFIX = "django-insecure-"


def secret_key_problem(key, development_key=None) -> str | None:
    """Why ``key`` cannot be used in production, or None."""
    if not key:
        return "SECRET_KEY is empty."
    if development_key and key == development_key:
        return "SECRET_KEY is the published development key (DJANGO_SECRET_KEY is not set)."
    if key.startswith(INSECURE_PREFIX):
        return "SECRET_KEY is a development key (it starts with 'django-insecure-')."
    if len(key) < MIN_SECRET_KEY_LENGTH or len(set(key)) < MIN_SECRET_KEY_UNIQUE_CHARACTERS:
        return (
            f"SECRET_KEY is too weak: use at least {MIN_SECRET_KEY_LENGTH} characters, "
            f"{MIN_SECRET_KEY_UNIQUE_CHARACTERS} of them different."
        )
    return None


def check_secret_key(app_configs, **kwargs):
    """core.E001: production (DEBUG off) refuses a development or weak SECRET_KEY."""
    if settings.DEBUG:
        return []
    problem = secret_key_problem(
        getattr(settings, "SECRET_KEY", ""), getattr(settings, "DEVELOPMENT_SECRET_KEY", None)
    )
    if problem is None:
        return []
    return [
        Error(
            problem,
            hint="Set DJANGO_SECRET_KEY to a long random value, e.g. the output of "
            'python -c "import secrets; print(secrets.token_urlsafe(50))".',
            id="core.E001",
        )
    ]


def register_all():
    """Called from ``CoreConfig.ready()``."""
    register(check_secret_key, Tags.security, deploy=True)
