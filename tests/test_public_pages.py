"""The public pages show what SPEC.md promises, on the seed; nothing else can be done to them."""

import datetime
import re

import pytest
from django.template.loader import render_to_string
from django.urls import resolve, reverse

from core.partial_dates import Precision
from entities.models import Company
from measures.models import Measure
from sources.models import Quote, Source
from tracker.factories import CompanyFactory, MeasureFactory, MilestoneFactory

pytestmark = pytest.mark.django_db

CANADA_BAN = "canada-5g-ban-huawei-zte"
SDN_HIKVISION = "us-sdn-hikvision-proposed"
HOSTILE = "<script>alert('x')</script>"


def text(response):
    """The page as text with tags stripped and whitespace squeezed, for phrase checks."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize(
    ("name", "kwargs", "path"),
    [
        ("home", {}, "/"),
        ("search", {}, "/search/"),
        ("entities:company-list", {}, "/companies/"),
        ("entities:company-detail", {"slug": "huawei"}, "/companies/huawei/"),
        ("entities:government-list", {}, "/governments/"),
        ("entities:government-detail", {"slug": "canada"}, "/governments/canada/"),
        ("measures:list", {}, "/measures/"),
        ("measures:detail", {"slug": CANADA_BAN}, f"/measures/{CANADA_BAN}/"),
        ("measures:matrix", {}, "/matrix/"),
        ("measures:deadlines", {}, "/deadlines/"),
    ],
)
def test_url_names_round_trip(name, kwargs, path):
    assert reverse(name, kwargs=kwargs) == path
    match = resolve(path)
    assert match.view_name == name
    assert match.kwargs == kwargs


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/companies/",
        "/companies/hikvision/",
        "/governments/",
        "/governments/united-states/",
        "/measures/",
        f"/measures/{CANADA_BAN}/",
        "/matrix/",
        "/deadlines/",
        "/search/?q=huawei",
    ],
)
def test_every_page_is_complete_html_with_no_outside_requests(client, seed, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith("<!doctype html>")
    assert '<html lang="en-GB">' in html
    assert 'rel="icon"' in html and "favicon.svg" in html
    assert 'name="description"' in html
    assert "<main" in html and "<h1" in html
    # One stylesheet of our own, no scripts, nothing fetched from elsewhere.
    assert html.count('rel="stylesheet"') == 1
    assert "<script" not in html
    assert not re.search(r'<(link|script|img)[^>]+(href|src)="(https?:)?//', html)


def test_home_shows_counts_latest_deadlines_proposals_and_companies(client, seed):
    response = client.get("/")
    page = text(response)
    counts = response.context["counts"]
    # The record as of November 2026: 20 measures, 19 imposed (one declined).
    assert counts["measures"] == 20
    assert counts["imposed"] == 19
    assert counts["companies"] == 8
    assert "19 measures imposed" in page
    assert "16 in force" in page and "1 declined, not imposed" in page
    # Latest first: Germany's agreement with its operators (11 July 2024) heads the list.
    assert response.context["latest"][0].slug == "germany-5g-huawei-zte-agreement-2024"
    assert SDN_HIKVISION not in {m.slug for m in response.context["latest"]}
    # Upcoming deadlines are judged against the pinned today (2026-11-29).
    assert [m.when.isoformat() for m in response.context["deadlines"]] == [
        "2026-12",
        "2027",
        "2027",
        "2027-12-31",
        "2029-12",
    ]
    assert [m.slug for m in response.context["weighed"]] == [SDN_HIKVISION]
    assert "US weighed Global Magnitsky (SDN) sanctions on Hikvision; Treasury declined" in page
    assert {c.slug for c in response.context["companies"]} == {
        "huawei",
        "hikvision",
        "zte",
        "richardson",
        "viterra",
        "dahua",
        "hytera",
        "huawei-investment-holding",
    }


def test_company_page_groups_measures_by_government(client, seed):
    response = client.get("/companies/huawei/")
    groups = response.context["by_government"]
    assert [group.key.name for group in groups] == [
        "Australia",
        "Canada",
        "Germany",
        "New Zealand",
        "United Kingdom",
        "United States",
    ]
    assert len(groups[-1].measures) == 9
    assert sum(len(group.measures) for group in groups) == 15
    page = text(response)
    assert "15 measures imposed by 6 governments" in page
    assert "Huawei Technologies Co., Ltd." in page


def test_company_page_has_timeline_aliases_identifiers_events_and_sources(client, seed):
    response = client.get("/companies/hikvision/")
    html = response.content.decode()
    page = text(response)
    # The timeline is an SVG drawn on the server, labelled for screen readers.
    assert '<svg class="timeline-chart"' in html
    assert 'role="img"' in html and "<desc" in html
    assert "Timeline of the measures against Hikvision" in html
    assert response.context["timeline"].groups[0].name == "United States"
    # The declined SDN measure is on the page, apart from those imposed, marked declined.
    assert "US weighed Global Magnitsky (SDN) sanctions on Hikvision; Treasury declined" in page
    assert 'status--declined">Declined' in html
    assert [m.slug for m in response.context["weighed"]] == [SDN_HIKVISION]
    assert "CNE100000PM8" in page and "002415" in page
    assert "IPVM: Hikvision signed five public-private partnerships" in page
    # An event known only to the year is shown as the year, never 1 January.
    assert "2017" in page and "1 January 2017" not in page
    assert "Report that the US is laying groundwork for sanctions on Hikvision" in page
    assert "Facts last checked 29 November 2026" in page
    entries = response.context["timeline_entries"]
    assert entries == sorted(entries, key=lambda e: (e.when.start, e.when.end, e.title))


def test_company_page_shows_affiliates_and_parent(client, seed):
    huawei = Company.objects.get(slug="huawei")
    CompanyFactory(
        short_name="Huawei Cloud", slug="huawei-cloud", country=huawei.country, parent=huawei
    )
    assert "Affiliates Huawei Cloud" in text(client.get("/companies/huawei/"))
    assert "Parent company Huawei" in text(client.get("/companies/huawei-cloud/"))


def test_government_page_lists_measures_by_type_and_groups(client, seed):
    response = client.get("/governments/united-states/")
    types = [group.key.name for group in response.context["by_type"]]
    assert types == sorted(types)
    assert len(response.context["measures"]) == 12  # imposed; the declined one apart
    assert [m.slug for m in response.context["weighed"]] == [SDN_HIKVISION]
    page = text(response)
    assert "Five Eyes" in page
    assert "Canada" in page  # a fellow member of the Five Eyes
    assert "Bureau of Industry and Security" in page


def test_government_page_shows_companies_based_there(client, seed):
    response = client.get("/governments/china/")
    assert {c.slug for c in response.context["companies"]} == {
        "dahua",
        "hikvision",
        "huawei",
        "huawei-investment-holding",
        "hytera",
        "zte",
    }
    assert "/measures/?target_country=CN" in response.content.decode()
    assert [m.slug for m in response.context["measures"]] == ["china-canola-import-ban"]


def test_lists_of_companies_and_governments_count_measures(client, seed):
    companies = {c.slug: c for c in client.get("/companies/").context["companies"]}
    assert companies["huawei"].imposed_count == 15
    assert companies["hikvision"].declined_count == 1
    assert companies["hikvision"].imposed_count == 7
    assert companies["hikvision"].government_count == 1
    rows = {row["company"].slug: row for row in client.get("/companies/").context["rows"]}
    assert [(s.label, s.count) for s in rows["richardson"]["by_status"]] == [("Lifted", 1)]
    assert [(s.label, s.count) for s in rows["hikvision"]["by_status"]] == [
        ("In force", 7),
        ("Declined", 1),
    ]
    governments = {g.code: g for g in client.get("/governments/").context["governments"]}
    assert governments["US"].measure_count == 12  # imposed
    assert governments["US"].weighed_count == 1
    assert governments["CN"].company_count == 6
    assert governments["UN"].measure_count == 0


def test_measure_page_shows_every_date_at_its_precision_and_deadlines_past_or_upcoming(
    client, seed
):
    response = client.get(f"/measures/{CANADA_BAN}/")
    html = response.content.decode()
    page = text(response)
    deadlines = [m for m in response.context["milestones"] if m.kind == "deadline"]
    assert [(str(m.when), m.is_past) for m in deadlines] == [
        ("1 September 2022", True),
        ("28 June 2024", True),
        ("31 December 2027", False),
    ]
    # The announcement, two deadlines, the bills and the law enacted in 2026.
    assert html.count('class="tag tag--past"') == 7
    assert html.count('class="tag tag--upcoming"') == 1
    assert '<time datetime="2024-06-28">28 June 2024</time>' in html
    for phrase in (
        "Imposed by Canada",
        "Announced",
        "Law enacted",
        "Bill C-8 receives Royal Assent",
        "Facts last checked 29 November 2026",
        "Innovation, Science and Economic Development Canada",
        "Huawei",
        "ZTE",
        "Coverage",
        "Legal basis",
        "Record last edited",
        "Cite this record",
        "This is the right decision",
        "François-Philippe Champagne",
    ):
        assert phrase in page, phrase
    assert f"http://testserver/measures/{CANADA_BAN}/" in page


def test_month_precise_measure_is_never_shown_as_a_day(client, seed):
    page = text(client.get("/measures/us-dod-1260h-list-2021/"))
    assert "Announced June 2021" in page
    assert not re.search(r"\b1 June 2021", page)


def test_year_precise_dates_are_shown_as_years(client, db):
    measure = MeasureFactory(
        announced_on=datetime.date(2019, 1, 1), announced_on_precision=Precision.YEAR
    )
    MilestoneFactory(
        measure=measure,
        date=datetime.date(2028, 1, 1),
        date_precision=Precision.YEAR,
        description="Something by the end of 2028",
    )
    response = client.get(measure.get_absolute_url())
    html = response.content.decode()
    assert '<time datetime="2019">2019</time>' in html
    assert '<time datetime="2028">2028</time>' in html
    assert "1 January" not in html


def test_related_measures_are_shown_both_ways(client, seed):
    page = text(client.get("/measures/us-entity-list-huawei-2020-expansion/"))
    assert "Expands US adds Huawei and 68 non-U.S. affiliates to the Entity List" in page
    page = text(client.get("/measures/us-entity-list-huawei-2019/"))
    assert "Expanded by US extends Entity List restrictions on Huawei" in page
    page = text(client.get(f"/measures/{SDN_HIKVISION}/"))
    assert "Would escalate US adds Hikvision to the Entity List" in page


def test_database_text_is_escaped_everywhere(client, seed):
    measure = Measure.objects.get(slug=CANADA_BAN)
    source = Source.objects.create(
        slug="hostile", publisher=HOSTILE, title=HOSTILE, url="javascript:alert(1)"
    )
    Quote.objects.create(source=source, speaker=HOSTILE, text=HOSTILE)
    measure.sources.add(source)
    Measure.objects.filter(pk=measure.pk).update(summary=HOSTILE, legal_basis=HOSTILE)
    html = client.get(measure.get_absolute_url()).content.decode()
    assert HOSTILE not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript:' not in html


def test_matrix_cells_name_types_and_link_to_the_measures(client, seed):
    response = client.get("/matrix/")
    matrix = response.context["matrix"]
    assert [g.code for g in matrix.governments] == ["AU", "CA", "CN", "DE", "NZ", "GB", "US"]
    rows = {row.company.slug: row for row in matrix.rows}
    us = matrix.governments.index(next(g for g in matrix.governments if g.code == "US"))
    cell = rows["hikvision"].cells[us]
    assert {entry.type_slug for entry in cell.entries} == {
        "entity-list",
        "sdn",
        "procurement-ban",
        "military-company-designation",
        "investment-ban",
        "fcc-covered-list",
        "equipment-authorisation-ban",
    }
    sdn = next(entry for entry in cell.entries if entry.type_slug == "sdn")
    assert not sdn.imposed and sdn.statuses == ["Declined"]
    assert cell.count == 7  # imposed only: the declined SDN measure is not counted
    html = response.content.decode()
    assert 'href="/measures/?company=hikvision&amp;government=US&amp;type=sdn"' in html
    assert rows["richardson"].government_count == 1


def test_deadlines_page_splits_upcoming_and_past(client, seed):
    response = client.get("/deadlines/")
    upcoming = [m.when.isoformat() for m in response.context["upcoming"]]
    past = [m.when.isoformat() for m in response.context["past"]]
    assert upcoming == ["2026-12", "2027", "2027", "2027-12-31", "2029-12"]
    assert past == sorted(past, reverse=True)
    assert "2024-06-28" in past
    assert "remove or terminate existing Huawei and ZTE 4G equipment and managed" in text(response)


def test_search_page_finds_companies_measures_and_events(client, seed):
    response = client.get("/search/", {"q": "Hikvison"})
    page = text(response)
    assert response.status_code == 200
    assert "Hikvision" in page
    assert "US weighed Global Magnitsky (SDN) sanctions on Hikvision; Treasury declined" in page


def test_list_has_room_for_the_csv_link_and_feed_with_the_filters(client, seed):
    html = client.get("/measures/", {"government": "CA", "page": "1"}).content.decode()
    assert 'href="/measures/export.csv?government=CA"' in html
    assert 'rel="alternate" type="application/atom+xml"' in html


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    "path", ["/", "/measures/", f"/measures/{CANADA_BAN}/", "/companies/huawei/", "/search/"]
)
def test_public_pages_refuse_anything_but_get_and_head(client, seed, method, path):
    response = getattr(client, method)(path)
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}


def test_head_is_allowed(client, seed):
    assert client.head("/measures/").status_code == 200


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/companies/no-such-company/", "There is no company at this address"),
        ("/governments/atlantis/", "There is no government at this address"),
        ("/measures/no-such-measure/", "There is no measure at this address"),
        ("/no/such/page/", "There is nothing at this address"),
    ],
)
def test_unknown_addresses_get_a_helpful_404(client, seed, path, message):
    response = client.get(path)
    assert response.status_code == 404
    page = text(response)
    assert message in page
    assert 'action="/search/"' in response.content.decode()
    assert "measures" in page and "companies" in page


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("favicon.svg")


def test_the_500_page_needs_no_database_and_no_request():
    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html
    html = render_to_string("400.html")
    assert "That request could not be read" in html
