"""
A reader's journeys through the public site in a real browser (Playwright
driving Debian's Chromium), by mouse and by keyboard alone, with JavaScript
off, under axe-core's WCAG 2.1 AA rules, at desktop and phone widths.

Screenshots go to test-artifacts/screenshots/ (not committed) for a human to look at.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"]

CANADA_BAN = "Canada announces it intends to prohibit Huawei and ZTE from its 5G and 4G networks"
SDN = "US weighed Global Magnitsky (SDN) sanctions on Hikvision; Treasury declined"
NOT_IMPOSED = re.compile(r"^(Proposed|Declined)$")
DEADLINES = ["1 September 2022", "28 June 2024", "31 December 2027"]


def shoot(page: Page, name: str):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def desktop(browser: Browser):
    context = browser.new_context(viewport=DESKTOP, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone(browser: Browser):
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def read_the_canada_ban(page: Page):
    """On the ban's page: its three deadlines, the first two past, the last upcoming."""
    expect(page.locator("h1")).to_have_text(CANADA_BAN)
    deadlines = page.locator("table.milestones tbody tr", has_text="Deadline")
    expect(deadlines).to_have_count(3)
    for row, date in zip(deadlines.all(), DEADLINES, strict=True):
        expect(row.locator("td").first).to_have_text(date)
    expect(deadlines.nth(0)).to_contain_text("Past")
    expect(deadlines.nth(1)).to_contain_text("Past")
    expect(deadlines.nth(2)).to_contain_text("Upcoming")


def test_reader_finds_hikvision_then_filters_to_canada_and_reads_the_ban(
    desktop: Page, live_server, seed
):
    page = desktop
    page.goto(live_server.url)
    expect(page.locator("h1")).to_have_text("Sanctions Tracker")
    shoot(page, "journey-1-home-desktop")

    page.locator(".company-cards").get_by_role("link", name="Hikvision").click()
    expect(page).to_have_url(re.compile(r"/companies/hikvision/$"))
    sdn = page.locator(".measure-item", has_text=SDN)
    expect(sdn).to_be_visible()
    expect(sdn.locator(".status")).to_have_text("Declined")
    expect(page.locator("svg.timeline-chart")).to_be_visible()
    shoot(page, "journey-2-hikvision-desktop")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Measures").click()
    page.locator("#filter-government").get_by_label(re.compile(r"^Canada")).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"/measures/\?.*government=CA"))
    expect(page.locator(".measure-item")).to_have_count(1)
    expect(page.locator("#results-title")).to_have_text("1 measure")
    shoot(page, "journey-3-measures-canada-desktop")

    page.get_by_role("link", name=CANADA_BAN).click()
    read_the_canada_ban(page)
    shoot(page, "journey-4-canada-ban-desktop")


def tab_to(page: Page, name: str, limit: int = 250):
    """Press Tab until the focused element's accessible text starts with ``name``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const el = document.activeElement;
                const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
                return (label || el.innerText || el.value || '').trim();
            }"""
        )
        if focused.startswith(name):
            outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"{name!r} has focus but no visible focus ring"
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_the_same_journey_by_keyboard_alone(desktop: Page, live_server, seed):
    page = desktop
    page.goto(live_server.url)

    tab_to(page, "Skip to content")  # the first stop, for keyboard users
    tab_to(page, "Hikvision")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/companies/hikvision/$"))
    expect(page.locator(".measure-item", has_text=SDN)).to_contain_text("Declined")

    tab_to(page, "Measures")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/measures/$"))
    tab_to(page, "Canada")
    page.keyboard.press("Space")
    expect(page.locator("#filter-government").get_by_label(re.compile(r"^Canada"))).to_be_checked()
    tab_to(page, "Apply filters")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"government=CA"))
    expect(page.locator(".measure-item")).to_have_count(1)

    tab_to(page, CANADA_BAN)
    page.keyboard.press("Enter")
    read_the_canada_ban(page)
    shoot(page, "keyboard-canada-ban-desktop")


def test_the_site_works_with_javascript_off(browser: Browser, live_server, seed):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/measures/")
    page.locator("#filter-status").get_by_label(re.compile(r"^Declined")).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".measure-item")).to_have_count(1)
    expect(page.locator(".measure-item")).to_contain_text(SDN)
    page.goto(f"{live_server.url}/companies/hikvision/")
    expect(page.locator("svg.timeline-chart")).to_be_visible()
    page.get_by_text("The timeline in words").click()  # <details> opens without script
    expect(page.locator(".timeline-entries")).to_be_visible()
    context.close()


