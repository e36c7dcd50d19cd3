"""The read-only JSON API: endpoints, natural keys, filters, bad input, CORS, schema, docs."""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import resolve, reverse

from measures.models import Measure, MeasureTarget, Milestone
from tracker.growth import add_measures

pytestmark = pytest.mark.django_db

# N+1 guard: queries per list page, whatever the rows: the count, the page, one per
# prefetched relation. Checked on the seed and with ten times more measures.
LIST_QUERIES = {
    # count, page, targets, milestones, relations from, relations to, sources
    "/api/measures/": 7,
    # count, page (with country and parent), aliases, identifiers, sources, listings
    "/api/companies/": 6,
    # count, page, groups
    "/api/governments/": 3,
    # count, page, members
    "/api/groups/": 3,
    "/api/measure-types/": 2,
    # count, page (with measure)
    "/api/milestones/": 2,
    # count, page, companies, governments, sources
    "/api/events/": 5,
    # count, page, quotes
    "/api/sources/": 3,
}
ENDPOINTS = list(LIST_QUERIES)


def get_json(client, url, status=200, **headers):
    response = client.get(url, **headers)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def all_results(client, url):
    """Every item of a paginated list, following ``next``."""
    results = []
    while url:
        page = get_json(client, url)
        results.extend(page["results"])
        url = page["next"]
    return results


def test_root_lists_every_endpoint(client, seed):
    root = get_json(client, "/api/")
    assert {f"/api/{name}/" for name in root} == set(ENDPOINTS)


def test_urls_round_trip():
    assert reverse("api:measure-list") == "/api/measures/"
    assert reverse("api:measure-detail", kwargs={"slug": "x"}) == "/api/measures/x/"
    assert reverse("api:government-detail", kwargs={"code": "CA"}) == "/api/governments/CA/"
    assert resolve("/api/schema/").url_name == "schema"
    assert resolve("/api/docs/").url_name == "docs"


@pytest.mark.parametrize("url", ENDPOINTS)
def test_every_list_answers_with_a_page(client, seed, url):
    page = get_json(client, url)
    assert set(page) == {"count", "next", "previous", "results"}
    assert page["count"] >= len(page["results"]) > 0
    assert len(page["results"]) == min(page["count"], 50)


@pytest.mark.parametrize("url", ENDPOINTS)
def test_no_primary_keys_are_exposed(client, seed, url):
    for item in get_json(client, url)["results"]:
        assert "id" not in item and "pk" not in item


def test_a_measure_in_full(client, seed):
    measure = get_json(client, "/api/measures/canada-5g-ban-huawei-zte/")
    assert measure["slug"] == "canada-5g-ban-huawei-zte"
    assert measure["government"]["code"] == "CA"
    assert measure["government"]["url"] == "http://testserver/api/governments/CA/"
    assert [target["company"]["slug"] for target in measure["targets"]] == ["huawei", "zte"]
    assert measure["announced"] == {
        "date": "2022-05-19",
        "precision": "day",
        "start": "2022-05-19",
        "end": "2022-05-19",
    }
    deadlines = [m for m in measure["milestones"] if m["kind"] == "deadline"]
    assert {m["date"]["date"]: m["is_past"] for m in deadlines} == {
        "2022-09-01": True,
        "2024-06-28": True,
        "2027-12-31": False,
    }
    assert measure["html_url"] == "http://testserver/measures/canada-5g-ban-huawei-zte/"
    assert measure["sources"]


def test_partial_dates_keep_their_precision(client, seed):
    measure = get_json(client, "/api/measures/us-dod-1260h-list-2021/")
    assert measure["announced"] == {
        "date": "2021-06",
        "precision": "month",
        "start": "2021-06-01",
        "end": "2021-06-30",
    }
    assert measure["effective"] is None


def test_lookups_by_natural_key(client, seed):
    assert get_json(client, "/api/companies/huawei/")["short_name"] == "Huawei"
    assert get_json(client, "/api/governments/ca/")["code"] == "CA"
    assert get_json(client, "/api/governments/CA/")["name"] == "Canada"
    group = get_json(client, "/api/groups/")["results"][0]
    assert get_json(client, group["url"])["members"]
    for url in ("/api/measure-types/", "/api/events/", "/api/sources/"):
        first = get_json(client, url)["results"][0]
        # A source's "url" is the document's own address; its API address is "api_url".
        api_url = first["api_url"] if "api_url" in first else first["url"]
        assert get_json(client, api_url)["slug"] == first["slug"]


def test_measures_take_the_list_filters(client, seed):
    found = all_results(client, "/api/measures/?company=hikvision&status=in_force")
    expected = Measure.objects.filter(targets__slug="hikvision", status="in_force")
    assert {m["slug"] for m in found} == set(expected.values_list("slug", flat=True))
    found = all_results(client, "/api/measures/?government=ca&government=gb")
    assert {m["government"]["code"] for m in found} == {"CA", "GB"}


def test_other_endpoints_filter(client, seed):
    companies = all_results(client, "/api/companies/?country=cn")
    assert companies and {c["country"]["code"] for c in companies} == {"CN"}
    deadlines = all_results(client, "/api/milestones/?kind=deadline&company=zte")
    assert {m["measure"]["slug"] for m in deadlines} == {
        "canada-5g-ban-huawei-zte",
        "germany-5g-huawei-zte-agreement-2024",
    }
    upcoming = all_results(client, "/api/milestones/?kind=deadline&upcoming=true")
    assert {m["date"]["date"] for m in upcoming} == {"2026-12", "2027", "2027-12-31", "2029-12"}
    past = all_results(client, "/api/milestones/?kind=deadline&upcoming=false")
    assert len(past) == Milestone.objects.filter(kind="deadline").count() - len(upcoming)
    events = all_results(client, "/api/events/?date_from=2021&date_to=2021")
    assert all(e["date"]["date"].startswith("2021") for e in events)


