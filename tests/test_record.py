"""
The record as of November 2026 (fixtures/record-2026.json over fixtures/seed.json).

One test per correction applied to the 2022 article's record (status, dates with their
precision, coverage, type); the new measures where a reader looks for them; the history a
correction leaves; and the fixtures' own honesty, read from the files themselves.
"""

import datetime
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar
from reversion.models import Revision

from core.history import change_log
from entities.models import Company
from measures.models import NOT_IMPOSED, Event, Measure, Milestone
from measures.outputs import ftm
from measures.records import find_fixture, load_record
from sources.models import Quote, Source
from tests.record_data import (
    ARTICLE,
    ARTICLE_ONLY,
    CONFIRMED_URLS,
    PROPOSED_WITHOUT_NOTE_DAYS,
)

pytestmark = pytest.mark.django_db

D = datetime.date
FIXTURES = Path(settings.BASE_DIR) / "fixtures"
PINNED_TODAY = D(2026, 11, 29)

CANADA = "canada-5g-ban-huawei-zte"
HIKVISION_SDN = "us-sdn-hikvision-proposed"
NEW_ZEALAND = "new-zealand-5g-ban-huawei"
AUSTRALIA = "australia-5g-ban-huawei-zte"
UK_2020 = "uk-5g-ban-huawei"
FCC_USF = "us-fcc-national-security-threat-huawei-zte"
SECTION_889 = "us-procurement-ban-section-889"
CANOLA = "china-canola-import-ban"
ENTITY_LIST = (
    "us-entity-list-huawei-2019",
    "us-entity-list-huawei-2020-expansion",
    "us-entity-list-hikvision-2019",
)
# The new measures: slug, imposing government's code, target companies.
NEW_MEASURES = {
    "us-fcc-covered-list-huawei-zte-2021": ("US", {"huawei", "zte"}),
    "us-fcc-covered-list-surveillance-2021": ("US", {"hikvision", "dahua", "hytera"}),
    "us-fcc-equipment-authorisation-ban-2022": (
        "US",
        {"huawei", "zte", "hikvision", "dahua", "hytera"},
    ),
    "uk-designated-vendor-directions-huawei-2022": ("GB", {"huawei"}),
    "us-dod-1260h-list-2021": (
        "US",
        {"huawei", "huawei-investment-holding", "hikvision", "dahua"},
    ),
    "germany-5g-huawei-zte-agreement-2024": ("DE", {"huawei", "zte"}),
    "us-bis-zte-denial-order-2018": ("US", {"zte"}),
}
GERMANY = "germany-5g-huawei-zte-agreement-2024"


def measure(slug):
    return Measure.objects.get(slug=slug)


def milestones(slug):
    return [
        (m.kind, m.date, m.date_precision) for m in Milestone.objects.filter(measure__slug=slug)
    ]


def source_slugs(record):
    return set(record.sources.values_list("slug", flat=True))


# Corrections: status


def test_hikvision_sdn_was_declined_with_the_decision_as_a_milestone(seed):
    sdn = measure(HIKVISION_SDN)
    assert sdn.status == Measure.Status.DECLINED
    declined = sdn.milestones.get(kind=Milestone.Kind.DECLINED)
    assert (declined.date, declined.date_precision) == (D(2024, 1, 19), "day")
    assert "ecd-2024-01-19-hikvision-declined" in source_slugs(sdn)
    assert "declined" in sdn.title.lower()
    assert sdn.status_note


def test_canada_is_an_announced_intention_with_the_law_as_a_milestone(seed):
    canada = measure(CANADA)
    # The 2022 statement announced an intention; no order under the 2026 law is recorded.
    assert canada.status == Measure.Status.ANNOUNCED
    assert canada.is_imposed
    enacted = canada.milestones.get(kind=Milestone.Kind.ENACTED)
    assert (enacted.date, enacted.date_precision) == (D(2026, 6, 16), "day")
    assert "mondaq-2026-bill-c8-royal-assent" in source_slugs(canada)
    assert "ised-2022-05-19-securing-telecom" in source_slugs(canada)
    assert "no order" in canada.status_note.lower()
    last = canada.milestones.get(kind="deadline", date=D(2027, 12, 31))
    assert "managed services" in last.description


