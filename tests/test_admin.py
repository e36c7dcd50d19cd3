"""
The editors' admin: what an editor can get wrong comes back as a clear message,
what the Editors group may and may not do, undoing an edit and a deletion from
the history, and the login lock-out after repeated wrong passwords.
"""

import datetime
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from core.admin import INITIAL_VERSION_COMMENT
from entities.models import Authority, Company, Government
from measures.management.commands.create_editor import make_editor
from measures.models import Measure, MeasureType, Milestone
from sources.models import Source
from tests.conftest import RECORD_COMMENT
from tracker.factories import SourceFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long editor passphrase 42"
UK_SUMMARY = (
    "The UK government told departments to stop deploying Chinese-made surveillance "
    "cameras, Hikvision's among them, on sensitive government sites."
)


@pytest.fixture
def editor():
    user, _ = make_editor("editor", email="editor@example.org", password=PASSWORD)
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def admin_url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def formset(prefix, rows=(), initial=0):
    """POST data for an inline formset: its management form and its rows."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def form_data(response):
    """The POST data that resubmits an admin change form as it was rendered."""
    data = {}

    def add(form):
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            if isinstance(value, list | tuple):
                data[field.html_name] = [str(item) for item in value]
            else:
                data[field.html_name] = "on" if value is True else str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.initial_forms:
            add(form)
    for inline in response.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data[f"{prefix}-TOTAL_FORMS"] = str(len(inline.formset.initial_forms))
    return data


def uk_cameras(source, **fields):
    """The add-form data for the UK's 2022 surveillance-camera measure (not in the seed)."""
    data = {
        "title": "UK stops deploying Chinese-made surveillance cameras on sensitive sites",
        "slug": "uk-chinese-surveillance-cameras",
        "measure_type": MeasureType.objects.get(slug="procurement-ban").pk,
        "status": Measure.Status.IN_FORCE,
        "government": Government.objects.get(code="GB").pk,
        "authority": Authority.objects.get(slug="uk-government").pk,
        "announced_on": "2022-11-24",
        "effective_on": "",
        "lifted_on": "",
        "summary": UK_SUMMARY,
        "legal_basis": "Written ministerial statement, 24 November 2022",
        "coverage": Measure.Coverage.UNSTATED,
        "sources": [str(source.pk)],
        **formset(
            "measure_targets",
            [{"company": Company.objects.get(slug="hikvision").pk, "note": ""}],
        ),
        **formset(
            "milestones",
            [
                {
                    "kind": "announced",
                    "date": "2022-11-24",
                    "description": "Written ministerial statement to Parliament.",
                }
            ],
        ),
        **formset("relations_from"),
    }
    data.update(fields)
    return data


@pytest.fixture
def source(seed):
    return SourceFactory(
        slug="uk-parliament-2022-11-24-surveillance-equipment",
        publisher="UK Parliament",
        title="Security Update on Surveillance Equipment",
        published_on=datetime.date(2022, 11, 24),
        published_on_precision="day",
    )


def add_uk_measure(client, source, **fields):
    response = client.post(admin_url(Measure, "add"), uk_cameras(source, **fields))
    assert response.status_code == 302, errors_of(response)
    return Measure.objects.get(slug="uk-chinese-surveillance-cameras")


def errors_of(response):
    """Every error message on an admin form page, for assertion messages."""
    if response.context is None or "adminform" not in response.context:
        return response.status_code
    messages = [str(response.context["adminform"].form.errors)]
    for inline in response.context["inline_admin_formsets"]:
        messages += [str(inline.formset.errors), str(inline.formset.non_form_errors())]
    return " ".join(messages)


def inline_errors(response, prefix):
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.prefix == prefix:
            return inline.formset.errors
    raise LookupError(prefix)


# Recording a measure


def test_editor_records_a_measure_without_touching_a_primary_key(editor_client, source):
    measure = add_uk_measure(editor_client, source)

    assert measure.announced.isoformat() == "2022-11-24"
    assert [company.slug for company in measure.targets.all()] == ["hikvision"]
    assert [(m.kind, m.when.isoformat()) for m in measure.milestones.all()] == [
        ("announced", "2022-11-24")
    ]
    assert list(measure.sources.all()) == [source]
    version = Version.objects.get_for_object(measure).get()
    assert version.revision.user.username == "editor"


