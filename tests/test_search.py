"""Search finds companies by name, alias or misspelling, and the measures and events around them."""

import pytest

from entities.models import Alias, Company
from tracker.search import search

pytestmark = pytest.mark.django_db


def slugs(items):
    return {item.slug for item in items}


def test_finds_a_company_by_name_and_its_measures(seed):
    results = search("hikvision")
    assert slugs(results.companies) == {"hikvision"}
    assert results.measures, "every measure against Hikvision is found"
    assert all(
        "hikvision" in {t.slug for t in measure.targets.all()} for measure in results.measures
    )
    assert results.corrected_to == []


@pytest.mark.parametrize("typo", ["Hikvison", "hikvsion", "Huawai", "Hauwei"])
def test_tolerates_spelling_mistakes(seed, typo):
    results = search(typo)
    assert slugs(results.companies) & {"hikvision", "huawei"}
    assert results.corrected_to
    assert results.measures


def test_finds_a_company_by_alias(seed):
    company = Company.objects.get(slug="zte")
    Alias.objects.get_or_create(company=company, name="Zhongxing Telecommunication Equipment")
    assert "zte" in slugs(search("zhongxing").companies)


def test_finds_measures_by_words_of_their_text(seed):
    results = search("canola")
    assert any(
        "canola" in m.title.lower() or "canola" in m.summary.lower() for m in results.measures
    )


def test_finds_events(seed):
    assert search("Meng").events


def test_empty_and_hostile_queries_are_harmless(seed):
    assert search("").total == 0
    assert search("   ").total == 0
    assert search("<script>alert(1)</script>").total == 0
    assert search("x" * 5000).query == "x" * 200


# N+1 guard: names (the search table: exact forms and prefixes, then, for a misspelling
# like this one, near words and the names holding them; then the companies and list
# entries of the names shown), the ids of the measures the text matches, measures, their
# targets (one prefetch), events; the same however many rows match. (Was 7 before the
# search table; 4 before near spellings were looked for word by word; 6 before names were
# read as plain rows and their companies after; 7 before the text's matches were read ahead.)
SEARCH_QUERIES = 8


def test_search_costs_a_fixed_number_of_queries(seed, django_assert_num_queries):
    with django_assert_num_queries(SEARCH_QUERIES):
        search("Hikvison")


def test_the_measures_q_uses_the_same_names_engine(client, seed):
    """The list's q finds a target by a near spelling, an identifier or a Chinese name."""
    from measures.filters import MeasureFilter
    from measures.models import Measure

    def found(text):
        return set(MeasureFilter({"q": text}, queryset=Measure.objects.all()).qs)

    hikvision = set(Measure.objects.filter(targets__slug="hikvision"))
    assert found("Hikvison") == found("Hikvision") == hikvision
    assert found("CNE100000PM8") == hikvision
    assert found("海康威视") == hikvision
    assert found("Hikvision Canada") == set()  # every word must match somewhere


def test_each_word_of_q_may_be_in_any_part_of_a_measures_text(seed):
    """On PostgreSQL the title, summary and legal basis are matched through one trigram
    index of the three joined; a word found in any one of them counts, and a word made of
    the end of one and the start of the next does not."""
    from measures.filters import MeasureFilter
    from measures.models import Measure

    def found(text):
        return set(MeasureFilter({"q": text}, queryset=Measure.objects.all()).qs)

    def in_a_field(fragment):
        fragment = fragment.lower()
        return {
            measure
            for measure in Measure.objects.all()
            if any(
                fragment in text.lower()
                for text in (measure.title, measure.summary, measure.legal_basis)
            )
        }

    measure = Measure.objects.get(slug="canada-5g-ban-huawei-zte")
    assert measure.summary and measure.legal_basis
    # Four letters from inside a word of each part (no name begins so, too short for a
    # near spelling), in any case.
    parts = [
        max(text.split(), key=len)[1:5]
        for text in (measure.title, measure.summary, measure.legal_basis)
    ]
    for part in parts:
        assert measure in in_a_field(part)
        assert found(part.upper()) >= in_a_field(part)
    assert measure in found(" ".join(parts))
    across = measure.title.strip()[-2:] + measure.summary.strip()[:2]
    if not in_a_field(across):
        assert measure not in found(across)
    assert found("qxzq") == set()


def test_full_text_search_stems_words_on_postgresql(seed):
    from django.db import connection

    from measures.filters import MeasureFilter
    from measures.models import Measure

    if connection.vendor != "postgresql":
        pytest.skip("full-text search is PostgreSQL's (SQLite matches substrings)")
    found = MeasureFilter({"q": "banned"}, queryset=Measure.objects.all()).qs
    assert "canada-5g-ban-huawei-zte" in {measure.slug for measure in found}
