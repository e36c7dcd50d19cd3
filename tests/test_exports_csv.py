"""
The CSV export: every matching row, streamed, UTF-8, documented columns, dates with precision.

Tested on the first layer of the record (the article's 13 measures, ``article_seed``); the
export's rows come from the same pipeline as the pages, which are tested on the full record.
"""

import csv
import datetime
import io
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import resolve, reverse

from core.partial_dates import Precision
from entities.models import Company, Government
from measures.models import Measure, MeasureTarget, MeasureType
from measures.outputs import csv_export as exports
from tracker.growth import add_measures

pytestmark = pytest.mark.django_db

# N+1 guard: the whole export costs this many queries however many rows it has
# (up to one chunk, exports.CHUNK_SIZE rows; each further chunk adds the same few):
# the measures with their type, government and authority; their targets; their sources.
CSV_EXPORT_QUERIES = 4  # +1: the list entries behind targets (delisted column)


def read_csv(response):
    assert response.status_code == 200, response.content
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(body)))


def export(client, query=""):
    return read_csv(client.get(reverse("measures:export-csv") + query))


def test_url_round_trips():
    assert reverse("measures:export-csv") == "/measures/export.csv"
    assert resolve("/measures/export.csv").url_name == "export-csv"


def test_headers_are_the_documented_columns(client, article_seed):
    response = client.get("/measures/export.csv")
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="measures.csv"'
    header = next(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert header == exports.HEADER
    for column in exports.HEADER:
        assert f"``{column}``" in exports.__doc__


def test_every_measure_not_one_page(client, article_seed):
    rows = export(client, "?page=2")
    assert len(rows) == Measure.objects.count() == 13


def test_dates_are_written_with_their_precision(client, article_seed):
    rows = {row["slug"]: row for row in export(client)}
    assert rows["canada-5g-ban-huawei-zte"]["announced"] == "2022-05-19"
    assert rows["us-sdn-hikvision-proposed"]["announced"] == "2022-05"
    assert rows["us-sdn-hikvision-proposed"]["effective"] == ""
    assert rows["china-canola-import-ban"]["lifted"] != ""


def test_a_year_is_written_as_the_year(client, article_seed):
    Measure.objects.filter(slug="us-entity-list-huawei-2019").update(
        announced_on=datetime.date(2019, 1, 1), announced_on_precision=Precision.YEAR
    )
    rows = export(client, "?company=huawei&date_from=2019&date_to=2019")
    assert [row["announced"] for row in rows] == ["2019"]


def test_multi_valued_cells_are_joined_with_the_separator(client, article_seed):
    row = next(row for row in export(client) if row["slug"] == "canada-5g-ban-huawei-zte")
    assert row["targets"] == "huawei | zte"
    assert row["target_names"] == "Huawei | ZTE"
    assert exports.SEPARATOR == " | "
    assert len(row["sources"].split(exports.SEPARATOR)) >= 1
    assert row["url"] == "http://testserver/measures/canada-5g-ban-huawei-zte/"
    assert row["government"] == "CA"


def test_filters_narrow_the_rows(client, article_seed):
    rows = export(client, "?company=hikvision")
    hikvision = set(
        Measure.objects.filter(targets__slug="hikvision").values_list("slug", flat=True)
    )
    assert {row["slug"] for row in rows} == hikvision
    assert {"us-entity-list-hikvision-2019", "us-sdn-hikvision-proposed"} <= hikvision
    assert all("hikvision" in row["targets"].split(" | ") for row in rows)
    assert {row["status"] for row in export(client, "?status=proposed")} == {"proposed"}


def test_utf8_text_survives(client, article_seed):
    measure = Measure.objects.get(slug="uk-5g-ban-huawei")
    measure.summary = "Übergangsfrist — 華為 «test»"
    measure.save()
    row = next(row for row in export(client) if row["slug"] == "uk-5g-ban-huawei")
    assert row["summary"] == "Übergangsfrist — 華為 «test»"


def test_cells_a_spreadsheet_would_run_are_neutralised(client, article_seed):
    Measure.objects.filter(slug="uk-5g-ban-huawei").update(title='=HYPERLINK("http://evil")')
    row = next(row for row in export(client) if row["slug"] == "uk-5g-ban-huawei")
    assert row["title"] == '\'=HYPERLINK("http://evil")'


@pytest.mark.parametrize(
    "query", ["?date_from=2020-13", "?date_from=yesterday", "?company=nobody", "?status=gone"]
)
def test_bad_filters_get_a_clear_400(client, article_seed, query):
    response = client.get("/measures/export.csv" + query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert query.split("=")[0][1:] in response.content.decode()


def test_only_get_and_head(client, article_seed):
    assert client.post("/measures/export.csv").status_code == 405
    assert client.head("/measures/export.csv").status_code == 200


def test_streams_in_chunks_with_a_constant_number_of_queries(
    client, article_seed, django_assert_num_queries
):
    with django_assert_num_queries(CSV_EXPORT_QUERIES):
        assert len(export(client)) == 13
    add_measures(130, uniform=True)
    with django_assert_num_queries(CSV_EXPORT_QUERIES):
        assert len(export(client)) == 143


def test_a_measure_without_targets_or_authority(client, empty_db):
    government = Government.objects.create(code="ZZ", name="Zedland", slug="zedland")
    kind = MeasureType.objects.create(name="Ban", slug="ban")
    Measure.objects.create(
        title="Nobody in particular",
        slug="nobody",
        measure_type=kind,
        government=government,
        announced_on=datetime.date(2020, 9, 1),
        announced_on_precision=Precision.MONTH,
        summary="-",
    )
    [row] = export(client)
    assert row["targets"] == row["sources"] == row["authority"] == ""
    assert row["announced"] == "2020-09"
    assert row["summary"] == "'-"


def test_companies_in_targets_follow_the_short_name_order(client, empty_db):
    government = Government.objects.create(code="ZZ", name="Zedland", slug="zedland")
    kind = MeasureType.objects.create(name="Ban", slug="ban")
    measure = Measure.objects.create(
        title="Two",
        slug="two",
        measure_type=kind,
        government=government,
        announced_on=datetime.date(2020, 9, 1),
        summary="Two companies.",
    )
    for name in ("Zeta", "Alpha"):
        company = Company.objects.create(
            legal_name=name, short_name=name, slug=name.lower(), country=government
        )
        MeasureTarget.objects.create(measure=measure, company=company)
    [row] = export(client)
    assert row["targets"] == "alpha | zeta"


def test_the_list_links_its_csv_with_the_current_filters(client, article_seed):
    html = client.get("/measures/?company=huawei&status=in_force&page=1").content.decode()
    [link] = re.findall(r'href="([^"]*/measures/export\.csv[^"]*)"[^>]*>Download CSV', html)
    link = unescape(link)
    assert link.startswith("/measures/export.csv?")
    assert parse_qs(urlsplit(link).query) == {"company": ["huawei"], "status": ["in_force"]}
    assert len(export(client, "?" + urlsplit(link).query)) == len(
        Measure.objects.filter(targets__slug="huawei", status="in_force")
    )
