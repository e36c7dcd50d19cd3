"""The FollowTheMoney export, checked with the followthemoney library."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import resolve, reverse
from followthemoney import model

from measures.models import Measure, MeasureTarget
from measures.outputs import ftm
from tracker.growth import add_measures

pytestmark = pytest.mark.django_db

# N+1 guard: governments; companies with their countries; aliases; identifiers;
# measures with type, government and authority; their targets; their sources.
FTM_EXPORT_QUERIES = 8  # +1: the list entries behind targets (listings)


def entities(client, query=""):
    response = client.get(reverse("measures:export-ftm") + query)
    assert response.status_code == 200, response.content
    body = b"".join(response.streaming_content).decode("utf-8")
    return [json.loads(line) for line in body.splitlines()]


def test_url_round_trips():
    assert reverse("measures:export-ftm") == "/export/followthemoney.jsonl"
    assert resolve("/export/followthemoney.jsonl").url_name == "export-ftm"


def test_every_entity_passes_the_library_validation(client, seed):
    exported = entities(client)
    assert exported
    for data in exported:
        assert ftm.validate_entity(data) == [], data
        proxy = model.get_proxy(data, cleaned=False)
        proxy.schema.validate(proxy.to_dict())
        assert proxy.to_dict()["properties"] == data["properties"]


def test_schemata_and_counts(client, seed):
    exported = entities(client)
    by_schema = {}
    for data in exported:
        by_schema.setdefault(data["schema"], []).append(data)
    assert set(by_schema) == {"PublicBody", "Company", "Sanction"}
    assert len(by_schema["Company"]) == 8
    # One per target of an imposed measure: the declined SDN measure's target has none.
    imposed_targets = MeasureTarget.objects.filter(measure__in=Measure.objects.imposed())
    assert len(by_schema["Sanction"]) == imposed_targets.count() == 42
    assert MeasureTarget.objects.count() == 43
    assert len({data["id"] for data in exported}) == len(exported)


def test_sanctions_point_at_exported_companies(client, seed):
    exported = entities(client)
    companies = {data["id"] for data in exported if data["schema"] == "Company"}
    for data in exported:
        if data["schema"] == "Sanction":
            assert data["properties"]["entity"][0] in companies


def test_a_sanction_carries_the_measure(client, seed):
    exported = {data["id"]: data for data in entities(client)}
    assert "st-sanction-us-sdn-hikvision-proposed-hikvision" not in exported  # declined
    sanction = exported["st-sanction-us-dod-1260h-list-2021-hikvision"]["properties"]
    assert sanction["entity"] == ["st-company-hikvision"]
    assert sanction["country"] == ["us"]
    assert sanction["listingDate"] == ["2021-06"]  # known only to the month
    assert sanction["status"] == ["In force"]
    assert sanction["recordId"] == ["us-dod-1260h-list-2021"]
    assert "http://testserver/measures/us-dod-1260h-list-2021/" in sanction["sourceUrl"]
    assert sanction["provisions"] == ["Named entity only"]
    canada = exported["st-sanction-canada-5g-ban-huawei-zte-zte"]["properties"]
    assert canada["authority"]
    assert canada["listingDate"] == ["2022-05-19"]


def test_a_company_carries_names_and_identifiers(client, seed):
    exported = {data["id"]: data for data in entities(client)}
    huawei = exported["st-company-huawei"]["properties"]
    assert huawei["country"] == ["cn"]
    assert "Huawei" in huawei["alias"]
    identified = [
        data
        for data in exported.values()
        if data["schema"] == "Company"
        and set(data["properties"]) & {"ticker", "isinCode", "leiCode", "registrationNumber"}
    ]
    assert identified


def test_validation_catches_bad_entities():
    assert ftm.validate_entity({"id": "x", "schema": "Nope", "properties": {}})
    assert ftm.validate_entity({"id": "bad id!", "schema": "Company", "properties": {}})
    assert ftm.validate_entity({"id": "x", "schema": "Sanction", "properties": {}})  # no entity
    assert ftm.validate_entity(
        {"id": "x", "schema": "Company", "properties": {"name": ["X"], "country": ["narnia"]}}
    )
    assert ftm.validate_entity(
        {"id": "x", "schema": "Company", "properties": {"name": ["X"], "flavour": ["y"]}}
    )
    valid = {"id": "x", "schema": "Company", "properties": {"name": ["X"]}}
    assert ftm.validate_entity(valid) == []


def test_a_filtered_export_holds_what_the_measures_name(client, seed):
    exported = entities(client, "?company=hikvision")
    sanctions = [data for data in exported if data["schema"] == "Sanction"]
    measures = set(
        Measure.objects.imposed().filter(targets__slug="hikvision").values_list("slug", flat=True)
    )
    assert {data["properties"]["recordId"][0] for data in sanctions} == measures
    companies = {data["id"] for data in exported if data["schema"] == "Company"}
    named = {data["properties"]["entity"][0] for data in sanctions}
    assert companies == named
    countries = {
        schema: {data["properties"]["country"][0] for data in exported if data["schema"] == schema}
        for schema in ("PublicBody", "Company")
    }
    assert countries["PublicBody"] == {"us"} | countries["Company"]


def test_bad_filters_get_a_clear_400(client, seed):
    response = client.get("/export/followthemoney.jsonl?date_from=never")
    assert response.status_code == 400
    assert "date_from" in response.content.decode()


def test_the_command_writes_the_same_entities(client, seed, tmp_path):
    path = tmp_path / "out.jsonl"
    call_command("export_ftm", str(path), base_url="http://testserver", verbosity=0)
    written = [json.loads(line) for line in path.read_text().splitlines()]
    assert written == entities(client)
    out = io.StringIO()
    call_command("export_ftm", stdout=out, verbosity=0)
    assert len(out.getvalue().splitlines()) == len(written)


def test_a_constant_number_of_queries(client, seed, django_assert_num_queries):
    with django_assert_num_queries(FTM_EXPORT_QUERIES):
        entities(client)
    add_measures(130, uniform=True)
    with django_assert_num_queries(FTM_EXPORT_QUERIES):
        entities(client)
