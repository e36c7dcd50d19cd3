"""
Each filter of the measures list narrows it as SPEC.md says; facets count.

The mechanics are tested on the first layer of the record alone (the May 2022 article's 13
measures, ``article_seed``), whose statuses and dates vary enough to exercise every filter;
the corrected record is tested in test_record.py and on the pages.
"""

import datetime

import pytest

from core.partial_dates import Precision
from measures.filters import MeasureFilter
from measures.models import Measure
from tracker.factories import GovernmentFactory, MeasureFactory

pytestmark = pytest.mark.django_db

ALL_SEED = 13
CANADA_BAN = "canada-5g-ban-huawei-zte"
SDN_HIKVISION = "us-sdn-hikvision-proposed"
CANOLA = "china-canola-import-ban"


def listed(client, **params):
    """Slugs of the measures the list page shows for ``params`` (values may be lists)."""
    response = client.get("/measures/", params)
    assert response.status_code == 200, response.context["filter"].errors
    return {measure.slug for measure in response.context["page_obj"].object_list}


def test_no_filter_lists_everything(client, article_seed):
    assert len(listed(client)) == ALL_SEED


@pytest.mark.parametrize("code", ["CA", "ca", "Ca", " ca "])
def test_imposer_in_any_case(client, article_seed, code):
    assert listed(client, government=code) == {CANADA_BAN}


def test_repeated_values_mean_either(client, article_seed):
    assert listed(client, government=["CA", "au"]) == {CANADA_BAN, "australia-5g-ban-huawei-zte"}
    assert listed(client, type=["sdn", "import-ban"]) == {SDN_HIKVISION, CANOLA}
    assert listed(client, company=["richardson", "viterra"]) == {CANOLA}
    assert listed(client, status=["proposed", "lifted"]) == {SDN_HIKVISION, CANOLA}


def test_group_five_eyes(client, article_seed):
    five_eyes = listed(client, group="five-eyes")
    assert len(five_eyes) == ALL_SEED - 1
    assert CANOLA not in five_eyes  # imposed by China


def test_target_country(client, article_seed):
    assert listed(client, target_country="CA") == {CANOLA}
    assert listed(client, target_country="cn") == listed(client) - {CANOLA}


def test_company(client, article_seed):
    hikvision = listed(client, company="hikvision")
    assert len(hikvision) == 5
    assert SDN_HIKVISION in hikvision


def test_company_plus_status(client, article_seed):
    assert listed(client, company="hikvision", status="proposed") == {SDN_HIKVISION}
    assert len(listed(client, company="hikvision", status="in_force")) == 4
    assert listed(client, company="huawei", status="proposed") == set()


def test_type(client, article_seed):
    assert listed(client, type="entity-list") == {
        "us-entity-list-huawei-2019",
        "us-entity-list-huawei-2020-expansion",
        "us-entity-list-hikvision-2019",
    }


def test_every_entity_list_action_since_2019(client, article_seed):
    assert len(listed(client, type="entity-list", date_from="2019")) == 3
    assert listed(client, type="entity-list", date_from="2020") == {
        "us-entity-list-huawei-2020-expansion"
    }


def test_date_bounds_accept_year_month_and_day(client, article_seed):
    assert listed(client, date_from="2022") == {CANADA_BAN, SDN_HIKVISION}
    assert listed(client, date_to="2018") == {
        "australia-5g-ban-huawei-zte",
        "new-zealand-5g-ban-huawei",
        "us-procurement-ban-section-889",
    }
    assert listed(client, date_from="2018-11", date_to="2018-11") == {"new-zealand-5g-ban-huawei"}
    assert listed(client, date_from="2018-08-23", date_to="2018-08-23") == {
        "australia-5g-ban-huawei-zte"
    }


def test_a_partial_date_counts_as_its_whole_span(client, article_seed):
    # The SDN measure is known only to May 2022: it is inside any range touching May 2022.
    assert SDN_HIKVISION in listed(client, date_from="2022-05-31")
    assert SDN_HIKVISION in listed(client, date_to="2022-05-01")
    assert CANADA_BAN not in listed(client, date_to="2022-05-01")  # 19 May 2022
    assert SDN_HIKVISION not in listed(client, date_from="2022-06")


def test_a_year_precise_measure_spans_the_year(client, empty_db):
    measure = MeasureFactory(
        announced_on=datetime.date(2019, 1, 1), announced_on_precision=Precision.YEAR
    )
    assert listed(client, date_from="2019-12-31") == {measure.slug}
    assert listed(client, date_to="2019-01-01") == {measure.slug}
    assert listed(client, date_from="2019-06", date_to="2019-06") == {measure.slug}
    assert listed(client, date_from="2020") == set()
    assert listed(client, date_to="2018-12-31") == set()


def test_free_text_matches_titles_imposers_and_company_aliases(client, article_seed):
    assert listed(client, q="canola") == {CANOLA}
    assert listed(client, q="Canada ZTE") == {CANADA_BAN}
    assert len(listed(client, q="Hikvision")) == 5


