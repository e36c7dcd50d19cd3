"""The first layer (fixtures/seed.json) tells the May 2022 article's story faithfully, loads
cleanly and loads twice. The corrected record (the second layer) is tested in test_record.py."""

import datetime
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from entities.models import Alias, Company, Government, Group, Identifier
from measures.models import Event, Measure, MeasureRelation, Milestone
from sources.models import Quote, Source

pytestmark = pytest.mark.django_db

D = datetime.date
SEED_PATH = Path(settings.BASE_DIR) / "fixtures" / "seed.json"

# FACTS.md gives no addresses for any source, so no URL is allowed. An official
# address (a Federal Register or government page) may be added here only with
# the line of FACTS.md that names it.
URL_ALLOWLIST: frozenset[str] = frozenset()

CANADA_BAN = "canada-5g-ban-huawei-zte"
HUAWEI_ENTITY_LIST = "us-entity-list-huawei-2019"
HUAWEI_ENTITY_LIST_2020 = "us-entity-list-huawei-2020-expansion"
HIKVISION_ENTITY_LIST = "us-entity-list-hikvision-2019"
PROCUREMENT_BAN = "us-procurement-ban-section-889"
PENTAGON_LIST = "us-dod-chinese-military-companies-2020"
NS_CMIC = "us-ns-cmic-investment-ban-2021"
HIKVISION_SDN = "us-sdn-hikvision-proposed"
CANOLA_BAN = "china-canola-import-ban"


def seed_models():
    """Every model the seed fills, with the auto-created many-to-many tables."""
    return [
        model
        for label in ("entities", "measures")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]


def row_counts():
    return {model._meta.label: model.objects.count() for model in seed_models()}


# Counts


def test_seed_has_every_row_of_the_facts(article_seed):
    assert Measure.objects.count() == 13
    assert Company.objects.count() == 5
    assert Government.objects.count() == 7
    assert Source.objects.count() == 10
    assert Event.objects.count() == 9
    assert Group.objects.count() == 1
    assert Quote.objects.count() == 4
    assert MeasureRelation.objects.count() == 3
    assert apps.get_model("entities", "Authority").objects.count() == 10
    assert apps.get_model("measures", "MeasureType").objects.count() == 7


def test_governments_codes_slugs_and_kinds(article_seed):
    assert dict(Government.objects.values_list("code", "slug")) == {
        "CA": "canada",
        "US": "united-states",
        "GB": "united-kingdom",
        "AU": "australia",
        "NZ": "new-zealand",
        "CN": "china",
        "UN": "united-nations",
    }
    assert Government.objects.get(code="UN").kind == Government.Kind.INTERGOVERNMENTAL
    assert set(Government.objects.exclude(code="UN").values_list("kind", flat=True)) == {
        Government.Kind.STATE
    }


def test_companies_slugs_countries_and_identifiers(article_seed):
    assert dict(Company.objects.values_list("slug", "country__code")) == {
        "huawei": "CN",
        "zte": "CN",
        "hikvision": "CN",
        "richardson": "CA",
        "viterra": "CA",
    }
    hikvision = Company.objects.get(slug="hikvision")
    assert set(hikvision.identifiers.values_list("scheme", "value")) == {
        ("ticker", "002415"),
        ("isin", "CNE100000PM8"),
    }
    assert Identifier.objects.get(scheme="ticker", value="002415").note == "Shenzhen Stock Exchange"
    assert Alias.objects.filter(company=hikvision).exists()


# Every record is whole and cited


def test_every_row_passes_model_validation(article_seed):
    """What the admin would refuse (e.g. an authority of another government) is not in the seed."""
    for model in seed_models():
        if model._meta.auto_created:
            continue
        for row in model.objects.all():
            row.full_clean()


def test_every_measure_has_type_imposer_target_and_source(article_seed):
    for measure in Measure.objects.all():
        assert measure.measure_type_id, measure.slug
        assert measure.government_id, measure.slug
        assert measure.authority.government_id == measure.government_id, measure.slug
        assert measure.targets.exists(), measure.slug
        assert measure.sources.exists(), measure.slug
        assert measure.milestones.exists(), measure.slug
        assert measure.summary.strip(), measure.slug