# Corrections: types


def test_new_zealand_is_a_decision_on_one_operators_proposal_not_a_ban(seed):
    nz = measure(NEW_ZEALAND)
    assert nz.measure_type.slug == "operator-proposal-decision"
    assert "ban" not in nz.measure_type.name.lower()
    assert Quote.objects.get(text="not a ban") in nz.quotes.all()


def test_the_fcc_funding_bar_is_a_usf_bar_dated_by_its_order(seed):
    usf = measure(FCC_USF)
    assert usf.measure_type.slug == "usf-funding-bar"
    assert (usf.announced_on, usf.announced_on_precision) == (D(2019, 11, 22), "day")
    assert (usf.effective_on, usf.effective_on_precision) == (D(2020, 1, 3), "day")
    assert {"fcc-19-121", "fr-2020-01-03-85-fr-230"} <= source_slugs(usf)
    assert ("amended", D(2020, 6, 30), "day") in milestones(FCC_USF)


def test_the_uk_2020_decision_is_a_5g_only_exclusion(seed):
    assert measure(UK_2020).measure_type.slug == "5g-exclusion"
    # Only Canada's measure covers 4G as well.
    assert set(
        Measure.objects.filter(measure_type__slug="5g-network-ban").values_list("slug", flat=True)
    ) == {CANADA}


def test_australia_is_guidance_that_names_no_company(seed):
    australia = measure(AUSTRALIA)
    assert australia.measure_type.slug == "network-security-guidance"
    assert all("Not named in the guidance" in t.note for t in australia.measure_targets.all())
    response = Event.objects.get(slug="huawei-says-banned-australia-5g-2018")
    assert response.kind == Event.Kind.RESPONSE
    assert australia in response.measures.all()


# Corrections: coverage


@pytest.mark.parametrize("slug", ENTITY_LIST)
def test_entity_list_measures_cover_named_entities_only(seed, slug):
    assert measure(slug).coverage == Measure.Coverage.NAMED


def test_section_889_covers_affiliates_and_hikvision_only_for_security_uses(seed):
    section_889 = measure(SECTION_889)
    assert section_889.coverage == Measure.Coverage.AFFILIATES
    hikvision = section_889.measure_targets.get(company__slug="hikvision")
    assert "only when used for public" in hikvision.note
    assert "dod-dpap-section-889" in source_slugs(section_889)


def test_the_covered_list_for_surveillance_makers_covers_particular_purposes(seed):
    covered = measure("us-fcc-covered-list-surveillance-2021")
    assert covered.coverage == Measure.Coverage.PURPOSES
    assert covered.get_coverage_display() == "Equipment used for particular purposes"


# Corrections: dates with their precision


def test_viterra_suspension_is_dated_to_the_day_without_a_month_twin(seed):
    assert milestones(CANOLA) == [
        ("announced", D(2019, 3, 1), "day"),
        ("amended", D(2019, 3, 26), "day"),
        ("lifted", D(2022, 5, 18), "day"),
    ]


@pytest.mark.parametrize(
    ("slug", "day"),
    [
        ("spavor-kovrig-detained-2018", D(2018, 12, 10)),
        ("washington-post-huawei-uyghur-alerts-2020", D(2020, 12, 8)),
        ("hikvision-shares-fall-2022", D(2022, 5, 5)),
    ],
)
def test_event_dates_made_exact(seed, slug, day):
    event = Event.objects.get(slug=slug)
    assert (event.date, event.date_precision) == (day, "day")
    assert source_slugs(event) - {ARTICLE}