def test_the_typed_text_decides_the_precision(editor_client, source):
    measure = add_uk_measure(editor_client, source, announced_on="2022-11", effective_on="2023")

    assert (measure.announced_on, measure.announced_on_precision) == (
        datetime.date(2022, 11, 1),
        "month",
    )
    assert (measure.effective_on, measure.effective_on_precision) == (
        datetime.date(2023, 1, 1),
        "year",
    )
    page = editor_client.get(admin_url(Measure, "change", measure.pk))
    assert page.context["adminform"].form["announced_on"].value() == "2022-11"
    assert page.context["adminform"].form["effective_on"].value() == "2023"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("24/11/2022", "“24/11/2022” is not a date: use YYYY, YYYY-MM or YYYY-MM-DD."),
        ("2022-02-30", "“2022-02-30” is not a real date."),
        ("", "Enter a date: 2019, 2019-05 or 2019-05-15."),
    ],
)
def test_a_date_the_tracker_cannot_read_is_explained_next_to_it(
    editor_client, source, text, message
):
    response = editor_client.post(admin_url(Measure, "add"), uk_cameras(source, announced_on=text))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["announced_on"] == [message]
    assert not Measure.objects.filter(slug="uk-chinese-surveillance-cameras").exists()


# The four mistakes of the issue, each with its message


