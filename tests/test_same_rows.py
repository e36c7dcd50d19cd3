"""
The CSV export, the API and the Atom feed answer with exactly the rows of the HTML list.

All four read the query string through ``MeasureFilter``; these tests hold
them to it on the seed, for several combinations of filters. The CSV and the
API keep the list's order; the feed orders by last change, so it is compared
as a set.
"""

import csv
import io
import re

import feedparser
import pytest

pytestmark = pytest.mark.django_db

QUERIES = [
    "",
    "company=hikvision",
    "company=huawei&status=in_force",
    "company=huawei&company=zte&government=ca",
    "government=us&date_from=2019&date_to=2020",
    "government=US&type=entity-list",
    "group=five-eyes&type=5g-network-ban",
    "target_country=cn&sort=title",
    "target_country=CN&sort=-announced",
    "status=proposed&status=lifted",
    "date_from=2022-05",
    "date_to=2019-05-15&sort=government",
    "q=huawei&government=ca&government=gb",
    "q=entity list",
    "type=import-ban&company=huawei",
]
LIST_ITEM = re.compile(r'class="measure-item__title" href="/measures/([^/"]+)/"')


def html_list(client, query):
    """Slugs of the measures list page, page after page."""
    slugs, page = [], 1
    while True:
        response = client.get(f"/measures/?{query}&page={page}")
        found = LIST_ITEM.findall(response.content.decode())
        if response.status_code == 404 or not found:
            assert response.status_code in (200, 404), response.status_code
            return slugs
        assert response.status_code == 200
        slugs.extend(found)
        page += 1


def csv_rows(client, query):
    response = client.get(f"/measures/export.csv?{query}")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    return [row["slug"] for row in csv.DictReader(io.StringIO(body))]


def api_rows(client, query):
    slugs, url = [], f"/api/measures/?{query}"
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        page = response.json()
        slugs.extend(item["slug"] for item in page["results"])
        url = page["next"]
    return slugs


def feed_rows(client, query):
    response = client.get(f"/measures/feed.atom?{query}")
    assert response.status_code == 200
    return {
        entry.link.rstrip("/").rsplit("/", 1)[1]
        for entry in feedparser.parse(response.content).entries
    }


@pytest.mark.parametrize("query", QUERIES)
def test_csv_api_and_feed_answer_with_the_rows_of_the_list(client, seed, query):
    listed = html_list(client, query)
    assert len(listed) == len(set(listed))
    assert csv_rows(client, query) == listed
    assert api_rows(client, query) == listed
    assert feed_rows(client, query) == set(listed)


def test_the_queries_are_not_trivial(client, seed):
    """The combinations above narrow the seed in different ways, and some find nothing."""
    counts = {query: len(html_list(client, query)) for query in QUERIES}
    assert counts[""] == 20
    narrowed = {count for query, count in counts.items() if query}
    assert len(narrowed) >= 4
    assert all(count < 20 for query, count in counts.items() if query and "sort" not in query)


def test_bad_input_is_refused_everywhere(client, seed):
    for query in ("date_from=2020-13", "company=nobody", "status=gone"):
        assert client.get(f"/measures/?{query}").status_code == 400
        assert client.get(f"/measures/export.csv?{query}").status_code == 400
        assert client.get(f"/api/measures/?{query}").status_code == 400
        assert client.get(f"/measures/feed.atom?{query}").status_code == 400
