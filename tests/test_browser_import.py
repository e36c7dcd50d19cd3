"""
A reader after an import, in a real browser: the Lists page shows the run, and a company
newly tracked from the Entity List shows its listing with its citation and official page.
"""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from measures.models import Measure
from tests.importers.conftest import REAL_DATA

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

CSL = REAL_DATA / "us-csl" / "csl.csv"
ACT = "us-entity-list-2014-06-05-79-fr-32441"


def test_reader_finds_a_newly_tracked_company_and_its_listing(page: Page, live_server, seed):
    if not CSL.is_file():
        pytest.skip("real list slices not found")
    call_command("import_list", "csl", str(CSL), stdout=io.StringIO())
    company = Measure.objects.get(slug=ACT).targets.order_by("slug").first()
    page.set_default_timeout(15_000)

    page.goto(live_server.url)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Lists").click()
    expect(page).to_have_url(re.compile(r"/lists/$"))
    csl = page.locator("#list-csl")
    expect(csl).to_contain_text("Consolidated Screening List")
    expect(csl).to_contain_text("8 November 2023")
    expect(csl.locator("table")).to_contain_text("307")
    expect(page.locator("#list-fcc-covered")).to_contain_text("Not imported yet")

    page.goto(f"{live_server.url}/companies/{company.slug}/")
    expect(page.locator("h1")).to_have_text(company.short_name)
    listing = page.locator(".listing").first
    expect(listing).to_contain_text("Listed")
    expect(listing).to_contain_text("EL")
    citation = listing.get_by_role("link", name="79 FR 32441")
    expect(citation).to_have_attribute(
        "href", "https://www.federalregister.gov/citation/79-FR-32441"
    )
    expect(listing.locator("a[href*='bis.doc.gov']")).to_be_visible()
    measure = page.locator(".measure-item", has_text="to the Entity List")
    expect(measure).to_be_visible()