def test_a_lifted_measure_without_a_lift_date_is_refused_with_a_message(editor_client, source):
    response = editor_client.post(
        admin_url(Measure, "add"), uk_cameras(source, status=Measure.Status.LIFTED)
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["lifted_on"] == [
        "A lifted measure needs the date it was lifted. "
        "Enter when it was lifted, or choose another status."
    ]
    assert "A lifted measure needs the date it was lifted." in response.content.decode()


def test_a_deadline_before_the_announcement_entered_with_the_measure_is_refused(
    editor_client, source
):
    data = uk_cameras(source)
    data.update(
        formset(
            "milestones",
            [{"kind": "deadline", "date": "2022-01", "description": "Too early."}],
        )
    )
    response = editor_client.post(admin_url(Measure, "add"), data)

    assert response.status_code == 200
    assert inline_errors(response, "milestones")[0]["date"] == [
        "This deadline is before the measure was announced (24 November 2022)."
    ]
    assert not Measure.objects.filter(slug="uk-chinese-surveillance-cameras").exists()


def test_a_deadline_before_the_announcement_of_a_saved_measure_is_refused(editor_client, source):
    measure = add_uk_measure(editor_client, source)
    url = admin_url(Measure, "change", measure.pk)
    data = form_data(editor_client.get(url))
    data.update({"milestones-TOTAL_FORMS": "2"})
    data.update(
        {
            "milestones-1-kind": "deadline",
            "milestones-1-date": "2021",
            "milestones-1-description": "A year too early.",
        }
    )
    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert inline_errors(response, "milestones")[1]["date"] == [
        "This deadline is before the measure was announced (24 November 2022)."
    ]


def test_moving_the_announcement_past_a_saved_milestone_is_refused(editor_client, source):
    measure = add_uk_measure(editor_client, source)
    url = admin_url(Measure, "change", measure.pk)
    data = form_data(editor_client.get(url))
    data["announced_on"] = "2022-12-01"
    response = editor_client.post(url, data)

    assert response.status_code == 200
    [message] = inline_errors(response, "milestones")[0]["date"]
    assert message.endswith("is before the measure was announced (1 December 2022).")
    measure.refresh_from_db()
    assert measure.announced_on == datetime.date(2022, 11, 24)


def test_moving_the_announcement_and_its_milestone_later_together_is_saved(editor_client, source):
    measure = add_uk_measure(editor_client, source)
    url = admin_url(Measure, "change", measure.pk)
    data = form_data(editor_client.get(url))
    data["announced_on"] = "2022-12-01"
    data["milestones-0-date"] = "2022-12-01"
    response = editor_client.post(url, data)

    assert response.status_code == 302, errors_of(response)
    measure.refresh_from_db()
    assert measure.announced_on == datetime.date(2022, 12, 1)
    assert measure.milestones.get().date == datetime.date(2022, 12, 1)


def test_an_effective_date_before_the_announcement_is_refused(editor_client, source):
    response = editor_client.post(
        admin_url(Measure, "add"), uk_cameras(source, effective_on="2022-11-01")
    )

    assert response.context["adminform"].form.errors["effective_on"] == [
        "The effective date cannot be before the announcement."
    ]


def test_a_day_given_with_month_precision_is_refused_for_programmatic_saves(seed):
    measure = Measure.objects.order_by("slug").first()
    measure.announced_on = datetime.date(2019, 5, 15)
    measure.announced_on_precision = "month"

    with pytest.raises(ValidationError) as refused:
        measure.full_clean()

    assert refused.value.message_dict["announced_on"] == [
        "This date is known only to the month: enter 2019-05-01 (its first day) "
        "or set the precision to “day”."
    ]


def test_in_the_admin_the_typed_text_cannot_contradict_its_precision(editor_client, source):
    # "2019-05-15" is a day; "2019-05" is the month: there is no separate precision to get wrong.
    measure = add_uk_measure(editor_client, source, announced_on="2019-05")
    assert (measure.announced_on, measure.announced_on_precision) == (
        datetime.date(2019, 5, 1),
        "month",
    )
    form = editor_client.get(admin_url(Measure, "change", measure.pk)).context["adminform"].form
    assert "announced_on_precision" not in form.fields


def test_a_duplicate_slug_is_refused_with_a_message(editor_client, source):
    taken = Measure.objects.order_by("slug").first().slug
    response = editor_client.post(admin_url(Measure, "add"), uk_cameras(source, slug=taken))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["slug"] == [
        "Another measure already uses this slug, and slugs must be unique (they name the "
        "record in links and data files): add a distinguishing word or the year."
    ]


def test_a_duplicate_company_slug_is_refused_with_a_message(editor_client, seed):
    response = editor_client.post(
        admin_url(Company, "add"),
        {
            "short_name": "Hikvision",
            "legal_name": "Another Hikvision",
            "slug": "hikvision",
            "country": Government.objects.get(code="CN").pk,
            "description": "",
            **formset("aliases"),
            **formset("identifiers"),
        },
    )

    assert (
        response.context["adminform"]
        .form.errors["slug"][0]
        .startswith("Another company already uses this slug")
    )


def test_every_partial_date_in_the_admin_is_one_text_box(editor_client, seed):
    milestone = Milestone.objects.filter(date_precision="year").first() or Milestone.objects.first()
    pages = {
        admin_url(Milestone, "change", milestone.pk): "date",
        admin_url(Source, "add"): "published_on",
        reverse("admin:measures_event_add"): "date",
        admin_url(Measure, "add"): "lifted_on",
    }
    for url, name in pages.items():
        form = editor_client.get(url).context["adminform"].form
        assert form.fields[name].widget.input_type == "text", url
        assert f"{name}_precision" not in form.fields, url
    shown = editor_client.get(admin_url(Milestone, "change", milestone.pk)).context["adminform"]
    assert shown.form["date"].value() == milestone.when.isoformat()


# The Editors group


def run_editors_migration():
    """Run the data migration again (a transactional test's flush empties its tables)."""
    from django.apps import apps
    from django.db import connection

    migration = import_module("measures.migrations.0002_editors_group")
    Group.objects.filter(name="Editors").delete()
    migration.create_editors_group(apps, SimpleNamespace(connection=connection))


def test_the_editors_group_can_edit_tracker_data_and_nothing_on_users():
    run_editors_migration()
    group = Group.objects.get(name="Editors")
    granted = set(group.permissions.values_list("content_type__app_label", "codename"))

    for label, model in [
        ("entities", "company"),
        ("entities", "government"),
        ("measures", "measure"),
        ("measures", "milestone"),
        ("sources", "source"),
        ("measures", "event"),
    ]:
        for action in ("add", "change", "delete", "view"):
            assert (label, f"{action}_{model}") in granted
    assert {label for label, _ in granted} == {"sources", "entities", "measures"}
    assert not group.permissions.filter(content_type__app_label="auth").exists()


def test_an_editor_can_open_every_tracker_admin_page(editor_client, seed):
    from django.contrib import admin

    for model in admin.site._registry:
        if model._meta.app_label not in ("entities", "measures"):
            continue
        # The review queue of list entries is filled by imports only: it has no add page.
        views = ("changelist",) if model._meta.model_name == "entrymatch" else ("changelist", "add")
        for view in views:
            assert editor_client.get(admin_url(model, view)).status_code == 200, (model, view)
        obj = model.objects.first()
        if obj is not None:
            for view in ("change", "history", "delete"):
                response = editor_client.get(admin_url(model, view, obj.pk))
                assert response.status_code == 200, (model, view)


def test_an_editor_cannot_manage_users_or_groups(editor_client, editor):
    for url in [
        "/admin/auth/user/",
        "/admin/auth/user/add/",
        f"/admin/auth/user/{editor.pk}/change/",
        "/admin/auth/group/",
        "/admin/auth/group/add/",
    ]:
        assert editor_client.get(url).status_code == 403, url
    index = editor_client.get("/admin/").content.decode()
    assert "/admin/auth/" not in index
    assert "/admin/measures/measure/" in index
    assert not editor.has_perm("auth.change_user")
    assert not editor.has_perm("auth.change_group")


def test_an_editor_can_delete_but_a_non_staff_member_cannot_log_in(client, editor, seed):
    measure = Measure.objects.first()
    client.force_login(editor)
    response = client.post(admin_url(Measure, "delete", measure.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Measure.objects.filter(pk=measure.pk).exists()

    editor.is_staff = False
    editor.save()
    response = client.get("/admin/measures/measure/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_create_editor_makes_a_staff_member_of_editors(monkeypatch, capsys):
    monkeypatch.setenv("DJANGO_EDITOR_PASSWORD", PASSWORD)
    call_command("create_editor", "bea", "--email", "bea@example.org", "--noinput")

    from django.contrib.auth import get_user_model

    bea = get_user_model().objects.get(username="bea")
    assert bea.is_staff and not bea.is_superuser
    assert bea.check_password(PASSWORD)
    assert list(bea.groups.values_list("name", flat=True)) == ["Editors"]
    assert bea.has_perm("measures.add_measure") and bea.has_perm("entities.delete_company")
    assert not bea.has_perm("auth.add_user")
    assert "Created editor “bea”." in capsys.readouterr().out


def test_create_editor_refuses_a_weak_password(monkeypatch):
    from django.core.management.base import CommandError

    monkeypatch.setenv("DJANGO_EDITOR_PASSWORD", "1234")
    with pytest.raises(CommandError):
        call_command("create_editor", "weak", "--noinput")


# Undoing from the history


def test_a_wrong_edit_is_undone_from_the_history(editor_client, source):
    measure = add_uk_measure(editor_client, source)
    url = admin_url(Measure, "change", measure.pk)
    data = form_data(editor_client.get(url))
    data["summary"] = "A wrong summary."
    data["milestones-TOTAL_FORMS"] = "2"
    data.update(
        {
            "milestones-1-kind": "deadline",
            "milestones-1-date": "2023-04",
            "milestones-1-description": "A deadline that was never set.",
        }
    )
    assert editor_client.post(url, data).status_code == 302
    measure.refresh_from_db()
    assert measure.summary == "A wrong summary."
    assert measure.milestones.count() == 2

    history = editor_client.get(admin_url(Measure, "history", measure.pk))
    page = history.content.decode()
    assert "editor" in page
    assert "A wrong summary." in page and "Summary" in page
    first = Version.objects.get_for_object(measure).order_by("pk").first()
    revision_url = admin_url(Measure, "revision", measure.pk, first.pk)
    assert revision_url in page

    form = editor_client.get(revision_url)
    assert form.status_code == 200
    response = editor_client.post(revision_url, form_data(form))
    assert response.status_code == 302, errors_of(response)

    measure.refresh_from_db()
    assert measure.summary == UK_SUMMARY
    assert list(measure.milestones.values_list("kind", flat=True)) == ["announced"]
    assert Version.objects.get_for_object(measure).count() == 3


def test_a_seed_record_gets_its_first_version_before_its_first_edit(editor_client, article_seed):
    """Records loaded without history (loaddata, an import) get a first version on first edit."""
    measure = Measure.objects.order_by("slug").first()
    original = measure.summary
    assert not Version.objects.get_for_object(measure).exists()
    url = admin_url(Measure, "change", measure.pk)
    data = form_data(editor_client.get(url))
    data["summary"] = original + " A wrong addition."
    response = editor_client.post(url, data)
    assert response.status_code == 302, errors_of(response)

    versions = Version.objects.get_for_object(measure).order_by("pk")
    assert [v.revision.comment for v in versions][0] == INITIAL_VERSION_COMMENT
    revision_url = admin_url(Measure, "revision", measure.pk, versions[0].pk)
    editor_client.post(revision_url, form_data(editor_client.get(revision_url)))
    measure.refresh_from_db()
    assert measure.summary == original


def test_a_deleted_measure_is_recovered_with_its_targets_and_milestones(editor_client, seed):
    measure = Measure.objects.filter(milestones__isnull=False).distinct().first()
    title, pk = measure.title, measure.pk
    targets = set(measure.targets.values_list("slug", flat=True))
    milestones = set(measure.milestones.values_list("kind", "date"))
    response = editor_client.post(admin_url(Measure, "delete", pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Measure.objects.filter(pk=pk).exists()

    listing = editor_client.get(admin_url(Measure, "recoverlist"))
    assert title in listing.content.decode()
    deleted = Version.objects.get_deleted(Measure).get(object_id=str(pk))
    recover_url = admin_url(Measure, "recover", deleted.pk)
    form = editor_client.get(recover_url)
    assert form.status_code == 200
    response = editor_client.post(recover_url, form_data(form))
    assert response.status_code == 302, errors_of(response)

    recovered = Measure.objects.get(pk=pk)
    assert set(recovered.targets.values_list("slug", flat=True)) == targets
    assert set(recovered.milestones.values_list("kind", "date")) == milestones


def test_companies_deleted_in_bulk_can_be_recovered(editor_client, seed):
    company = Company.objects.create(
        short_name="Shortlived",
        legal_name="Shortlived Ltd.",
        slug="shortlived",
        country=Government.objects.get(code="CN"),
    )
    company.aliases.create(name="Short-lived")
    response = editor_client.post(
        admin_url(Company, "changelist"),
        {"action": "delete_selected", "_selected_action": [company.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Company.objects.filter(slug="shortlived").exists()

    deleted = Version.objects.get_deleted(Company).get(object_id=str(company.pk))
    recover_url = admin_url(Company, "recover", deleted.pk)
    editor_client.post(recover_url, form_data(editor_client.get(recover_url)))
    assert Company.objects.get(slug="shortlived").aliases.get().name == "Short-lived"


def test_a_milestone_edited_on_its_own_page_updates_its_measure(editor_client, seed):
    milestone = Milestone.objects.select_related("measure").order_by("pk").first()
    before = milestone.measure.updated_at
    url = admin_url(Milestone, "change", milestone.pk)
    data = form_data(editor_client.get(url))
    data["description"] = milestone.description + " (corrected)"
    response = editor_client.post(url, data)
    assert response.status_code == 302, errors_of(response)

    milestone.measure.refresh_from_db()
    assert milestone.measure.updated_at > before
    log = Version.objects.get_for_object(milestone.measure).order_by("pk")
    # The record as the seed and the 2026 record left it, then with the corrected milestone.
    assert log.count() == 3
    assert log.last().revision.comment != RECORD_COMMENT


# Who edits stays private


def test_the_public_measure_page_never_names_its_editor(editor_client, client, source):
    measure = add_uk_measure(editor_client, source)
    url = admin_url(Measure, "change", measure.pk)
    data = form_data(editor_client.get(url))
    data["summary"] = UK_SUMMARY.replace("sensitive", "sensitive central")
    editor_client.post(url, data)
    editor_client.logout()

    page = client.get(measure.get_absolute_url()).content.decode()
    assert "central" in page  # the change log shows the change...
    assert "editor" not in page.lower().replace("editors", "")  # ...but not who made it
    assert "editor@example.org" not in page


# The login lock-out


def login(client, password):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": password, "next": "/admin/"},
    )


def test_the_admin_login_locks_out_after_repeated_wrong_passwords(client, editor):
    limit = settings.AXES_FAILURE_LIMIT
    assert limit == 5
    for attempt in range(1, limit):
        response = login(client, f"wrong {attempt}")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    assert login(client, "wrong again").status_code == 429

    response = login(client, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "Too many failed logins" in response.content.decode()


def test_a_right_password_before_the_limit_still_logs_in(client, editor):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, f"wrong {attempt}")
    response = login(client, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)