def never_as_imposed(page: Page, imposed_section: str, weighed_section: str):
    """Every measure under ``imposed_section`` is imposed; the declined SDN measure is apart."""
    imposed = page.locator(imposed_section)
    expect(imposed.locator(".measure-item").first).to_be_visible()
    for status in imposed.locator(".measure-item .status").all():
        expect(status).not_to_have_text(NOT_IMPOSED)
    expect(imposed.locator(".measure-item", has_text=SDN)).to_have_count(0)
    weighed = page.locator(weighed_section)
    sdn = weighed.locator(".measure-item", has_text=SDN)
    expect(sdn).to_have_count(1)
    expect(sdn.locator(".status")).to_have_text("Declined")
    expect(sdn).to_contain_text("Weighed against Hikvision")


def test_pages_never_present_a_declined_or_proposed_measure_as_imposed(
    desktop: Page, live_server, seed
):
    page = desktop
    page.goto(live_server.url)
    stats = page.locator(".stats__list")
    expect(stats).to_contain_text("1 declined, not imposed")
    expect(stats.locator("li").first).to_contain_text("measures imposed")
    never_as_imposed(
        page, "section[aria-labelledby=latest-title]", "[aria-labelledby=proposed-title]"
    )
    # The company cards count what was imposed and name the declined apart.
    card = page.locator(".company-card", has_text="Hikvision")
    expect(card).to_contain_text("imposed by")
    expect(card).to_contain_text("1 declined")
    shoot(page, "never-overstate-home")

    for path in ("/companies/hikvision/", "/governments/united-states/"):
        page.goto(live_server.url + path)
        expect(page.locator(".lede")).to_contain_text("Weighed, not imposed: 1 declined")
        never_as_imposed(
            page,
            "section[aria-labelledby=measures-title]",
            "section[aria-labelledby=weighed-title]",
        )
        expect(page.locator("section[aria-labelledby=measures-title]")).not_to_contain_text(
            "Weighed by"
        )
        shoot(page, "never-overstate" + path.replace("/", "-").rstrip("-"))

    # The matrix marks the declined type and does not count it.
    page.goto(live_server.url + "/matrix/")
    row = page.locator("tr", has=page.get_by_role("link", name="Hikvision", exact=True))
    expect(row.locator(".tag", has_text="declined, not imposed")).to_have_count(1)


AXE_PAGES = [
    ("home", "/"),
    ("measures", "/measures/"),
    ("measures-filtered", "/measures/?government=US&status=in_force&sort=title"),
    ("measures-bad-input", "/measures/?government=XX&date_from=soon"),
    ("company", "/companies/hikvision/"),
    ("measure", "/measures/canada-5g-ban-huawei-zte/"),
    ("matrix", "/matrix/"),
    ("companies", "/companies/"),
    ("governments", "/governments/"),
    ("government", "/governments/united-states/"),
    ("deadlines", "/deadlines/"),
    ("search", "/search/?q=huawei"),
    ("not-found", "/companies/no-such-company/"),
]


@pytest.mark.parametrize(("name", "path"), AXE_PAGES)
def test_axe_finds_no_violations(desktop: Page, live_server, seed, name, path):
    page = desktop
    page.goto(f"{live_server.url}{path}")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})""",
        AXE_TAGS,
    )
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in result["violations"]
    ]
    assert problems == [], "\n".join(problems)


SCREENSHOT_PAGES = [
    ("home", "/"),
    ("measures", "/measures/?government=US"),
    ("company", "/companies/huawei/"),
    ("measure", "/measures/canada-5g-ban-huawei-zte/"),
    ("matrix", "/matrix/"),
    ("deadlines", "/deadlines/"),
]


@pytest.mark.parametrize(("name", "path"), SCREENSHOT_PAGES)
def test_pages_fit_a_phone_and_a_desktop(desktop: Page, phone: Page, live_server, seed, name, path):
    for page, width, label in (
        (desktop, DESKTOP["width"], "desktop"),
        (phone, PHONE["width"], "phone"),
    ):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("h1")).to_be_visible()
        # Nothing sticks out sideways: wide tables and the chart scroll in their own box.
        overflow = page.evaluate("() => document.documentElement.scrollWidth")
        assert overflow <= width, f"{path} is {overflow}px wide on a {width}px {label}"
        shoot(page, f"{name}-{label}")