def test_sources_dated_and_titled_as_published(seed):
    ft = Source.objects.get(slug="ft-2022-05-hikvision-sanctions")
    assert (ft.published_on, ft.published_on_precision) == (D(2022, 5, 4), "day")
    wire = Source.objects.get(slug="wire-china-2022-05-hikvision-sdn")
    assert wire.title == "The Hikvision Tipping Point?"
    assert (wire.published_on, wire.published_on_precision) == (D(2022, 5, 15), "day")
    assert Source.objects.get(slug=ARTICLE).url.startswith("https://chinadigitaltimes.net/")


def test_the_sdn_measure_is_dated_by_the_ft_report(seed):
    sdn = measure(HIKVISION_SDN)
    assert (sdn.announced_on, sdn.announced_on_precision) == (D(2022, 5, 4), "day")


def test_titles_attribute_claims_and_meng_release_names_the_us(seed):
    for slug in ("china-funds-un-rapporteur-douhan-2021", "douhan-xinjiang-wonderful-land-2021"):
        assert Event.objects.get(slug=slug).title.startswith("UN Watch:")
    release = Event.objects.get(slug="meng-returned-michaels-released-2021")
    assert "US" in set(release.governments.values_list("code", flat=True))
    assert "deferred prosecution agreement" in release.title


def test_only_the_witness_phrase_is_attributed_to_him(seed):
    quote = Quote.objects.get(speaker="Ovalbek Turdakun")
    assert quote.text == "virtual prison guards"
    assert "as IPVM reports him" in quote.speaker_role


# History: corrections are changes, not overwrites


def test_a_correction_shows_in_the_measures_change_log(seed):
    log = change_log(measure(HIKVISION_SDN))
    changes = {change.label: change for entry in log[1:] for change in entry.changes}
    assert (changes["Status"].old, changes["Status"].new) == ("Proposed", "Declined")
    log = change_log(measure(CANADA))
    changes = {change.label: change for entry in log[1:] for change in entry.changes}
    assert (changes["Status"].old, changes["Status"].new) == ("In force", "Announced")


def test_the_measure_page_shows_the_change(client, seed):
    html = client.get(reverse("measures:detail", args=[HIKVISION_SDN])).content.decode()
    assert "Proposed" in html and "Declined" in html
    assert "29 November 2026" in html  # facts last checked


def test_a_corrected_measure_is_republished_in_the_feed(client, seed):
    sdn = measure(HIKVISION_SDN)
    untouched_since_seed = datetime.datetime(2026, 11, 29, tzinfo=datetime.UTC)
    assert sdn.updated_at > untouched_since_seed
    assert sdn.created_at == untouched_since_seed
    feed = client.get(reverse("measures:feed") + "?company=hikvision").content.decode()
    assert sdn.updated_at.strftime("%Y-%m-%dT%H:%M") in feed


def test_loading_the_record_again_adds_no_revision(seed):
    revisions = Revision.objects.count()
    result = load_record(find_fixture("record-2026"), "again")
    assert not result.wrote
    assert Revision.objects.count() == revisions
    assert load_record(find_fixture("seed"), "seed again", initial=True).skipped
    assert measure(HIKVISION_SDN).status == Measure.Status.DECLINED


def test_the_command_loads_a_layer_with_its_comment(empty_db):
    call_command("load_record", "seed", "--initial", "--comment", "Seed", verbosity=0)
    call_command("load_record", "record-2026", "--comment", "Record 2026", verbosity=0)
    assert Revision.objects.filter(comment="Record 2026").count() == 1
    assert measure(HIKVISION_SDN).status == Measure.Status.DECLINED


def test_a_load_is_not_a_review(article_seed):
    """The 2022 layer carries no review date, and loading sets none."""
    assert not Measure.objects.filter(reviewed_on__isnull=False).exists()
    assert not Event.objects.filter(reviewed_on__isnull=False).exists()


def test_review_dates_come_from_the_record(seed):
    assert measure(CANADA).reviewed_on == PINNED_TODAY
    intelligence = Event.objects.get(slug="canadian-intelligence-5g-warning-2018")
    assert intelligence.reviewed_on is None
    assert Company.objects.get(slug="hikvision").reviewed_on == PINNED_TODAY


