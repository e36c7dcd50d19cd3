"""
Production refuses the development key; the deploy checks pass in a production
configuration; behind a proxy the admin's lock-out sees the real client, locks a
username only from the address that failed, and throttles spraying from one address;
the admin and the API docs carry a Content-Security-Policy.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from core.checks import check_secret_key, secret_key_problem
from core.net import client_ip
from measures.management.commands.create_editor import make_editor

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a long editor password 42"
STRONG_KEY = "k7Qz3vP9xL2mN8rT5wY1bC6dF4gH0jS_aE-uI7oU3iR9tV2nM5xZ8q"
PROXY = "10.0.0.2"


def manage(*args, **env):
    """Run manage.py in a fresh process with production-like settings."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST", "DATABASE_URL"))
    }
    clean.update(DJANGO_SETTINGS_MODULE="tracker.settings", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=300,
    )


PRODUCTION = {
    "DJANGO_SECRET_KEY": STRONG_KEY,
    "DJANGO_SECURE": "1",
    "DJANGO_ALLOWED_HOSTS": "tracker.example.org",
}


# The secret key


def test_the_deploy_check_fails_without_a_secret_key():
    result = manage("check", "--deploy", DJANGO_ALLOWED_HOSTS="tracker.example.org")
    assert result.returncode != 0
    assert "core.E001" in result.stderr
    assert "development key" in result.stderr


def test_the_deploy_check_passes_in_a_production_configuration():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr


def test_https_without_a_secret_key_does_not_start():
    env = {key: value for key, value in PRODUCTION.items() if key != "DJANGO_SECRET_KEY"}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        ("", "empty"),
        ("django-insecure-" + "x" * 60, "development key"),
        ("short", "too weak"),
        ("a" * 60, "too weak"),
        (STRONG_KEY, None),
    ],
)
def test_secret_key_problems(key, problem):
    found = secret_key_problem(key, "the-dev-key")
    assert (found is None) if problem is None else (problem in found)


def test_the_check_is_quiet_while_debugging(settings):
    settings.DEBUG = True
    settings.SECRET_KEY = settings.DEVELOPMENT_SECRET_KEY
    assert check_secret_key(None) == []
    settings.DEBUG = False
    assert [error.id for error in check_secret_key(None)] == ["core.E001"]


def test_hsts_is_a_year_with_subdomains_behind_https():
    result = manage(
        "shell",
        "--verbosity=0",
        "-c",
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, "
        "s.SECURE_PROXY_SSL_HEADER)",
        DJANGO_PROXY_SSL_HEADER="X-Forwarded-Proto",
        DJANGO_HSTS_PRELOAD="0",
        **PRODUCTION,
    )
    assert result.stdout.split() == [
        "31536000",
        "True",
        "False",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
    ], result.stderr


# The client's address behind a proxy


class FakeRequest:
    def __init__(self, remote, forwarded=None):
        self.META = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            self.META["HTTP_X_FORWARDED_FOR"] = forwarded


def test_no_header_is_believed_by_default(settings):
    settings.TRACKER_TRUSTED_PROXIES = []
    assert client_ip(FakeRequest("198.51.100.7", "1.2.3.4")) == "198.51.100.7"


def test_a_trusted_proxy_names_the_client(settings):
    settings.TRACKER_TRUSTED_PROXIES = ["10.0.0.0/24"]
    settings.TRACKER_PROXY_COUNT = 1
    assert client_ip(FakeRequest(PROXY, "203.0.113.9")) == "203.0.113.9"
    # What the client wrote itself, left of what the proxy appended, is ignored.
    assert client_ip(FakeRequest(PROXY, "1.2.3.4, 203.0.113.9")) == "203.0.113.9"
    assert client_ip(FakeRequest(PROXY, "not-an-address")) == PROXY
    assert client_ip(FakeRequest(PROXY)) == PROXY
    # A request that does not come from the proxy is not believed.
    assert client_ip(FakeRequest("198.51.100.7", "1.2.3.4")) == "198.51.100.7"


def test_two_proxies_in_a_row(settings):
    settings.TRACKER_TRUSTED_PROXIES = ["10.0.0.2"]
    settings.TRACKER_PROXY_COUNT = 2
    assert client_ip(FakeRequest(PROXY, "1.2.3.4, 203.0.113.9, 10.0.0.1")) == "203.0.113.9"


@pytest.fixture
def editor(db):
    user, _ = make_editor("editor", email="editor@example.org", password=PASSWORD)
    return user


@pytest.fixture
def behind_proxy(settings):
    settings.TRACKER_TRUSTED_PROXIES = [PROXY]
    settings.TRACKER_PROXY_COUNT = 1


def login(client, client_address, password, username="editor"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_address,
    )


def test_an_attacker_behind_the_proxy_does_not_lock_the_editor_out(client, editor, behind_proxy):
    attacker, real_editor = "203.0.113.9", "198.51.100.7"
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, attacker, f"wrong {attempt}")
    assert login(client, attacker, PASSWORD).status_code == 429  # the attacker is locked
    response = login(client, real_editor, PASSWORD)
    assert response.status_code == 302  # the editor, elsewhere, is not
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_a_forged_header_does_not_escape_the_lock(client, editor, behind_proxy):
    attacker = "203.0.113.9"
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, f"192.0.2.{attempt}, {attacker}", f"wrong {attempt}")
    assert login(client, f"192.0.2.99, {attacker}", PASSWORD).status_code == 429


def test_spraying_usernames_from_one_address_is_throttled(client, editor, behind_proxy, settings):
    settings.TRACKER_LOGIN_ADDRESS_LIMIT = 4
    sprayer = "203.0.113.50"
    for number in range(4):
        assert login(client, sprayer, "Winter2024!", username=f"user{number}").status_code == 200
    response = login(client, sprayer, PASSWORD)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert login(client, "198.51.100.7", PASSWORD).status_code == 302


# Content-Security-Policy beyond the public pages


@pytest.mark.django_db
def test_the_admin_has_a_content_security_policy(client):
    response = client.get("/admin/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "unsafe-inline" not in policy.split("style-src")[0]


@pytest.mark.django_db
def test_the_api_docs_run_no_inline_script(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe" not in policy.split(";")[1]
    html = response.content.decode()
    assert "<script>" not in html  # every script is a file
    assert "/static/drf-yasg" not in html and "cdn" not in html.lower()
    assert 'data-schema-url="/api/schema/"' in html
    assert "/static/api-docs.js" in html


def test_session_lifetime_is_a_setting():
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.ADMIN_URL == "admin/"
