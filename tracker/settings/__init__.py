"""Settings used when DJANGO_SETTINGS_MODULE is ``tracker.settings``: the base settings."""

from .base import *  # noqa: F403