def test_unknown_parameters_are_a_400_naming_them(client, seed):
    body = get_json(client, "/api/measures/?compnay=huawei&page=1", status=400)
    assert body["unknown_parameters"] == ["compnay"]
    assert "compnay" in body["detail"]
    assert "company" in body["allowed_parameters"]
    body = get_json(client, "/api/measures/huawei/?status=x", status=400)
    assert body["unknown_parameters"] == ["status"]


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("?date_from=2020-13", "date_from"),
        ("?date_from=2021&date_to=2020", "__all__"),
        ("?status=gone", "status"),
        ("?company=nobody", "company"),
        ("?sort=price", "sort"),
        ("?q=" + "x" * 201, "q"),
        ("?q=%00", "q"),
        ("?company=%00", "company"),
    ],
)
def test_malformed_values_are_a_400_naming_the_filter(client, seed, query, key):
    body = get_json(client, "/api/measures/" + query, status=400)
    assert key in body or any(key in str(value) for value in body.values())


@pytest.mark.parametrize("page", ["99", "0", "-1", "abc", "9" * 40])
def test_a_page_past_the_end_is_a_json_404(client, seed, page):
    body = get_json(client, f"/api/measures/?page={page}", status=404)
    assert body["detail"]


def test_pages_of_fifty(client, seed):
    add_measures(60, uniform=True)
    page = get_json(client, "/api/measures/")
    assert page["count"] == 80 and len(page["results"]) == 50
    assert page["next"] == "http://testserver/api/measures/?page=2"
    assert len(get_json(client, page["next"])["results"]) == 30


def test_unknown_objects_are_a_json_404(client, seed):
    assert get_json(client, "/api/measures/nothing-here/", status=404)["detail"]
    assert get_json(client, "/api/governments/zz/", status=404)["detail"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", ["/api/measures/", "/api/measures/uk-5g-ban-huawei/"])
def test_nothing_but_get_head_and_options(client, seed, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert "read-only" in response.json()["detail"]
    assert Measure.objects.filter(slug="uk-5g-ban-huawei").exists()


def test_head_and_options_are_allowed(client, seed):
    assert client.head("/api/measures/").status_code == 200
    response = client.options("/api/measures/")
    assert response.status_code == 200
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}


def test_any_origin_may_read(client, seed):
    response = client.get("/api/measures/", headers={"Origin": "https://example.org"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    preflight = client.options(
        "/api/measures/",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 200
    methods = {m.strip() for m in preflight["Access-Control-Allow-Methods"].split(",")}
    assert methods == {"GET", "HEAD", "OPTIONS"}


def test_cors_is_only_for_the_api(client, seed):
    response = client.get("/measures/export.csv", headers={"Origin": "https://example.org"})
    assert "Access-Control-Allow-Origin" not in response


def test_the_schema_is_openapi_3(client, seed):
    response = client.get("/api/schema/", headers={"Accept": "application/json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    assert {
        "/api/measures/",
        "/api/measures/{slug}/",
        "/api/companies/{slug}/",
        "/api/governments/{code}/",
        "/api/milestones/",
    } <= paths
    parameters = {p["name"] for p in schema["paths"]["/api/measures/"]["get"]["parameters"]}
    assert {
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
    } <= parameters
    # Screening is the one POST (it reads a list and stores nothing); everything else reads.
    screen = schema["paths"].pop("/api/screen/")
    assert set(screen) == {"post"}
    assert {"200", "400", "413"} <= set(screen["post"]["responses"])
    for path in schema["paths"].values():
        assert set(path) <= {"get", "parameters"}, "only reading is documented"
        assert {"200", "400", "404"} <= set(path["get"]["responses"])


def test_the_docs_use_our_own_static_files(client, seed):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    assert all(not source.startswith(("http:", "https:", "//")) for source in sources)
    assert "cdn" not in html.lower()
    assert "/static/drf_spectacular_sidecar/" in html
    for source in sources:  # shipped in our static files (collectstatic serves them)
        assert finders.find(source.removeprefix(settings.STATIC_URL).lstrip("/")), source


@pytest.mark.parametrize("url", ENDPOINTS)
def test_a_constant_number_of_queries(client, seed, django_assert_num_queries, url):
    with django_assert_num_queries(LIST_QUERIES[url]):
        get_json(client, url)
    add_measures(130, uniform=True)
    MeasureTarget.objects.count()
    with django_assert_num_queries(LIST_QUERIES[url]):
        get_json(client, url)


def test_a_filtered_list_costs_one_more_query_per_model_filter(
    client, seed, django_assert_num_queries
):
    with django_assert_num_queries(LIST_QUERIES["/api/measures/"] + 2):
        get_json(client, "/api/measures/?company=huawei&government=us&status=in_force")
    assert Milestone.objects.exists()


@pytest.mark.parametrize(
    "path",
    ["/api/nothing/", "/api/measures/a%0Ab/", "/api/governments/%C2%84/", "/api/groups/a.b/"],
)
def test_any_other_api_path_is_a_json_404(client, seed, path):
    assert get_json(client, path, status=404) == {"detail": "Not found."}


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("/api/milestones/?upcoming=maybe", "upcoming"),
        ("/api/milestones/?kind=someday", "kind"),
        ("/api/milestones/?measure=nothing", "measure"),
        ("/api/companies/?country=%00", "country"),
        ("/api/companies/?parent=nobody", "parent"),
        ("/api/events/?date_from=2021-02-30", "date_from"),
        ("/api/governments/?kind=empire", "kind"),
    ],
)
def test_other_endpoints_refuse_malformed_values(client, seed, url, key):
    assert key in get_json(client, url, status=400)