def test_every_event_cites_a_source(article_seed):
    for event in Event.objects.all():
        assert event.sources.exists(), event.slug
        assert event.companies.exists() or event.governments.exists(), event.slug


def test_quotes_keep_speaker_role_and_source(article_seed):
    quotes = {q.speaker: q for q in Quote.objects.select_related("source")}
    assert set(quotes) == {
        "François-Philippe Champagne",
        "Jonathan Berkshire-Miller",
        "Emily Kilcrease",
        "Ovalbek Turdakun",
    }
    assert quotes["François-Philippe Champagne"].source.publisher == "CBC News"
    assert quotes["Jonathan Berkshire-Miller"].source.publisher == "China Digital Times"
    assert quotes["Emily Kilcrease"].source.publisher == "The Wire China"
    assert quotes["Ovalbek Turdakun"].source.publisher == "IPVM"
    assert "virtual prison guards" in quotes["Ovalbek Turdakun"].text
    assert "kicking this company off the global financial infrastructure" in (
        quotes["Emily Kilcrease"].text
    )
    for quote in quotes.values():
        assert quote.speaker_role, quote.speaker


# The facts that matter most


def test_canada_ban_has_exactly_its_three_deadlines(article_seed):
    measure = Measure.objects.get(slug=CANADA_BAN)
    assert measure.government.code == "CA"
    assert measure.authority.slug == "ised"
    assert set(measure.targets.values_list("slug", flat=True)) == {"huawei", "zte"}
    assert measure.announced_on == D(2022, 5, 19)
    deadlines = measure.milestones.filter(kind=Milestone.Kind.DEADLINE).order_by("date")
    assert [(m.date, m.date_precision) for m in deadlines] == [
        (D(2022, 9, 1), "day"),
        (D(2024, 6, 28), "day"),
        (D(2027, 12, 31), "day"),
    ]
    # Judged against the pinned today (2026-11-29).
    assert [m.is_past for m in deadlines] == [True, True, False]


def test_hikvision_sdn_is_only_proposed(article_seed):
    measure = Measure.objects.get(slug=HIKVISION_SDN)
    assert measure.status == Measure.Status.PROPOSED
    assert measure.measure_type.slug == "sdn"
    assert list(measure.targets.values_list("slug", flat=True)) == ["hikvision"]
    assert measure.effective_on is None


def test_canola_ban_is_lifted(article_seed):
    measure = Measure.objects.get(slug=CANOLA_BAN)
    assert measure.government.code == "CN"
    assert measure.status == Measure.Status.LIFTED
    assert (measure.lifted_on, measure.lifted_on_precision) == (D(2022, 5, 18), "day")
    assert measure.milestones.filter(kind="lifted", date=D(2022, 5, 18)).exists()
    assert set(measure.targets.values_list("slug", flat=True)) == {"richardson", "viterra"}


def test_ns_cmic_listing_effective_and_divestment_dates(article_seed):
    measure = Measure.objects.get(slug=NS_CMIC)
    assert (measure.announced_on, measure.announced_on_precision) == (D(2021, 6, 3), "day")
    assert (measure.effective_on, measure.effective_on_precision) == (D(2021, 8, 2), "day")
    assert "14032" in measure.legal_basis
    assert "CMIC-EO13959" in measure.legal_basis
    assert set(measure.milestones.values_list("kind", "date", "date_precision")) == {
        ("announced", D(2021, 6, 3), "day"),
        ("effective", D(2021, 8, 2), "day"),
        ("deadline", D(2022, 6, 3), "day"),
    }


@pytest.mark.parametrize(
    ("slug", "announced", "precision", "effective"),
    [
        (HUAWEI_ENTITY_LIST, D(2019, 5, 15), "day", D(2019, 5, 16)),
        (HUAWEI_ENTITY_LIST_2020, D(2020, 5, 15), "day", None),
        (HIKVISION_ENTITY_LIST, D(2019, 10, 7), "day", D(2019, 10, 9)),
        (PROCUREMENT_BAN, D(2018, 8, 13), "day", D(2019, 8, 13)),
        (PENTAGON_LIST, D(2020, 6, 24), "day", None),
        (NS_CMIC, D(2021, 6, 3), "day", D(2021, 8, 2)),
        (HIKVISION_SDN, D(2022, 5, 1), "month", None),
    ],
)
def test_us_measures_are_dated_as_precisely_as_the_facts_allow(
    article_seed, slug, announced, precision, effective
):
    measure = Measure.objects.get(slug=slug)
    assert (measure.announced_on, measure.announced_on_precision) == (announced, precision)
    assert measure.effective_on == effective


