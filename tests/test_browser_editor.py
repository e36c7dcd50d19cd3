"""
An editor's journey in a real browser (Playwright driving Debian's Chromium).

A policy analyst reads that on 24 November 2022 the UK government told its
departments to stop deploying Chinese-made surveillance cameras (Hikvision's
among them) on sensitive sites. They log in, record the measure with its
type, target, date, a milestone and a new source, without touching a primary
key; it then shows on the public pages where it belongs. They correct a word
of the summary, and the public change log shows the correction.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from measures.management.commands.create_editor import make_editor

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PASSWORD = "a long editor passphrase 42"
TITLE = "UK stops deploying Chinese-made surveillance cameras on sensitive government sites"
SLUG = "uk-stops-deploying-chinese-made-surveillance-cameras-on-sensitive-government-sites"
SUMMARY = (
    "The UK government told its departments to stop deploying Chinese-made security "
    "cameras, Hikvision's among them, on sensitive sites, and not to connect such "
    "equipment to their core networks."
)


def pick(page: Page, select_id: str, typed: str, choice: str):
    """Choose in an admin autocomplete (select2) box by typing, as an editor does."""
    page.locator(f"#{select_id} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=choice).first.click()


@pytest.fixture
def editor(seed):
    user, _ = make_editor("analyst", password=PASSWORD)
    return user


def test_an_editor_records_a_measure_and_readers_see_it(page: Page, live_server, editor):
    base = live_server.url
    page.set_default_timeout(15_000)

    # Log in.
    page.goto(f"{base}/admin/")
    page.fill("#id_username", "analyst")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text("analyst")

    # Record the measure.
    page.goto(f"{base}/admin/measures/measure/add/")
    page.locator("#id_title").press_sequentially(TITLE)
    expect(page.locator("#id_slug")).to_have_value(SLUG)  # prepopulated from the title
    page.select_option("#id_measure_type", label="Government procurement ban")
    page.select_option("#id_status", label="In force")
    page.select_option("#id_government", label="United Kingdom")
    pick(page, "id_authority", "UK", "UK Government")
    page.fill("#id_announced_on", "2022-11-24")
    page.fill("#id_summary", SUMMARY)
    page.fill("#id_legal_basis", "Written ministerial statement, 24 November 2022")

    # A new source, added from the measure form without leaving it.
    with page.expect_popup() as popup_info:
        page.click("#add_id_sources")
    popup = popup_info.value
    popup.fill("#id_publisher", "UK Parliament")
    popup.fill("#id_author", "Oliver Dowden, Chancellor of the Duchy of Lancaster")
    popup.fill("#id_title", "Security Update on Surveillance Equipment")
    popup.locator("#id_published_on").press_sequentially("2022-11-24")
    expect(popup.locator("#id_slug")).not_to_have_value("")
    popup.click("input[name=_save]")
    popup.wait_for_event("close")
    expect(page.locator("#id_sources + .select2")).to_contain_text("Security Update")

    # Its target (found by typing part of a name) and a milestone.
    pick(page, "id_measure_targets-0-company", "Hikv", "Hikvision")
    page.fill("#id_measure_targets-0-note", "Cameras on sensitive government sites")
    page.select_option("#id_milestones-0-kind", label="Announced")
    page.fill("#id_milestones-0-date", "2022-11-24")
    page.fill("#id_milestones-0-description", "Written ministerial statement to Parliament.")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    measure_url = f"{base}/measures/{SLUG}/"

    # On the public Hikvision page, with the timeline in words.
    page.goto(f"{base}/companies/hikvision/")
    expect(page.get_by_role("link", name=TITLE).first).to_be_visible()
    page.locator("details.timeline-words summary").click()
    expect(page.locator(".timeline-entries")).to_contain_text(TITLE)
    expect(page.locator(".timeline-entries")).to_contain_text("24 November 2022")

    # In the list of what the UK has done (the filter lives in the query string).
    page.goto(f"{base}/measures/?government=GB")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()

    # In the matrix: Hikvision's row now has a United Kingdom cell.
    page.goto(f"{base}/matrix/")
    hikvision = page.locator("tr", has=page.get_by_role("link", name="Hikvision", exact=True))
    expect(
        hikvision.locator('a[href*="government=GB"]', has_text="Government procurement ban")
    ).to_be_visible()

    # Not among the deadlines: it has none.
    page.goto(f"{base}/deadlines/")
    expect(page.locator("main")).not_to_contain_text(TITLE)

    # Its own page: dates at their precision, the milestone, the source, the change log.
    page.goto(measure_url)
    expect(page.locator("h1")).to_have_text(TITLE)
    main = page.locator("main")
    expect(main).to_contain_text("24 November 2022")
    expect(main).to_contain_text("Written ministerial statement to Parliament.")
    expect(main).to_contain_text("Security Update on Surveillance Equipment")
    expect(page.locator(".change-log")).to_contain_text("Record created")

    # The editor corrects a word of the summary...
    page.goto(f"{base}/admin/measures/measure/")
    page.get_by_role("link", name=TITLE).click()
    page.fill("#id_summary", SUMMARY.replace("security cameras", "surveillance cameras"))
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    # ...and readers see what changed and when, but not who.
    page.goto(measure_url)
    log = page.locator(".change-log")
    expect(log.locator("del")).to_contain_text("security")
    expect(log.locator("ins")).to_contain_text("surveillance")
    expect(log.locator("time")).to_have_count(2)
    expect(main).to_contain_text("surveillance cameras, Hikvision's among them")
    assert "analyst" not in page.content()

    # The editor sees who did it, in the admin's history of the record.
    page.goto(f"{base}/admin/measures/measure/")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="History").click()
    history = page.locator("#change-history")
    expect(history).to_contain_text("analyst")
    expect(history).to_contain_text(re.compile(r"Summary"))
