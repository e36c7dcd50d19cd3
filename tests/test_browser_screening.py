"""
A compliance analyst screens a short vendor list in a real browser (Playwright driving
Debian's Chromium) with JavaScript off: mixed spellings, one identifier and one name that
matches nothing; each line shows its matches with the reasons and the measures that apply,
and the same rows download as CSV. Checked under axe-core's WCAG 2.1 AA rules.
"""

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"]
VENDORS = ["Hauwei Technologies", "ZTE Corp.", "海康威视", "CNE 1000 00PM8", "Acme Widgets GmbH"]


def test_an_analyst_screens_a_vendor_list_and_downloads_the_csv(
    browser: Browser, live_server, seed
):
    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Screen").click()
    expect(page.locator("h1")).to_have_text("Screen a list")
    expect(page.get_by_text("Nothing you screen is stored or logged.")).to_be_visible()

    page.get_by_label("Names or identifiers, one a line").fill("\n".join(VENDORS))
    page.get_by_role("button", name="Screen", exact=True).click()
    expect(page.locator("#screen-results")).to_contain_text("4 of 5 lines matched")

    lines = page.locator(".screen-line")
    expect(lines).to_have_count(5)
    huawei = lines.nth(0)
    expect(huawei).to_contain_text("near spelling")
    expect(huawei.locator("mark").first).to_have_text("Huawei")
    expect(huawei.locator("table.screen-measures")).to_contain_text(
        "Canada announces it intends to prohibit Huawei and ZTE from its 5G and 4G networks"
    )
    expect(huawei.locator("table.screen-measures")).to_contain_text("31 December 2027")
    expect(lines.nth(1)).to_contain_text("ZTE")
    expect(lines.nth(2)).to_contain_text("Hikvision")
    expect(lines.nth(2)).to_contain_text("exact alias")
    expect(lines.nth(3)).to_contain_text("ISIN")
    expect(lines.nth(3).locator("table.screen-measures")).to_contain_text("Entity List")
    expect(lines.nth(4)).to_contain_text("No match.")

    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV").click()
    download = info.value
    assert download.suggested_filename == "screening.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text("utf-8"))))
    assert {row["input"] for row in rows} == set(VENDORS)
    assert {row["company"] for row in rows if row["line"] == "1"} == {"Huawei"}
    assert [row["result"] for row in rows if row["line"] == "5"] == ["no match"]
    context.close()


def test_the_screening_page_meets_wcag_aa(browser: Browser, live_server, seed):
    if not AXE.is_file():
        pytest.skip("axe-core not installed (npm install)")
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(live_server.url + "/screen/")
    page.get_by_label("Names or identifiers, one a line").fill("Huawei\nNobody Ltd")
    page.get_by_role("button", name="Screen", exact=True).click()
    expect(page.locator("#screen-results")).to_be_visible()
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async tags => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    violations = [(v["id"], v["help"], len(v["nodes"])) for v in result["violations"]]
    assert violations == []
    context.close()
