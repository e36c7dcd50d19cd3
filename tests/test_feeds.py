"""The Atom feed of new and changed measures, for any filtered view."""

import re
import xml.etree.ElementTree as ET
from html import unescape

import feedparser
import pytest
from django.urls import resolve, reverse

from measures.models import Measure
from measures.outputs import atom as feeds
from tracker.growth import add_measures

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
ALTERNATE_ATOM = re.compile(
    r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"'
)
# N+1 guard: the measures with their type, government and authority, then their targets.
FEED_QUERIES = 2
# ...and one more to check each model-choice filter's values (here ``company``).
FILTERED_FEED_QUERIES = FEED_QUERIES + 1


def fetch(client, query=""):
    response = client.get(reverse("measures:feed") + query)
    assert response.status_code == 200, response.content
    return response


def test_url_round_trips():
    assert reverse("measures:feed") == "/measures/feed.atom"
    assert resolve("/measures/feed.atom").url_name == "feed"


def test_parses_as_atom_1_0(client, seed):
    response = fetch(client)
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == Measure.objects.count() == 20
    for entry in entries:
        for required in ("id", "title", "updated", "link", "summary"):
            assert entry.find(f"{ATOM}{required}") is not None, required


def test_entries_have_stable_ids_and_updated_times(client, seed):
    first = feedparser.parse(fetch(client).content)
    second = feedparser.parse(fetch(client).content)
    assert [entry.id for entry in first.entries] == [entry.id for entry in second.entries]
    by_id = {entry.id: entry for entry in first.entries}
    measure = Measure.objects.get(slug="uk-5g-ban-huawei")
    entry = by_id["http://testserver/measures/uk-5g-ban-huawei/"]
    assert entry.link == "http://testserver/measures/uk-5g-ban-huawei/"
    assert entry.updated_parsed[:6] == measure.updated_at.utctimetuple()[:6]
    assert entry.published_parsed[:6] == measure.created_at.utctimetuple()[:6]


def test_a_changed_measure_comes_first_with_the_same_id(client, seed):
    measure = Measure.objects.get(slug="china-canola-import-ban")
    measure.summary += " Updated."
    measure.save()
    entries = feedparser.parse(fetch(client).content).entries
    assert entries[0].id == "http://testserver/measures/china-canola-import-ban/"
    assert entries[0].updated_parsed >= entries[1].updated_parsed


def test_a_company_feed_holds_exactly_its_measures(client, seed):
    parsed = feedparser.parse(fetch(client, "?company=hikvision").content)
    slugs = {entry.link.rstrip("/").rsplit("/", 1)[1] for entry in parsed.entries}
    assert slugs == set(
        Measure.objects.filter(targets__slug="hikvision").values_list("slug", flat=True)
    )
    assert "Hikvision" in parsed.feed.title
    assert parsed.feed.link == "http://testserver/measures/?company=hikvision"


def test_the_feed_links_itself_and_its_list(client, seed):
    root = ET.fromstring(fetch(client, "?status=proposed&page=2").content)
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["self"] == "http://testserver/measures/feed.atom?status=proposed&page=2"
    assert links["alternate"] == "http://testserver/measures/?status=proposed"
    assert root.find(f"{ATOM}id").text == links["self"]


def test_text_from_the_database_cannot_run(client, seed):
    Measure.objects.filter(slug="uk-5g-ban-huawei").update(
        title="<b>bold</b> & co", summary="<script>alert(1)</script>"
    )
    response = fetch(client)
    entry = next(
        entry
        for entry in feedparser.parse(response.content).entries
        if entry.link.endswith("/uk-5g-ban-huawei/")
    )
    assert entry.title == "<b>bold</b> & co"  # a text title, shown as written
    assert "<script>" not in entry.summary
    assert "&lt;script&gt;" in entry.summary
    assert b"<script>" not in response.content


def test_the_feed_is_capped(client, seed):
    add_measures(feeds.FEED_SIZE + 5, uniform=True)
    root = ET.fromstring(fetch(client).content)
    assert len(root.findall(f"{ATOM}entry")) == feeds.FEED_SIZE


@pytest.mark.parametrize("query", ["?date_to=2020-02-30", "?government=xx", "?q=" + "x" * 300])
def test_bad_filters_get_a_clear_400(client, seed, query):
    response = client.get("/measures/feed.atom" + query)
    assert response.status_code == 400
    assert query.split("=")[0][1:] in response.content.decode()


def test_a_constant_number_of_queries(client, seed, django_assert_num_queries):
    with django_assert_num_queries(FEED_QUERIES):
        fetch(client)
    with django_assert_num_queries(FILTERED_FEED_QUERIES):
        fetch(client, "?company=huawei")
    add_measures(130, uniform=True)
    with django_assert_num_queries(FEED_QUERIES):
        fetch(client)
    with django_assert_num_queries(FILTERED_FEED_QUERIES):
        fetch(client, "?company=huawei")


@pytest.mark.parametrize(
    ("page", "feed"),
    [
        ("/measures/?company=hikvision&page=1", "/measures/feed.atom?company=hikvision"),
        ("/companies/hikvision/", "/measures/feed.atom?company=hikvision"),
        ("/governments/canada/", "/measures/feed.atom?government=CA"),
    ],
)
def test_pages_advertise_their_feed(client, seed, page, feed):
    html = client.get(page).content.decode()
    links = ALTERNATE_ATOM.findall(html)
    assert [unescape(link) for link in links] == [feed]
    assert client.get(feed).status_code == 200