# The new measures, where readers look for them


@pytest.mark.parametrize("slug", sorted(NEW_MEASURES))
def test_a_new_measure_is_on_its_companies_pages_in_the_matrix_and_the_filtered_list(
    client, seed, slug
):
    code, companies = NEW_MEASURES[slug]
    new = measure(slug)
    assert set(new.targets.values_list("slug", flat=True)) == companies
    assert new.government.code == code
    for company in companies:
        html = client.get(reverse("entities:company-detail", args=[company])).content.decode()
        assert new.get_absolute_url() in html, company
    matrix = client.get(reverse("measures:matrix")).content.decode()
    assert f"government={code}&amp;type={new.measure_type.slug}" in matrix
    listed = client.get(reverse("measures:list") + f"?government={code.lower()}")
    assert new.get_absolute_url() in listed.content.decode()


def test_germanys_upcoming_deadline_is_on_the_deadlines_page_and_calendar(client, seed):
    deadline = measure(GERMANY).milestones.get(kind="deadline", date__year=2026)
    assert (deadline.date, deadline.date_precision) == (D(2026, 12, 1), "month")
    assert not deadline.is_past  # the end of 2026 is still ahead of 29 November 2026
    html = client.get(reverse("measures:deadlines")).content.decode()
    upcoming = html.split("Past deadlines")[0] if "Past deadlines" in html else html
    assert measure(GERMANY).get_absolute_url() in upcoming
    assert "December 2026" in upcoming
    calendar = Calendar.from_ical(client.get(reverse("measures:deadlines-ics")).content)
    events = [e for e in calendar.walk("VEVENT") if "Germany" in str(e.get("SUMMARY", ""))]
    assert events, "Germany's deadline is in the calendar"
    starts = sorted(e.decoded("DTSTART") for e in events)
    assert D(2026, 12, 1) in starts


def test_zte_is_not_recorded_on_the_1260h_list(seed):
    assert not measure("us-dod-1260h-list-2021").targets.filter(slug="zte").exists()


# Pages and exports never overstate


def test_imposed_excludes_proposed_and_declined(seed):
    imposed = Measure.objects.imposed()
    assert not imposed.filter(status__in=NOT_IMPOSED).exists()
    assert HIKVISION_SDN not in set(imposed.values_list("slug", flat=True))
    assert Measure.objects.not_imposed().count() + imposed.count() == Measure.objects.count()
    from entities.models import NOT_IMPOSED_STATUSES

    assert set(NOT_IMPOSED_STATUSES) == set(NOT_IMPOSED)


def test_home_counts_say_what_they_count(client, seed):
    html = client.get("/").content.decode()
    imposed = Measure.objects.imposed().count()
    assert f"<strong>{imposed}</strong> measures imposed" in html
    in_force = Measure.objects.in_force().count()
    assert f"<strong>{in_force}</strong> in force" in html
    assert "<strong>1</strong> declined, not imposed" in html


def test_the_ftm_export_has_no_sanction_for_a_declined_measure(client, seed):
    response = client.get(reverse("measures:export-ftm"))
    lines = b"".join(response.streaming_content).decode().splitlines()
    exported = [json.loads(line) for line in lines]
    for data in exported:
        assert ftm.validate_entity(data) == [], data
    record_ids = {
        value
        for data in exported
        if data["schema"] == "Sanction"
        for value in data["properties"]["recordId"]
    }
    assert HIKVISION_SDN not in record_ids
    assert not record_ids & set(Measure.objects.not_imposed().values_list("slug", flat=True))
    assert record_ids == set(Measure.objects.imposed().values_list("slug", flat=True))


