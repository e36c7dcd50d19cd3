"""Screening at /screen/ and POST /api/screen/: matches with reasons, measures, CSV, limits."""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from measures.search.screening import CSV_COLUMNS, MAX_BYTES, MAX_LINES

pytestmark = pytest.mark.django_db

VENDORS = 'Huawai Technolgies\nCNE 1000 00PM8\nAcme Widgets Ltd\n=HYPERLINK("x")\nZTE Corp.'


def post(client, **data):
    return client.post("/screen/", {"threshold": "0.6", **data})


def test_the_page_has_the_form_with_csrf_and_says_nothing_is_stored(client, seed):
    response = client.get("/screen/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in html
    assert "Nothing you screen is stored or logged" in html
    assert 'href="/screen/"' in html  # in the nav
    assert "<script" not in html


def test_each_line_shows_its_matches_reasons_and_measures(client, seed):
    response = post(client, names=VENDORS)
    html = response.content.decode()
    assert response.status_code == 200
    assert "3 of 5 lines matched" in html
    assert "near spelling (0." in html and "<mark>Huawei</mark>" in html
    assert "exact: ISIN" in " ".join(html.split())
    assert (
        "Canada announces it intends to prohibit Huawei and ZTE from its 5G and 4G networks" in html
    )
    assert "No match." in html
    assert "31 December 2027" in html  # the next deadline of the Canadian ban


def test_hostile_lines_are_escaped(client, seed):
    response = post(client, names="<script>alert(1)</script>\nHuawei <b>x</b>")
    html = response.content.decode()
    assert "<script>alert" not in html and "<b>x</b>" not in html
    assert "&lt;script&gt;" in html


def test_csrf_is_required_on_the_page(seed):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/screen/", {"names": "Huawei"}).status_code == 403


def test_the_csv_has_the_same_rows_and_neutralises_formulas(client, seed):
    response = post(client, names=VENDORS, download="csv")
    assert response["Content-Type"] == "text/csv"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == CSV_COLUMNS
    assert {row["line"] for row in rows} == {"1", "2", "3", "4", "5"}
    huawei = [row for row in rows if row["line"] == "1"]
    assert {row["company"] for row in huawei} == {"Huawei"}
    assert all(
        row["how"] == "near spelling" and row["matched_as"] == "legal name" for row in huawei
    )
    assert "US adds Huawei and 68 non-U.S. affiliates to the Entity List" in {
        row["measure"] for row in huawei
    }
    formula = [row for row in rows if row["line"] == "4"][0]
    assert formula["input"].startswith("'=") and formula["result"] == "no match"


def test_a_csv_upload_reads_its_name_column(client, seed):
    upload = SimpleUploadedFile(
        "vendors.csv", b"id,name\n1,Hikvision\n2,Nobody Ltd\n", content_type="text/csv"
    )
    response = client.post("/screen/", {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 of 2 lines matched" in html


def test_a_file_that_is_not_csv_or_too_big_gets_a_clear_message(client, seed):
    upload = SimpleUploadedFile("photo.png", b"\x89PNG\x00\x00", content_type="image/png")
    response = client.post("/screen/", {"file": upload})
    assert response.status_code == 400
    assert "must be a CSV file" in response.content.decode()
    big = SimpleUploadedFile("big.csv", b"name\n" + b"x" * (MAX_BYTES + 10), "text/csv")
    response = client.post("/screen/", {"file": big})
    assert response.status_code == 400
    assert "larger than" in response.content.decode()


def test_too_many_lines_and_empty_input_are_refused_clearly(client, seed):
    response = post(client, names="\n".join(f"Company {n}" for n in range(MAX_LINES + 1)))
    assert response.status_code == 400
    assert f"at most {MAX_LINES} can be screened" in response.content.decode()
    response = post(client, names="   \n ")
    assert response.status_code == 400
    assert "Paste at least one name" in response.content.decode()
    response = post(client, names="Huawei", threshold="7")
    assert response.status_code == 400


def test_the_threshold_decides_what_counts_as_a_match(client, seed):
    assert "1 of 1 lines matched" in post(client, names="Hikvison").content.decode()
    strict = post(client, names="Hikvison", threshold="1").content.decode()
    assert "0 of 1 lines matched" in strict and "Did you mean" in strict


def test_the_api_answers_the_same_in_json(client, seed):
    response = client.post(
        "/api/screen/",
        json.dumps({"names": ["Hikvison", "002415", "Nobody Ltd"]}),
        content_type="application/json",
    )
    assert response.status_code == 200
    lines = response.json()["lines"]
    assert [line["result"] for line in lines] == ["match", "match", "no match"]
    hikvision = lines[0]["matches"][0]
    assert hikvision["how"] == "fuzzy" and hikvision["company"]["slug"] == "hikvision"
    assert "near spelling" in hikvision["explanation"]
    assert {m["imposed_by"] for m in hikvision["measures"]} >= {"United States"}
    assert lines[1]["matches"][0]["matched_as"] == "ticker"


def test_the_api_refuses_bad_input_clearly(client, seed):
    too_many = json.dumps({"names": ["x"] * (MAX_LINES + 1)})
    response = client.post("/api/screen/", too_many, content_type="application/json")
    assert response.status_code == 400 and "names" in response.json()
    response = client.post("/api/screen/", "not json", content_type="application/json")
    assert response.status_code == 400


def test_only_screening_may_post(client, seed):
    assert client.post("/search/", {"q": "x"}).status_code == 405
    assert client.post("/api/measures/", {}).status_code == 405
    assert client.put("/screen/", {}).status_code == 405


def test_screening_stores_nothing(client, seed, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        post(client, names=VENDORS)
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []


def test_screening_many_lines_costs_the_queries_of_one(seed):
    """Lines are read together, a step one SQL statement for up to a hundred of them: a
    list of eighty lines (exact names, misspellings, identifiers, prefixes, no match)
    costs what one misspelt line does."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from measures.search.screening import screen

    names = ["Huawei", "Hikvison", "ZTE Corp", "CNE 1000 00PM8", "Dahau Technology", "Hyt"]
    lines = names + [f"Unlisted {index} Widgets" for index in range(6)]
    lines += [f"Huawai Technolgies {index}" for index in range(68)]
    with CaptureQueriesContext(connection) as one:
        alone = screen(["Huawai Technolgies"])
    with CaptureQueriesContext(connection) as many:
        result = screen(lines)
    assert alone.matched_count == 1
    assert len(result.lines) == 80 and result.matched_count >= 6
    assert len(many) == len(one)
