"""
Text no document format can carry: refused by model validation, and never able
to break an output (Atom, iCalendar) when an old row or a query holds it.
"""

import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.core.exceptions import ValidationError
from icalendar import Calendar

from core.text import (
    ical_text,
    strip_unstorable,
    validate_storable_text,
)
from measures.models import Measure
from tracker.factories import CompanyFactory, MeasureFactory, MilestoneFactory

pytestmark = pytest.mark.django_db

# What an editor's paste or an old import can leave in a row.
BAD_TEXT = "Vertical\x0btab, form\x0cfeed, bell\x07, NUL-free\x1f and \ufffe\uffff end"


def test_strip_unstorable_keeps_what_documents_carry():
    assert strip_unstorable(BAD_TEXT) == "Verticaltab, formfeed, bell, NUL-free and  end"
    assert strip_unstorable("tab\tnewline\ncr\r é 中 😀") == "tab\tnewline\ncr\r é 中 😀"
    assert strip_unstorable("lone \ud800 surrogate") == "lone  surrogate"
    assert strip_unstorable("") == ""


def test_the_validator_names_the_character():
    with pytest.raises(ValidationError) as caught:
        validate_storable_text("ab\x0bc")
    message = caught.value.messages[0]
    assert "U+000B (control character)" in message
    assert "position 3" in message
    validate_storable_text("fine\ttext\n")


def test_ical_text_has_no_control_characters():
    assert ical_text("a\r\nb\rc\x7fd\x0be") == "a\nb\ncde"


def test_model_validation_refuses_control_characters():
    measure = MeasureFactory()
    measure.summary = "Bad\x0b summary"
    measure.title = "Bad \uffff title"
    with pytest.raises(ValidationError) as caught:
        measure.full_clean()
    assert set(caught.value.message_dict) >= {"summary", "title"}
    assert "U+000B" in caught.value.message_dict["summary"][0]


def test_company_names_are_protected_too():
    company = CompanyFactory.build(short_name="Hua\x01wei")
    with pytest.raises(ValidationError) as caught:
        company.full_clean(exclude=["country", "slug"])
    assert "short_name" in caught.value.message_dict


def stored_badly(**fields):
    """A measure saved without validation, as an old row or a raw import would be."""
    measure = MeasureFactory()
    Measure.objects.filter(pk=measure.pk).update(**fields)
    return measure


def test_the_feed_stays_well_formed_with_control_characters_stored(client):
    stored_badly(summary=BAD_TEXT, title="Title\x0b with \ufffe")
    response = client.get("/measures/feed.atom")
    assert response.status_code == 200
    ET.fromstring(response.content)  # well-formed XML 1.0
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.entries[0].title.strip() == "Title with"
    assert "\x0b" not in response.content.decode()
    assert "\ufffe" not in response.content.decode()


@pytest.mark.parametrize("query", ["q=%01", "q=%0B", "q=%EF%BF%BE", "q=%EF%BF%BF", "q=a%1Fb"])
def test_a_control_character_in_the_query_does_not_break_the_feed(client, query):
    MeasureFactory()
    response = client.get(f"/measures/feed.atom?{query}")
    assert response.status_code == 200
    ET.fromstring(response.content)


def test_the_calendar_carries_no_control_characters(client, empty_db):
    measure = stored_badly(title="Deadline\x0b title\x7f")
    milestone = MilestoneFactory(measure=measure)
    type(milestone).objects.filter(pk=milestone.pk).update(description="Do\x01 it\x1b now")
    response = client.get("/deadlines.ics")
    assert response.status_code == 200
    body = response.content.decode()
    for line in body.split("\r\n"):
        assert not any(ord(char) < 32 and char != "\t" or char == "\x7f" for char in line), line
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Deadline: Deadline title"
    assert str(event["DESCRIPTION"]).startswith("Do it now\n\n")
