"""
Natural keys, declared once for every model.

Fixtures and imports name rows by what they are (a company's slug, a
milestone's measure, kind and date), never by primary key, so loading the
same file twice changes nothing and no file depends on load order. A model
says which fields make its key with :func:`natural_key_of`; its manager (or
queryset) is a :class:`NaturalKeyManager` (:class:`NaturalKeyQuerySet`),
which finds a row by that key.
"""

from django.db import models


def natural_key_of(*paths: str, dependencies: tuple[str, ...] = ()):
    """
    A ``natural_key()`` method reading ``paths`` (``"slug"``, ``"company__slug"``).

    ``dependencies`` names the models whose rows a fixture must load first
    (Django's serializers read them from the method).
    """

    def natural_key(self):
        return tuple(_follow(self, path) for path in paths)

    natural_key.paths = paths
    natural_key.dependencies = list(dependencies)
    return natural_key


def _follow(obj, path: str):
    for name in path.split("__"):
        obj = getattr(obj, name)
    return obj


class NaturalKeyQuerySet(models.QuerySet):
    """Finds a row by the fields its model's ``natural_key`` reads."""

    def get_by_natural_key(self, *key):
        paths = self.model.natural_key.paths
        return self.get(**dict(zip(paths, key, strict=True)))


NaturalKeyManager = models.Manager.from_queryset(NaturalKeyQuerySet, "NaturalKeyManager")


def reviewed_on_field(help_text: str = "") -> models.DateField:
    """When an editor last checked a record's facts against its sources (never set by a load)."""
    return models.DateField(
        "facts last checked",
        null=True,
        blank=True,
        help_text=help_text
        or "When an editor last checked these facts against the sources. Not when the "
        "row was last written: a load or an import is not a review.",
    )


class Term(models.Model):
    """A named term with a slug, such as a group of governments or a type of measure.

    Terms are data, so editors can add them; each names itself by its slug in
    fixtures and public addresses.
    """

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    objects = NaturalKeyManager()
    natural_key = natural_key_of("slug")

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name
