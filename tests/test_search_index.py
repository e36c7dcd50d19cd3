"""
The words of the search table (where near spellings are looked for) follow the names: saves
and deletions (signals), list imports and ``rebuild_search_index`` all keep them, and the
count of names holding each word, current.
"""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from entities.models import Alias, Company
from measures.models import SearchName, SearchNameWord, SearchWord
from measures.search.engine import find
from sources.models import ListEntry
from tests.importers.conftest import REAL_DATA
from tracker.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def counts_agree() -> bool:
    """Every word's count is the number of names holding it (words no name holds count 0)."""
    linked = dict(SearchNameWord.objects.order_by().values_list("word").annotate(Count("pk")))
    counted = dict(SearchWord.objects.filter(names__gt=0).values_list("word", "names"))
    return linked == counted and set(linked) <= set(
        SearchWord.objects.values_list("word", flat=True)
    )


def test_an_alias_saved_is_found_by_a_near_spelling_and_forgotten_when_deleted(seed):
    hikvision = Company.objects.get(slug="hikvision")
    alias = Alias.objects.create(company=hikvision, name="Zephyrion Optics")
    assert SearchWord.objects.get(word="zephyrion").names == 1
    hits, _ = find("Zephyrian Optics")
    assert hits[0].company == hikvision and hits[0].how == "fuzzy"
    assert hits[0].text == "Zephyrion Optics"
    assert counts_agree()

    alias.delete()
    assert not SearchNameWord.objects.filter(word="zephyrion").exists()
    assert SearchWord.objects.get(word="zephyrion").names == 0
    hits, _ = find("Zephyrian Optics")
    assert all(hit.text != "Zephyrion Optics" for hit in hits)
    assert counts_agree()
    # The word left behind, held by no name, does not hide a near one that is held.
    zte = Company.objects.get(slug="zte")
    Alias.objects.create(company=zte, name="Zephyrian")
    hits, _ = find("Zephyrion")
    assert hits[0].company == zte and hits[0].text == "Zephyrian"


def test_a_company_deleted_takes_its_words_links_along(seed):
    company = CompanyFactory(short_name="Zephyrion Optics", slug="zephyrion")
    hits, _ = find("Zephyrian Optics")
    assert hits[0].company == company
    company.delete()
    assert not SearchNameWord.objects.filter(word="zephyrion").exists()
    hits, _ = find("Zephyrian Optics")
    assert hits == []


def test_imports_and_rebuild_keep_the_words_and_their_counts(seed):
    if not (REAL_DATA / "README.md").is_file():
        pytest.skip(f"real list slices not found at {REAL_DATA}")
    call_command("import_list", "csl", str(REAL_DATA / "us-csl/csl.csv"), stdout=io.StringIO())
    assert SearchWord.objects.filter(word="hytera").exists()
    assert counts_agree()
    words = SearchNameWord.objects.count()
    call_command("rebuild_search_index", verbosity=0)
    assert SearchNameWord.objects.count() == words
    assert counts_agree()
    assert not SearchWord.objects.filter(names=0).exists()  # rebuilt: no word left over


def test_a_reimport_replaces_a_changed_entrys_names_and_adds_the_new_ones(seed, tmp_path):
    """New entries are written without looking for rows to delete; an entry changed in
    the same run still loses its old names and words."""
    if not (REAL_DATA / "README.md").is_file():
        pytest.skip(f"real list slices not found at {REAL_DATA}")
    lines = (REAL_DATA / "us-csl/csl.csv").read_text(encoding="utf-8").splitlines(True)
    first, rest = lines[:3], lines[3:]  # two header lines, then China Telecom
    path = tmp_path / "csl.csv"
    path.write_text("".join(first), encoding="utf-8")
    call_command("import_list", "csl", str(path), stdout=io.StringIO())
    telecom = ListEntry.objects.get(list_key="csl", entry_id="30882")
    old_name = SearchName.objects.filter(entry=telecom, text="China Telecom Corporation Limited")
    assert old_name.exists()

    renamed = first[2].replace("China Telecom Corporation Limited", "Zephyrion Optics Limited")
    path.write_text("".join([*first[:2], renamed, *rest]), encoding="utf-8")
    call_command("import_list", "csl", str(path), "--force", stdout=io.StringIO())
    assert not old_name.exists()
    hits, _ = find("Zephyrion Optics")
    assert hits and hits[0].entry == telecom
    assert SearchName.objects.filter(entry__list_key="csl").values("entry").distinct().count() > 300
    assert counts_agree()


def test_a_hit_whose_search_name_is_gone_is_left_out_not_an_error(seed):
    """An import may delete a search name between the read of candidates and the read of
    their companies: that hit names nothing and is not shown."""
    from measures.search import engine, reading

    hits, _ = engine.find("Huawei")
    gone = engine.Hit(-1, hits[0].company_id, None, "name", "legal name", "Gone", "exact", 1.0)
    reading.attach([gone])
    assert gone.company is None and gone.entry is None
