"""
Text that every document format can carry.

XML 1.0 (the Atom feed, the admin's pages), iCalendar (RFC 5545), JSON and
UTF-8 itself each refuse some characters: the C0 control characters other
than tab, newline and carriage return, the noncharacters U+FFFE and U+FFFF,
and lone surrogates (which cannot even be encoded as UTF-8). This module is
the one place that knows them:

- :func:`strip_unstorable` removes them from a string;
- :func:`validate_storable_text` (a Django validator) refuses them with a
  message that names the first one, and :func:`protect_text_fields` adds it to
  every ``CharField`` and ``TextField`` of some models, so model validation
  (the admin, ``full_clean()``) never lets one reach storage;
- :func:`xml_text`, :class:`CleanXMLGenerator` and :class:`SafeAtom1Feed`
  keep an Atom feed well-formed and :func:`ical_text` keeps an iCalendar
  file valid, whatever old rows hold.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.feedgenerator import Atom1Feed
from django.utils.xmlutils import SimplerXMLGenerator

# C0 controls except tab, newline and carriage return; the two noncharacters
# XML 1.0 excludes; every surrogate code point (in a Python str a surrogate is
# always "lone": a well-formed pair is decoded to one character).
UNSTORABLE = "\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff"
UNSTORABLE_RE = re.compile(f"[{UNSTORABLE}]")
# RFC 5545 (3.1, 3.3.11): TEXT may not carry CONTROL (%x00-08 / %x0A-1F / %x7F)
# except the newlines the writer escapes, so DEL goes too.
ICAL_UNSAFE_RE = re.compile(f"[{UNSTORABLE}\x7f]")
NEWLINES_RE = re.compile(r"\r\n?")


def strip_unstorable(text: str) -> str:
    """``text`` without the characters no document format can carry."""
    if not text:
        return text
    return UNSTORABLE_RE.sub("", text)


def has_unstorable(text: str) -> bool:
    return bool(text) and UNSTORABLE_RE.search(text) is not None


def describe_character(char: str) -> str:
    """``U+000B (LINE TABULATION)``: a name an editor can look up."""
    name = unicodedata.name(char, "")
    if not name:
        try:
            name = {0xFFFE: "noncharacter", 0xFFFF: "noncharacter"}[ord(char)]
        except KeyError:
            name = "surrogate" if 0xD800 <= ord(char) <= 0xDFFF else "control character"
    return f"U+{ord(char):04X} ({name})"


@deconstructible
class StorableTextValidator:
    """Refuses text holding a character no document format can carry."""

    message = (
        "This text contains an invisible character that cannot be published: "
        "%(character)s at position %(position)s. Retype the text around it, or paste it "
        "as plain text."
    )
    code = "unstorable_character"

    def __call__(self, value):
        if not isinstance(value, str):
            return
        match = UNSTORABLE_RE.search(value)
        if match:
            raise ValidationError(
                self.message,
                code=self.code,
                params={
                    "character": describe_character(match.group()),
                    "position": match.start() + 1,
                },
            )

    def __eq__(self, other):
        return isinstance(other, StorableTextValidator)

    def __hash__(self):
        return hash(self.code)


validate_storable_text = StorableTextValidator()


def protect_text_fields(models_to_protect) -> None:
    """
    Give every ``CharField`` and ``TextField`` of these models the validator.

    Called from each app's ``AppConfig.ready()`` with its own models. The
    validator goes on the field's validator list (not its constructor
    arguments), so migrations do not change; model validation (the admin,
    ``full_clean()``) then refuses the text with a message on the field.
    """
    for model in models_to_protect:
        for field in model._meta.get_fields():
            is_text = isinstance(field, models.CharField | models.TextField)
            if is_text and not field.choices and validate_storable_text not in field.validators:
                field.validators.append(validate_storable_text)


def xml_text(value) -> str:
    """``value`` as text an XML 1.0 document can carry."""
    if value is None:
        return value
    return strip_unstorable(str(value))


def ical_text(value) -> str:
    """``value`` as RFC 5545 TEXT: newlines kept as ``\\n`` (escaped by the writer), no CONTROL."""
    if value is None:
        return value
    return ICAL_UNSAFE_RE.sub("", NEWLINES_RE.sub("\n", str(value)))


class CleanXMLGenerator(SimplerXMLGenerator):
    """An XML writer that drops characters XML 1.0 cannot carry instead of failing."""

    def characters(self, content):
        super().characters(xml_text(content))

    def startElement(self, name, attrs):  # noqa: N802 (the SAX name)
        super().startElement(name, {key: xml_text(value) for key, value in attrs.items()})


class SafeAtom1Feed(Atom1Feed):
    """Atom 1.0 that stays well-formed whatever the database holds."""

    def write(self, outfile, encoding):
        handler = CleanXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")