def test_sort_orders_the_list(client, article_seed):
    response = client.get("/measures/", {"sort": "title"})
    titles = [m.title for m in response.context["page_obj"].object_list]
    assert titles == sorted(titles)
    response = client.get("/measures/", {"sort": "announced"})
    dates = [m.announced_on for m in response.context["page_obj"].object_list]
    assert dates == sorted(dates)
    response = client.get("/measures/", {"sort": "-government"})
    names = [m.government.name for m in response.context["page_obj"].object_list]
    assert names == sorted(names, reverse=True)


def test_sort_labels_say_which_way(client, db):
    labels = dict(MeasureFilter().form.fields["sort"].choices)
    assert labels["announced"] == "Announced (oldest first)"
    assert labels["-announced"] == "Announced (newest first)"
    assert labels["-government"] == "Government (Z–A)"


def test_facets_count_each_value_against_the_other_filters(client, article_seed):
    response = client.get("/measures/", {"government": "CA", "company": "huawei"})
    facets = {item["facet"].name: item["facet"] for item in response.context["facets"]}
    government = {o.value: (o.count, o.selected) for o in facets["government"].options}
    # Huawei's measures by imposer, whatever government is chosen: the reader can add one.
    assert government == {
        "US": (6, False),
        "AU": (1, False),
        "CA": (1, True),
        "NZ": (1, False),
        "GB": (1, False),
    }
    company = {o.value: o.count for o in facets["company"].options}
    assert company == {"huawei": 1, "zte": 1}  # Canada's measures, by target
    status = {o.value: o.count for o in facets["status"].options}
    assert status == {"in_force": 1}
    html = response.content.decode()
    assert 'name="government" value="CA" checked' in html


def test_facets_with_no_filter_count_everything(client, article_seed):
    response = client.get("/measures/")
    facets = {item["facet"].name: item["facet"] for item in response.context["facets"]}
    assert {o.value: o.count for o in facets["group"].options} == {"five-eyes": ALL_SEED - 1}
    assert {o.value: o.count for o in facets["target_country"].options} == {
        "CN": ALL_SEED - 1,
        "CA": 1,
    }
    assert {o.value: o.count for o in facets["status"].options} == {
        "in_force": 11,
        "proposed": 1,
        "lifted": 1,
    }


def test_active_filters_can_each_be_removed(client, article_seed):
    response = client.get("/measures/", {"government": ["CA", "US"], "status": "in_force"})
    chosen = {(f["name"], f["value"]): f["remove"] for f in response.context["active_filters"]}
    assert chosen[("Imposed by", "Canada")] == "?government=US&status=in_force"
    assert chosen[("Status", "In force")] == "?government=CA&government=US"


def test_pages_keep_the_filters(client, db):
    government = GovernmentFactory(code="ZZ", name="Zedland", slug="zedland")
    for day in range(1, 31):
        MeasureFactory(government=government, announced_on=datetime.date(2020, 1, day))
    MeasureFactory()  # another government's measure, filtered out
    response = client.get("/measures/", {"government": "zz", "sort": "announced"})
    page = response.context["page_obj"]
    assert page.paginator.count == 30
    assert len(page.object_list) == 25
    html = response.content.decode()
    assert 'href="?government=zz&amp;sort=announced&amp;page=2"' in html
    response = client.get("/measures/", {"government": "zz", "sort": "announced", "page": 2})
    second = response.context["page_obj"].object_list
    assert [m.announced_on.day for m in second] == [26, 27, 28, 29, 30]
    assert all(m.government_id == government.pk for m in second)


def test_the_filterset_is_the_one_definition(db):
    """Exports and feeds call the same FilterSet: a plain dict of lists works too."""
    MeasureFactory(government=GovernmentFactory(code="ZY", slug="zy", name="Zy"))
    filterset = MeasureFilter({"government": ["zy"]}, queryset=Measure.objects.all())
    assert filterset.is_valid()
    assert filterset.qs.count() == 1
    assert [facet.name for facet in filterset.facets()] == [
        "company",
        "government",
        "target_country",
        "group",
        "type",
        "status",
    ]


@pytest.mark.parametrize("text", ["huawei", "ban", "entity list", "hikvision", "5g huawei"])
def test_a_texts_matches_read_ahead_are_those_of_the_subquery(client, article_seed, text):
    """Few matches are read once as ids (MeasureFilter.text_matches); many stay a subquery."""
    from measures import filters

    def page(read_ahead):
        filters.TEXT_MATCHES_READ_AHEAD = read_ahead
        response = client.get("/measures/", {"q": text})
        facets = {
            item["facet"].name: [(o.value, o.count) for o in item["facet"].options]
            for item in response.context["facets"]
        }
        return listed(client, q=text), facets, response.context["paginator"].count

    read_ahead = filters.TEXT_MATCHES_READ_AHEAD
    try:
        as_ids, as_subquery = page(read_ahead), page(0)
    finally:
        filters.TEXT_MATCHES_READ_AHEAD = read_ahead
    assert as_ids == as_subquery
    assert as_ids[2] > 0