def test_a_quote_shows_only_on_the_pages_it_is_about(client, seed):
    kilcrease = "kicking this company off the global financial infrastructure"
    sdn_page = client.get(reverse("measures:detail", args=[HIKVISION_SDN])).content.decode()
    assert kilcrease in sdn_page
    # The Wire China is among Hikvision's sources, but the quote is about the SDN measure.
    company_page = client.get(reverse("entities:company-detail", args=["hikvision"]))
    assert kilcrease not in company_page.content.decode()
    assert "virtual prison guards" in company_page.content.decode()
    canada_page = client.get(reverse("measures:detail", args=[CANADA])).content.decode()
    assert "intends to prohibit" in canada_page
    assert kilcrease not in canada_page


def test_unknown_dates_read_not_recorded(client, seed):
    html = client.get(reverse("measures:detail", args=[CANADA])).content.decode()
    assert "not recorded" in html  # Canada's measure has no effective date
    assert "not known" not in html
    matrix = client.get(reverse("measures:matrix")).content.decode()
    assert "none recorded" in matrix


def test_partial_milestones_sort_after_the_days_of_their_span_unless_the_record_says(seed):
    sdn = measure(HIKVISION_SDN)
    month = sdn.milestones.get(kind="step", date_precision="month")  # March 2023
    for kind, day, text in (("effective", 1, "first"), ("amended", 31, "last")):
        Milestone.objects.create(
            measure=sdn, kind=kind, date=D(2023, 3, day), date_precision="day", description=text
        )

    def in_march():
        return [m.description for m in sdn.milestones.in_order() if m.date.year == 2023]

    assert in_march() == ["first", "last", month.description]
    # The record says the request came before both days: the days get a later position.
    Milestone.objects.filter(measure=sdn, description__in=["first", "last"]).update(position=1)
    assert in_march() == [month.description, "first", "last"]


# The fixtures' own honesty, read from the files


def _entries(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def _key(entry):
    fields = entry["fields"]
    for name in ("slug", "code"):
        if name in fields:
            return entry["model"], fields[name]
    return entry["model"], json.dumps(
        [fields.get(n) for n in ("measure", "source", "company", "kind", "date", "position")]
    )


def the_record():
    """Both layers as the site holds them: a row of the second replaces the first's."""
    rows = {}
    for name in ("seed.json", "record-2026.json"):
        for entry in _entries(name):
            rows[_key(entry)] = entry
    return list(rows.values())


def test_every_measure_and_event_cites_more_than_the_article_unless_it_says_only_that():
    for entry in the_record():
        if entry["model"] not in ("measures.measure", "measures.event"):
            continue
        fields = entry["fields"]
        others = {key[0] for key in fields["sources"]} - {ARTICLE}
        if fields["slug"] in ARTICLE_ONLY:
            # It says no more than the article does, no more precisely.
            assert fields.get("date_precision", "year") == "year", fields["slug"]
            continue
        assert others, f"{fields['slug']} cites only the 2022 article"


def test_every_source_address_is_confirmed():
    for entry in the_record():
        if entry["model"] == "sources.source" and entry["fields"]["url"]:
            assert entry["fields"]["url"] in CONFIRMED_URLS, entry["fields"]["slug"]


def test_nothing_is_proposed_for_longer_than_the_record_supports_without_a_note():
    for entry in the_record():
        if entry["model"] != "measures.measure" or entry["fields"]["status"] != "proposed":
            continue
        announced = D.fromisoformat(entry["fields"]["announced_on"])
        if (PINNED_TODAY - announced).days > PROPOSED_WITHOUT_NOTE_DAYS:
            assert entry["fields"].get("status_note"), entry["fields"]["slug"]


def test_the_record_fixture_names_no_primary_keys():
    for entry in _entries("record-2026.json"):
        assert "pk" not in entry, entry


def test_the_record_sets_review_dates_it_can_stand_behind():
    """A record the record layer rewrites says when its facts were checked, or says none."""
    for entry in _entries("record-2026.json"):
        if entry["model"] in ("measures.measure", "entities.company"):
            assert entry["fields"]["reviewed_on"] == "2026-11-29", entry["fields"]["slug"]