def test_legal_bases_and_coverage(article_seed):
    measures = {m.slug: m for m in Measure.objects.all()}
    assert measures[HUAWEI_ENTITY_LIST].legal_basis == "84 FR 22961"
    assert "§889" in measures[PROCUREMENT_BAN].legal_basis
    assert "§1237" in measures[PENTAGON_LIST].legal_basis
    assert measures[HUAWEI_ENTITY_LIST].coverage == Measure.Coverage.AFFILIATES
    assert measures[HUAWEI_ENTITY_LIST_2020].coverage == Measure.Coverage.AFFILIATES
    assert measures[HUAWEI_ENTITY_LIST_2020].milestones.filter(date=D(2020, 8, 17)).exists()
    assert measures[PROCUREMENT_BAN].milestones.filter(date=D(2020, 8, 13)).exists()


def test_partial_dates_keep_their_precision_and_render_as_such(article_seed):
    hikvision_2017 = Event.objects.get(date=D(2017, 1, 1))
    assert hikvision_2017.date_precision == "year"
    assert str(hikvision_2017.when) == "2017"
    assert str(Measure.objects.get(slug=HIKVISION_SDN).announced) == "May 2022"
    assert str(Source.objects.get(publisher="Financial Times").published) == "May 2022"
    assert str(Measure.objects.get(slug=CANADA_BAN).announced) == "19 May 2022"
    # Nothing known only to the year or month is padded to a fake day.
    for row in Event.objects.exclude(date_precision="day"):
        assert row.date.day == 1, row.slug
    assert set(Source.objects.values_list("published_on_precision", flat=True)) == {
        "day",
        "month",
        "year",
    }


def test_five_eyes_has_exactly_its_five_members(article_seed):
    five_eyes = Group.objects.get(slug="five-eyes")
    assert set(five_eyes.members.values_list("code", flat=True)) == {"CA", "US", "GB", "AU", "NZ"}


def test_relations_between_measures(article_seed):
    assert set(
        MeasureRelation.objects.values_list("from_measure__slug", "kind", "to_measure__slug")
    ) == {
        (HUAWEI_ENTITY_LIST_2020, "expands", HUAWEI_ENTITY_LIST),
        (NS_CMIC, "follows", PENTAGON_LIST),
        (HIKVISION_SDN, "escalates", HIKVISION_ENTITY_LIST),
    }


# The fixture file itself


def test_loading_the_seed_twice_changes_nothing(article_seed):
    before = row_counts()
    call_command("loaddata", "seed", verbosity=0)
    assert row_counts() == before


def _relation_fields(model):
    return {
        field.name: field
        for field in model._meta.get_fields()
        if field.concrete and field.is_relation
    }


def test_fixture_names_no_primary_keys():
    objects = json.loads(SEED_PATH.read_text(encoding="utf-8"))
    for entry in objects:
        assert "pk" not in entry, entry
        model = apps.get_model(entry["model"])
        for name, field in _relation_fields(model).items():
            value = entry["fields"].get(name)
            if value is None:
                continue
            assert isinstance(value, list), (entry["model"], name, value)
            keys = value if field.many_to_many else [value]
            for key in keys:
                assert isinstance(key, list) and key, (entry["model"], name, value)
                assert all(isinstance(part, str) for part in key), (entry["model"], name, value)


def test_fixture_invents_no_url():
    objects = json.loads(SEED_PATH.read_text(encoding="utf-8"))
    urls = [entry["fields"]["url"] for entry in objects if entry["model"] == "sources.source"]
    assert len(urls) == 10
    assert {url for url in urls if url} <= URL_ALLOWLIST
