"""
Property-based fuzzing of every public URL and filter parameter (Hypothesis).

Query strings are built raw, so what reaches Django includes control
characters, invalid UTF-8 percent-escapes, encoded surrogates, stray ``%``
sequences, long values, repeated parameters, unknown parameters and odd
dates. Whatever comes in: never a 5xx; a 4xx comes in the format of what was
asked for (JSON for /api/, plain text for files, HTML for pages); and no HTML
response carries an echoed tag unescaped. Bounded (``max_examples``) to stay
well under a minute per database.
"""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import load_seed

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/companies/",
    "/companies/huawei/",
    "/governments/",
    "/governments/canada/",
    "/measures/",
    "/measures/canada-5g-ban-huawei-zte/",
    "/matrix/",
    "/deadlines/",
    "/search/",
]
FILES = [
    "/measures/export.csv",
    "/measures/feed.atom",
    "/deadlines.ics",
    "/export/followthemoney.jsonl",
]
API = [
    "/api/",
    "/api/measures/",
    "/api/measures/canada-5g-ban-huawei-zte/",
    "/api/companies/",
    "/api/companies/huawei/",
    "/api/governments/",
    "/api/governments/CA/",
    "/api/groups/",
    "/api/measure-types/",
    "/api/milestones/",
    "/api/events/",
    "/api/sources/",
]
PARAMETERS = [
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
    "kind",
    "upcoming",
    "format",
]
MARKER = "<fz>"

# Raw pieces of a query string value: each is already percent-encoded (or plain ASCII).
RAW_PIECES = st.sampled_from(
    [
        "%",
        "%%",
        "%25",
        "%25d",
        "%25(value)s",
        "%zz",
        "%0",
        "%00",
        "%01",
        "%0B",
        "%1F",
        "%7F",
        "%FF",
        "%FE%FF",
        "%C0%AF",  # overlong encoding
        "%ED%A0%80",  # a surrogate, encoded
        "%EF%BF%BE",  # U+FFFE
        "%EF%BF%BF",  # U+FFFF
        "%E2%80%AE",  # right-to-left override
        "%F0%9F%98%80",
        "+",
        "&",
        "=",
        ";",
        "2019",
        "2019-13",
        "2019-02-30",
        "0000",
        "9999-12-31",
        "2019-1-1",
        "-2019",
        "２０１９",
        "huawei",
        "CA",
        "ca",
        "in_force",
        "-announced",
        "announced",
        "true",
        "0",
        "-1",
        "99999999999999999999",
        "1e9",
        quote(MARKER),
        quote('"><script>alert(1)</script>'),
        "x" * 300,
    ]
)
TEXT = st.text(max_size=20).map(lambda text: quote(text, safe="", errors="surrogatepass"))
VALUE = st.lists(st.one_of(RAW_PIECES, TEXT), max_size=4).map("".join)
NAME = st.one_of(st.sampled_from(PARAMETERS), st.sampled_from(["compnay", "%ff", "q%00", "a[]"]))
QUERY = st.lists(st.tuples(NAME, VALUE), max_size=6).map(
    lambda pairs: "&".join(f"{name}={value}" for name, value in pairs)
)


@pytest.fixture
def seeded(db):
    load_seed()


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def check(client, path, query):
    response = client.get(f"{path}?{query}")
    content = body(response)
    assert response.status_code < 500, (path, query, content[:500])
    content_type = response.get("Content-Type", "")
    if 400 <= response.status_code < 500:
        if path.startswith("/api/"):
            assert content_type.startswith("application/json"), (path, query, content_type)
        elif path in FILES:
            assert content_type.startswith("text/plain"), (path, query, content_type)
        else:
            assert content_type.startswith("text/html"), (path, query, content_type)
    if content_type.startswith("text/html"):
        html = content.decode("utf-8")
        assert MARKER not in html, (path, query)
        assert "<script>alert(1)" not in html, (path, query)


FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=False,
)


@FUZZ
@given(path=st.sampled_from(PAGES), query=QUERY)
def test_pages_never_fail(client, seeded, path, query):
    check(client, path, query)


@FUZZ
@given(path=st.sampled_from(FILES), query=QUERY)
def test_files_never_fail(client, seeded, path, query):
    check(client, path, query)


@FUZZ
@given(path=st.sampled_from(API), query=QUERY)
def test_the_api_never_fails(client, seeded, path, query):
    check(client, path, query)


@pytest.mark.parametrize("path", PAGES + FILES + API)
@pytest.mark.parametrize(
    "query",
    [
        "q=%01",
        "date_from=%25",
        "date_to=%ED%A0%80",
        "q=%FF%FE",
        "&".join(["type=x"] * 1200),  # more fields than Django reads
        "q=" + "%00" * 50,
        "page=%ff",
    ],
)
def test_known_hostile_queries(client, seeded, path, query):
    check(client, path, query)
