"""
The admin and the API docs work under their Content-Security-Policy: a real
browser (Chromium) reports no violation, and Swagger UI renders the API.
"""

import pytest
from playwright.sync_api import Page, expect

from measures.management.commands.create_editor import make_editor

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PASSWORD = "a long editor passphrase 42"


def watch_for_violations(page: Page) -> list[str]:
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    return violations


def test_the_api_docs_run_under_their_policy(page: Page, live_server, seed):
    violations = watch_for_violations(page)
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Sanctions Tracker API")
    expect(page.locator(".opblock-summary-path", has_text="/api/measures/").first).to_be_visible()
    assert violations == []


def test_the_admin_runs_under_its_policy(page: Page, live_server, seed):
    make_editor("analyst", password=PASSWORD)
    violations = watch_for_violations(page)
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "analyst")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text("analyst")
    for path in [
        "/admin/measures/measure/",
        "/admin/measures/measure/add/",
        "/admin/entities/company/",
    ]:
        page.goto(live_server.url + path)
    page.goto(f"{live_server.url}/admin/measures/measure/add/")
    page.locator("#id_title").press_sequentially("A title")
    expect(page.locator("#id_slug")).to_have_value("a-title")  # the admin's script ran
    assert violations == []
