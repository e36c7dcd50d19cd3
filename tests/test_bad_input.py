"""
Bad input gets a page that says what was wrong, never a 500, and nothing from
the query string is ever rendered unescaped.
"""

import re
from urllib.parse import urlencode

import pytest

pytestmark = pytest.mark.django_db

HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
FILTER_PARAMS = [
    "company",
    "government",
    "target_country",
    "group",
    "type",
    "status",
    "date_from",
    "date_to",
    "q",
    "sort",
    "page",
]


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def assert_no_raw_markup(response):
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "onerror=alert" not in html.replace("onerror=alert(2)&gt;", "")


def results(response):
    page = response.context.get("page_obj")
    return list(page.object_list) if page else []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"government": "XX"}, "XX is not one of the available choices"),
        ({"company": "no-such-company"}, "no-such-company is not one of the available choices"),
        ({"target_country": "ZZ"}, "ZZ is not one of the available choices"),
        ({"group": "six-eyes"}, "six-eyes is not one of the available choices"),
        ({"type": "naval-blockade"}, "naval-blockade is not one of the available choices"),
        ({"status": "maybe"}, "maybe is not one of the available choices"),
        ({"sort": "shoe-size"}, "shoe-size is not one of the available choices"),
        ({"date_from": "yesterday"}, "is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"),
        ({"date_from": "2019-13"}, "is not a real date"),
        ({"date_to": "2019-02-30"}, "is not a real date"),
        ({"date_to": "2019-01-01T00:00"}, "Use YYYY, YYYY-MM or YYYY-MM-DD"),
        ({"date_from": "2022", "date_to": "2019"}, "The date range is empty"),
        ({"q": "x" * 5000}, "at most 200 characters"),
        ({"q": "null\x00byte"}, "Null characters are not allowed"),
        ({"government": "C\x00A"}, "Null characters are not allowed"),
        ({"government": "Y" * 5000}, "is not one of the available choices"),
    ],
)
def test_bad_filter_values_are_named_beside_their_filter_with_no_results(
    client, seed, params, message
):
    response = client.get("/measures/", params)
    assert response.status_code == 400
    page = text(response)
    assert "Some filters could not be used" in page
    assert message in page
    assert "No results until the filters are corrected" in page
    assert results(response) == []
    # The filter form is still there, with the facets, to correct the mistake.
    assert 'name="government"' in response.content.decode()


def test_one_bad_value_among_good_ones_is_still_refused(client, seed):
    response = client.get("/measures/", {"government": ["CA", "XX"], "status": "in_force"})
    assert response.status_code == 400
    assert "XX is not one of the available choices" in text(response)


@pytest.mark.parametrize(
    ("page", "status", "message"),
    [
        ("999", 404, "There is no page 999: these filters give 1 page of results"),
        ("2", 404, "There is no page 2"),
        ("-1", 400, "Page numbers start at 1"),
        ("0", 400, "Page numbers start at 1"),
        ("abc", 400, "Page numbers are whole numbers"),
        ("1.5", 400, "Page numbers are whole numbers"),
        ("9" * 400, 404, "these filters give 1 page of results"),
    ],
)
def test_bad_page_numbers_say_what_was_wrong(client, seed, page, status, message):
    response = client.get("/measures/", {"government": "US", "page": page})
    assert response.status_code == status
    assert message in text(response)
    assert "Go to the first page" in text(response)
    assert 'href="?government=US"' in response.content.decode()


@pytest.mark.parametrize("param", FILTER_PARAMS)
def test_hostile_markup_in_any_parameter_is_escaped(client, seed, param):
    response = client.get("/measures/", {param: HOSTILE})
    assert response.status_code in (200, 400, 404)
    assert_no_raw_markup(response)


def test_hostile_markup_in_every_parameter_at_once(client, seed):
    response = client.get("/measures/", dict.fromkeys(FILTER_PARAMS, HOSTILE))
    assert response.status_code == 400
    assert_no_raw_markup(response)


def test_hostile_text_query_that_is_valid_is_shown_escaped(client, seed):
    query = "<b>Huawei</b>"
    response = client.get("/measures/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<b>Huawei</b>" not in html
    assert "&lt;b&gt;Huawei&lt;/b&gt;" in html


@pytest.mark.parametrize(
    "path",
    [
        "/search/",
        "/companies/",
        "/matrix/",
        "/deadlines/",
        "/",
        "/governments/",
        "/companies/huawei/",
    ],
)
def test_other_pages_ignore_or_escape_hostile_parameters(client, seed, path):
    response = client.get(path, {"q": HOSTILE, "page": HOSTILE})
    assert response.status_code == 200
    assert_no_raw_markup(response)


def test_a_huge_search_is_cut_down_and_said_so(client, seed):
    response = client.get("/search/", {"q": "huawei " * 1000})
    assert response.status_code == 200
    assert "only the start of yours was used" in text(response)


def test_nul_bytes_in_a_search_are_dropped(client, seed):
    response = client.get("/search/", {"q": "hik\x00vision"})
    assert response.status_code == 200
    assert "Hikvision" in text(response)


def test_too_many_parameters_is_a_clear_400(client, seed):
    query = urlencode([("government", "CA")] * 1500)
    response = client.get(f"/measures/?{query}")
    assert response.status_code == 400
    assert "That request could not be read" in text(response)


@pytest.mark.parametrize(
    "path",
    [
        "/companies/%3Cscript%3E/",
        "/measures/%3Cscript%3Ealert(1)%3C%2Fscript%3E/",
        "/governments/" + "x" * 3000 + "/",
    ],
)
def test_unknown_or_hostile_slugs_are_404s(client, seed, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "<script>" not in response.content.decode()
    assert "Not found" in text(response)


def test_listing_pages_tolerate_bad_page_numbers(client, seed):
    for path in ("/companies/", "/matrix/"):
        for page in ("-3", "abc", "9999"):
            assert client.get(path, {"page": page}).status_code == 200


@pytest.mark.parametrize(
    "path", ["/", "/measures/", "/companies/hikvision/", "/measures/uk-5g-ban-huawei/", "/nope/"]
)
def test_public_pages_forbid_scripts_by_policy(client, seed, path):
    policy = client.get(path)["Content-Security-Policy"]
    assert "script-src 'none'" in policy
    assert "default-src 'self'" in policy


def test_the_admin_and_api_docs_keep_their_scripts(client):
    # They have a policy of their own now, which lets their scripts (our files) run.
    for url in ("/admin/login/", "/api/docs/"):
        policy = client.get(url)["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "script-src 'none'" not in policy
