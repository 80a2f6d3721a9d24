import json
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from cicte.models import EditorialNote, ReportingYear, ReportText
from cicte.roles import REPORT_MODEL_LABELS
from events.models import Event, EventDate, EventPartner
from partners.models import Partner, PartnerYear
from programs.models import Activity, ActivityPartner, Program, ProgramPartner, ProgramYear
from publications.models import CoPublisher, Edition, Publication
from reports.services import SHARED, YEAR_OF
from tests.admin_forms import browser_post, change_url
from tests.factories.users import EditorFactory

pytestmark = pytest.mark.django_db

REPORT_2020 = Path(__file__).resolve().parents[2] / "fixtures" / "report_2020.json"
COUNTS_2020 = {
    "cicte.reportingyear": 1,
    "cicte.reporttext": 9,
    "cicte.editorialnote": 3,
    "partners.partner": 89,
    "partners.partneryear": 54,
    "programs.program": 12,
    "programs.programyear": 12,
    "programs.programpartner": 51,
    "programs.activity": 34,
    "programs.activitypartner": 34,
    "events.event": 52,
    "events.eventdate": 57,
    "events.eventpartner": 69,
    "publications.publication": 5,
    "publications.copublisher": 7,
    "publications.edition": 12,
}
EMPTY = dict.fromkeys(COUNTS_2020, 0)


def model_counts():
    models = [
        ReportingYear, ReportText, EditorialNote, Partner, PartnerYear, Program, ProgramYear,
        ProgramPartner, Activity, ActivityPartner, Event, EventDate, EventPartner, Publication,
        CoPublisher, Edition,
    ]  # fmt: skip
    return {model._meta.label_lower: model.objects.count() for model in models}


def load_report_2020():
    call_command("loadreport", "2020", verbosity=0)


def find(records, model, **fields):
    """(position in the file counting from 1, record) of the first matching object."""
    for number, record in enumerate(records, start=1):
        if record["model"] == model and all(
            record["fields"].get(k) == v for k, v in fields.items()
        ):
            return number, record
    raise LookupError(model, fields)


@pytest.fixture
def broken_2020():
    """The records of report_2020.json, to break one of them."""
    return json.loads(REPORT_2020.read_text(encoding="utf-8"))


@pytest.fixture
def write_fixture(settings, tmp_path):
    """Write records as tmp_path/report_2020.json and make the commands look there."""

    def write(records):
        (tmp_path / "report_2020.json").write_text(json.dumps(records), encoding="utf-8")
        settings.FIXTURE_DIRS = [tmp_path]

    return write


def test_loadreport_loads_the_whole_year(capsys):
    call_command("loadreport", "2020")

    assert model_counts() == COUNTS_2020
    assert list(Event.objects.filter(starts_on__isnull=True)) == []
    assert capsys.readouterr().out == (
        "Loaded 501 objects from report_2020.json: 501 added, 0 changed, 0 unchanged.\n"
    )


def history_counts():
    """Rows of each history table that holds any, by table name."""
    history = [model for model in apps.get_models() if model.__name__.startswith("Historical")]
    return {
        model._meta.db_table: model.objects.count() for model in history if model.objects.exists()
    }


def baseline_counts():
    """One entry per record loaded, and the programs of each event and publication with it."""
    return {
        **{
            apps.get_model(label).history.model._meta.db_table: count
            for label, count in COUNTS_2020.items()
        },
        "events_historicalevent_programs": 58,
        "publications_historicalpublication_programs": 5,
    }


def test_loadreport_writes_one_baseline_entry_per_record_and_none_when_loaded_again():
    load_report_2020()

    assert Event.programs.through.objects.count() == 58
    assert Publication.programs.through.objects.count() == 5
    assert history_counts() == baseline_counts()
    event = Event.objects.order_by("slug").first()
    assert [
        (h.history_type, h.history_user, h.history_change_reason) for h in event.history.all()
    ] == [("+", None, "Loaded from report_2020.json")]

    load_report_2020()

    assert history_counts() == baseline_counts()


def test_the_first_edit_after_loadreport_shows_the_field_it_changed(client):
    load_report_2020()
    event = Event.objects.filter(programs__isnull=False).order_by("slug").first()
    client.force_login(EditorFactory())
    form = client.get(change_url(event))

    response = client.post(change_url(event), browser_post(form, title_en="A new title"))

    assert response.status_code == 302
    history = client.get(reverse("admin:events_event_history", args=[event.pk]))
    latest = history.context["page_obj"][0]
    # The title and its English column (modeltranslation keeps both); no "Programs [] → […]".
    assert [(change["field"], change["new"]) for change in latest.history_delta_changes] == [
        ("Title", "A new title"),
        ("Title (English)", "A new title"),
    ]


def test_loadreport_twice_changes_nothing(capsys):
    load_report_2020()
    spans = list(Event.objects.order_by("slug").values_list("slug", "starts_on", "ends_on"))

    call_command("loadreport", "2020")

    assert capsys.readouterr().out == (
        "Loaded 501 objects from report_2020.json: 0 added, 0 changed, 501 unchanged.\n"
    )
    assert model_counts() == COUNTS_2020
    assert list(Event.objects.order_by("slug").values_list("slug", "starts_on", "ends_on")) == (
        spans
    )


def test_loadreport_keeps_event_spans_when_events_come_after_their_dates(
    broken_2020, write_fixture
):
    load_report_2020()
    spans = list(Event.objects.order_by("slug").values_list("slug", "starts_on", "ends_on"))
    events_last = [r for r in broken_2020 if r["model"] != "events.event"] + [
        r for r in broken_2020 if r["model"] == "events.event"
    ]
    write_fixture(events_last)

    load_report_2020()

    assert list(Event.objects.order_by("slug").values_list("slug", "starts_on", "ends_on")) == (
        spans
    )


def test_loadreport_if_empty_skips_a_database_with_a_year(capsys):
    load_report_2020()
    Event.objects.filter(slug="cybersecurity-symposium-2020").update(title="Renamed by staff")

    call_command("loadreport", "2020", "--if-empty")

    assert capsys.readouterr().out == "Reporting years are already loaded; nothing to do.\n"
    assert Event.objects.get(slug="cybersecurity-symposium-2020").title == "Renamed by staff"


def test_loadreport_missing_fixture_names_it(settings, tmp_path):
    settings.FIXTURE_DIRS = [tmp_path]

    with pytest.raises(CommandError, match=r"^No fixture report_2031\.json in "):
        call_command("loadreport", "2031")


# (model, natural key of the row to break, the change, the field named, the message's end)
BAD_ROWS = {
    "bad choice": (
        "events.event",
        {"slug": "telework-webinar-2020"},
        {"kind": "webinarr"},
        "events.event 'telework-webinar-2020' field 'kind': "
        "Value 'webinarr' is not a valid choice.",
    ),
    "missing reference": (
        "events.eventpartner",
        {"event": ["telework-webinar-2020"]},
        {"partner": ["trendmicro"]},
        "events.eventpartner 'telework-webinar-2020/trendmicro/co_organiser' field 'partner': "
        "no partners.partner with natural key ['trendmicro'].",
    ),
    "missing program": (
        "events.event",
        {"slug": "telework-webinar-2020"},
        {"programs": [["cyber"]]},
        "events.event 'telework-webinar-2020' field 'programs': "
        "no programs.program with natural key ['cyber'].",
    ),
    "program by a bare name": (
        "events.event",
        {"slug": "telework-webinar-2020"},
        {"programs": ["cybersecurity"]},
        "events.event 'telework-webinar-2020' field 'programs': "
        "“cybersecurity” value must be an integer.",
    ),
    "year key of two parts": (
        "events.event",
        {"slug": "telework-webinar-2020"},
        {"year": [2020, 2021]},
        "events.event 'telework-webinar-2020' field 'year': "
        "zip() argument 2 is longer than argument 1",
    ),
    "no program": (
        "events.event",
        {"slug": "telework-webinar-2020"},
        {"programs": []},
        "events.event 'telework-webinar-2020' field 'programs': at least one is required.",
    ),
    "malformed date": (
        "events.eventdate",
        {"event": ["telework-webinar-2020"]},
        {"start": "2020-13-19"},
        "events.eventdate 'telework-webinar-2020/2020-13-19' field 'start': "
        "“2020-13-19” value has the correct format (YYYY-MM-DD) but it is an invalid date.",
    ),
    "end before start": (
        "events.eventdate",
        {"event": ["telework-webinar-2020"]},
        {"end": "2020-03-01"},
        "events.eventdate 'telework-webinar-2020/2020-03-19' field 'end': "
        "The end date is before the start date.",
    ),
    "annex 1 without a marker": (
        "events.event",
        {"slug": "telework-webinar-2020"},
        {"annex": "annex-1"},
        "events.event 'telework-webinar-2020': An Annex 1 meeting needs its participation "
        "level: Annex 1 marks who represented the secretariat.",
    ),
    "a field's error and the record's": (
        "events.event",
        {"slug": "telework-webinar-2020"},
        {"kind": "webinarr", "annex": "annex-1"},
        "events.event 'telework-webinar-2020' field 'kind': "
        "Value 'webinarr' is not a valid choice.",
    ),
    "key of a key": (
        "programs.programpartner",
        {"program_year": ["cybersecurity", 2020], "partner": ["un-oewg"]},
        {"position": -1},
        "programs.programpartner 'cybersecurity,2020/un-oewg' field 'position': "
        "Ensure this value is greater than or equal to 0.",
    ),
    "constraint": (
        "partners.partneryear",
        {"partner": ["spain"]},
        {"financial_contributor": True, "listed_in_annex": False},
        "partners.partneryear 'spain/2020': A financial contributor is always listed in Annex 4.",
    ),
    "unknown field": (
        "publications.publication",
        {"slug": "cybersecurity-report-2020"},
        {"colour": "red"},
        "publications.publication 'cybersecurity-report-2020' field 'colour': no such field.",
    ),
    "computed field": (
        "events.event",
        {"slug": "telework-webinar-2020"},
        {"starts_on": "2020-03-19"},
        "events.event 'telework-webinar-2020' field 'starts_on': "
        "computed by the application; leave it out.",
    ),
    "translated field by its plain name": (
        "events.event",
        {"slug": "telework-webinar-2020"},
        {"title": "Telework"},
        "events.event 'telework-webinar-2020' field 'title': "
        "translated: give title_en (and title_es, title_fr, title_pt).",
    ),
    "reverse relation": (
        "events.event",
        {"slug": "telework-webinar-2020"},
        {"dates": []},
        "events.event 'telework-webinar-2020' field 'dates': not a field of this model.",
    ),
    "bad country": (
        "programs.activity",
        {"slug": "hague-course-2020"},
        {"countries": "AR,XX"},
        "programs.activity 'hague-course-2020' field 'countries': "
        "Value 'XX' is not a valid choice.",
    ),
}


@pytest.mark.parametrize("case", BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_loadreport_bad_row_loads_nothing_into_an_empty_database(case, broken_2020, write_fixture):
    model, key, change, message = case
    number, record = find(broken_2020, model, **key)
    record["fields"].update(change)
    write_fixture(broken_2020)

    with pytest.raises(CommandError) as raised:
        load_report_2020()

    assert str(raised.value) == (
        f"report_2020.json: {message} (object {number} of 501) Nothing was loaded."
    )
    assert model_counts() == EMPTY


@pytest.mark.parametrize("case", ["bad choice", "missing reference", "constraint"])
def test_loadreport_bad_row_leaves_a_loaded_year_unchanged(case, broken_2020, write_fixture):
    load_report_2020()
    model, key, change, _message = BAD_ROWS[case]
    # A valid change before the bad row must be rolled back with it.
    find(broken_2020, "cicte.reportingyear", year=2020)[1]["fields"]["title_en"] = "Changed"
    find(broken_2020, model, **key)[1]["fields"].update(change)
    write_fixture(broken_2020)

    with pytest.raises(CommandError, match="Nothing was loaded"):
        load_report_2020()

    assert model_counts() == COUNTS_2020
    assert ReportingYear.objects.get(year=2020).title.startswith("Annual Report 2020 of the")


def test_loadreport_refuses_a_new_event_without_programs(broken_2020, write_fixture):
    number, record = find(broken_2020, "events.event", slug="telework-webinar-2020")
    del record["fields"]["programs"]
    write_fixture(broken_2020)

    with pytest.raises(CommandError) as raised:
        load_report_2020()

    assert str(raised.value) == (
        "report_2020.json: events.event 'telework-webinar-2020' field 'programs': at least one "
        f"is required. (object {number} of 501) Nothing was loaded."
    )
    assert model_counts() == EMPTY


def test_loadreport_keeps_the_programs_of_an_event_that_leaves_them_out(
    broken_2020, write_year, capsys
):
    call_command("loaddata", "report_2020", verbosity=0)
    event = event_2020(broken_2020, "telework-webinar-2020")
    programs = event["fields"].pop("programs")
    write_year(2020, [event])

    call_command("loadreport", "2020")

    assert capsys.readouterr().out == (
        "Loaded 1 objects from report_2020.json: 0 added, 0 changed, 1 unchanged.\n"
    )
    saved = Event.objects.get(slug="telework-webinar-2020")
    assert [[slug] for slug in saved.programs.values_list("slug", flat=True)] == programs


def test_loadreport_refuses_the_same_object_twice_in_a_file(broken_2020, write_fixture):
    _number, record = find(broken_2020, "events.event", slug="telework-webinar-2020")
    broken_2020.append(json.loads(json.dumps(record)))
    write_fixture(broken_2020)

    with pytest.raises(CommandError) as raised:
        load_report_2020()

    assert str(raised.value) == (
        "report_2020.json: events.event 'telework-webinar-2020': appears twice in the file. "
        "(object 502 of 502) Nothing was loaded."
    )
    assert model_counts() == EMPTY


def test_loadreport_refuses_primary_keys(broken_2020, write_fixture):
    broken_2020[0]["pk"] = 1
    write_fixture(broken_2020)

    with pytest.raises(CommandError) as raised:
        load_report_2020()

    assert str(raised.value) == (
        "report_2020.json: cicte.reportingyear '2020': use natural keys (slugs), not \"pk\". "
        "(object 1 of 501) Nothing was loaded."
    )


def test_loadreport_unreadable_json_names_the_file(settings, tmp_path):
    settings.FIXTURE_DIRS = [tmp_path]
    (tmp_path / "report_2020.json").write_text('[{"model": ', encoding="utf-8")

    with pytest.raises(CommandError, match=r"^report_2020\.json: not a readable JSON fixture"):
        load_report_2020()

    assert model_counts() == EMPTY


@pytest.mark.parametrize(
    ("records", "message"),
    [
        ({"model": "events.event"}, "a fixture is a JSON list of objects."),
        (
            [{"model": "events.event"}],
            'object: each object needs "model" and "fields". (object 1 of 1)',
        ),
        (
            ["events.event"],
            'object: each object needs "model" and "fields". (object 1 of 1)',
        ),
        (
            [{"model": "events.meeting", "fields": {}}],
            "object: unknown model 'events.meeting'. (object 1 of 1)",
        ),
        (
            [{"model": "events", "fields": {}}],
            "object: unknown model 'events'. (object 1 of 1)",
        ),
        (
            [{"fields": {"slug": "telework-webinar-2020"}}],
            "object: unknown model None. (object 1 of 1)",
        ),
    ],
    ids=["not a list", "no fields", "not an object", "unknown model", "no app", "no model"],
)
def test_loadreport_refuses_what_is_not_an_object_of_a_model(write_fixture, records, message):
    write_fixture(records)

    with pytest.raises(CommandError) as raised:
        load_report_2020()

    assert str(raised.value) == f"report_2020.json: {message} Nothing was loaded."
    assert model_counts() == EMPTY


def test_loaddata_bad_row_also_loads_nothing(broken_2020, write_fixture):
    # The documented `loaddata report_2020` is atomic too, though its messages are Django's.
    find(broken_2020, "events.eventpartner", event=["telework-webinar-2020"])[1]["fields"][
        "partner"
    ] = ["trendmicro"]
    write_fixture(broken_2020)

    with pytest.raises(Exception, match=r"^Problem installing fixture"):
        call_command("loaddata", "report_2020", verbosity=0)

    assert model_counts() == EMPTY


# -- A year's fixture is data, not code -----------------------------------------------------------

SUPERUSER = {
    "model": "auth.user",
    "fields": {
        "username": "intruder",
        "password": "pbkdf2_sha256$1000000$salt$hash=",
        "is_staff": True,
        "is_superuser": True,
        "is_active": True,
    },
}


@pytest.mark.parametrize("where", ["alone", "after the year"])
def test_loadreport_refuses_a_model_outside_the_report(broken_2020, write_fixture, where):
    records = [SUPERUSER] if where == "alone" else [*broken_2020, SUPERUSER]
    write_fixture(records)

    with pytest.raises(CommandError) as raised:
        load_report_2020()

    assert str(raised.value) == (
        "report_2020.json: auth.user 'intruder': not part of a report: a reporting year's "
        "fixture holds only cicte.editorialnote, cicte.reportingyear, cicte.reporttext, "
        "events.event, events.eventdate, events.eventpartner, partners.partner, "
        "partners.partneryear, programs.activity, programs.activitypartner, programs.program, "
        "programs.programpartner, programs.programyear, publications.copublisher, "
        "publications.edition, publications.publication. "
        f"(object {len(records)} of {len(records)}) Nothing was loaded."
    )
    assert not get_user_model().objects.exists()
    assert model_counts() == EMPTY


def test_loadreport_refuses_program_officers(broken_2020, write_fixture):
    user = get_user_model().objects.create_user("officer")
    number, program = find(broken_2020, "programs.program", slug="cybersecurity")
    program["fields"]["officers"] = [["officer"]]
    write_fixture(broken_2020)

    with pytest.raises(CommandError) as raised:
        load_report_2020()

    assert str(raised.value) == (
        "report_2020.json: programs.program 'cybersecurity' field 'officers': refers to "
        f"auth.user, which a report's fixture may not set. (object {number} of 501) "
        "Nothing was loaded."
    )
    assert list(user.assigned_programs.all()) == []


def test_every_report_model_is_of_a_year_or_shared_by_the_years():
    assert SHARED | set(YEAR_OF) == REPORT_MODEL_LABELS
    assert SHARED.isdisjoint(YEAR_OF)


# -- A year's fixture writes that year ------------------------------------------------------------


@pytest.fixture
def write_year(settings, tmp_path):
    """Write records as tmp_path/report_<year>.json, next to the real report_2020.json."""

    def write(year, records):
        (tmp_path / f"report_{year}.json").write_text(json.dumps(records), encoding="utf-8")
        settings.FIXTURE_DIRS = [tmp_path, REPORT_2020.parent]

    return write


YEAR_2030 = {
    "model": "cicte.reportingyear",
    "fields": {"year": 2030, "title_en": "Annual Report 2030", "status": "draft"},
}


def event_2020(broken_2020, slug):
    return json.loads(json.dumps(find(broken_2020, "events.event", slug=slug)[1]))


def state_2020():
    """What the 2020 report's pages show: partners, events and their years, and counts."""
    return (
        list(Partner.objects.order_by("slug").values_list("slug", "name_en", "name_es")),
        list(Event.objects.order_by("slug").values_list("slug", "year__year", "status", "title")),
        model_counts(),
    )


def other_years_cases(broken_2020):
    canada = json.loads(json.dumps(find(broken_2020, "partners.partner", slug="canada")[1]))
    canada["fields"]["name_en"] = "Canada, renamed"
    moved = event_2020(broken_2020, "hemispheric-ministerial-conference-2020")
    moved["fields"]["year"] = [2030]
    moved["fields"]["status"] = "draft"
    planted = event_2020(broken_2020, "hemispheric-ministerial-conference-2020")
    planted["fields"].update(slug="planted-2020", title_en="Planted")
    planted_date = {
        "model": "events.eventdate",
        "fields": {"event": ["planted-2020"], "start": "2020-05-05", "end": "2020-05-05"},
    }
    date_2020 = json.loads(json.dumps(find(broken_2020, "events.eventdate")[1]))
    date_2020["fields"]["end"] = "2020-01-31"
    return {
        "renames a partner": (
            [canada],
            "partners.partner 'canada': a shared record that exists with other values (name_en)",
            "partners.partner 'canada': changed name_en",
        ),
        "moves a 2020 event": (
            [moved],
            "events.event 'hemispheric-ministerial-conference-2020': a record of 2020, which a "
            "fixture of 2030 may not change (year, status)",
            "events.event 'hemispheric-ministerial-conference-2020': changed year, status",
        ),
        "adds a 2020 event": (
            [planted, planted_date],
            "events.event 'planted-2020': a record of 2020, which a fixture of 2030 may not add",
            "events.event 'planted-2020': added to 2020",
            "events.eventdate 'planted-2020/2020-05-05': added to 2020",
        ),
        "changes a 2020 date": (
            [date_2020],
            "events.eventdate 'hemispheric-ministerial-conference-2020/2020-01-19': a record of "
            "2020, which a fixture of 2030 may not change (end)",
            "events.eventdate 'hemispheric-ministerial-conference-2020/2020-01-19': changed end",
        ),
    }


CASES = ["renames a partner", "moves a 2020 event", "adds a 2020 event", "changes a 2020 date"]


@pytest.mark.parametrize("case", CASES)
def test_loadreport_of_another_year_refuses_to_change_2020(broken_2020, write_year, case):
    call_command("loaddata", "report_2020", verbosity=0)
    before = state_2020()
    records, refusal, *_changes = other_years_cases(broken_2020)[case]
    write_year(2030, [YEAR_2030, *records])

    with pytest.raises(CommandError) as raised:
        call_command("loadreport", "2030", verbosity=0)

    assert str(raised.value) == (
        f"report_2030.json: {refusal}. Give --update-shared to write it anyway. "
        f"(object 2 of {len(records) + 1}) Nothing was loaded."
    )
    assert state_2020() == before
    assert not ReportingYear.objects.filter(year=2030).exists()


@pytest.mark.parametrize("case", CASES)
def test_loadreport_update_shared_writes_and_lists_it(broken_2020, write_year, case, capsys):
    call_command("loaddata", "report_2020", verbosity=0)
    records, _refusal, *changes = other_years_cases(broken_2020)[case]
    write_year(2030, [YEAR_2030, *records])

    call_command("loadreport", "2030", "--update-shared")

    assert capsys.readouterr().out.splitlines()[1:] == [f"Outside 2030: {c}" for c in changes]


def test_loadreport_refuses_to_move_a_record_of_its_year_to_another(broken_2020, write_year):
    call_command("loaddata", "report_2020", verbosity=0)
    ReportingYear.objects.create(year=2030, title="Annual Report 2030", status="draft")
    before = state_2020()
    moved = event_2020(broken_2020, "hemispheric-ministerial-conference-2020")
    moved["fields"].update(year=[2030], status="draft")
    write_year(2020, [moved])

    with pytest.raises(CommandError) as raised:
        call_command("loadreport", "2020", verbosity=0)

    assert str(raised.value) == (
        "report_2020.json: events.event 'hemispheric-ministerial-conference-2020': would move "
        "to 2030, which a fixture of 2020 may not do. Give --update-shared to write it anyway. "
        "(object 1 of 1) Nothing was loaded."
    )
    assert state_2020() == before


def test_loadreport_update_shared_moves_a_record_of_its_year_and_lists_it(
    broken_2020, write_year, capsys
):
    call_command("loaddata", "report_2020", verbosity=0)
    ReportingYear.objects.create(year=2030, title="Annual Report 2030", status="draft")
    moved = event_2020(broken_2020, "hemispheric-ministerial-conference-2020")
    moved["fields"].update(year=[2030], status="draft")
    write_year(2020, [moved])

    call_command("loadreport", "2020", "--update-shared")

    assert capsys.readouterr().out == (
        "Loaded 1 objects from report_2020.json: 0 added, 1 changed, 0 unchanged.\n"
        "Outside 2020: events.event 'hemispheric-ministerial-conference-2020': "
        "changed year, status\n"
    )
    event = Event.objects.get(slug="hemispheric-ministerial-conference-2020")
    assert (event.year.year, event.status) == (2030, "draft")


def test_loadreport_of_another_year_adds_its_records_and_new_partners(
    broken_2020, write_year, capsys
):
    call_command("loaddata", "report_2020", verbosity=0)
    before = state_2020()
    canada = find(broken_2020, "partners.partner", slug="canada")[1]
    newcomer = {
        "model": "partners.partner",
        "fields": {"name_en": "Newcomer", "slug": "newcomer", "category": "other"},
    }
    event = event_2020(broken_2020, "hemispheric-ministerial-conference-2020")
    event["fields"].update(slug="conference-2030", year=[2030])
    date = {
        "model": "events.eventdate",
        "fields": {"event": ["conference-2030"], "start": "2030-01-19", "end": "2030-01-19"},
    }
    write_year(2030, [YEAR_2030, canada, newcomer, event, date])

    call_command("loadreport", "2030")

    assert capsys.readouterr().out == (
        "Loaded 5 objects from report_2030.json: 4 added, 0 changed, 1 unchanged.\n"
    )
    partners, events, _counts = state_2020()
    assert partners == sorted([*before[0], ("newcomer", "Newcomer", "")])
    assert events == sorted(
        [*before[1], ("conference-2030", 2030, "published", event["fields"]["title_en"])]
    )


# -- loaddata: a year into an empty database, report models only -------------------------------


def test_loaddata_refuses_a_model_outside_the_report(broken_2020, write_fixture):
    write_fixture([*broken_2020, SUPERUSER])

    with pytest.raises(CommandError) as raised:
        call_command("loaddata", "report_2020", verbosity=0)

    assert str(raised.value) == (
        "auth.user 'intruder': not part of a report: a reporting year's fixture holds only "
        "cicte.editorialnote, cicte.reportingyear, cicte.reporttext, events.event, "
        "events.eventdate, events.eventpartner, partners.partner, partners.partneryear, "
        "programs.activity, programs.activitypartner, programs.program, "
        "programs.programpartner, programs.programyear, publications.copublisher, "
        "publications.edition, publications.publication. Nothing was loaded."
    )
    assert not get_user_model().objects.exists()
    assert model_counts() == EMPTY


def test_loaddata_refuses_program_officers(broken_2020, write_fixture):
    user = get_user_model().objects.create_user("officer")
    find(broken_2020, "programs.program", slug="cybersecurity")[1]["fields"]["officers"] = [
        ["officer"]
    ]
    write_fixture(broken_2020)

    with pytest.raises(CommandError) as raised:
        call_command("loaddata", "report_2020", verbosity=0)

    assert str(raised.value) == (
        "programs.program 'Cybersecurity' field 'officers': refers to auth.user, which a "
        "report's fixture may not set. Nothing was loaded."
    )
    assert list(user.assigned_programs.all()) == []
    assert model_counts() == EMPTY


def test_loaddata_refuses_a_database_with_report_records(broken_2020, write_fixture):
    call_command("loaddata", "report_2020", verbosity=0)
    find(broken_2020, "partners.partner", slug="canada")[1]["fields"]["name_en"] = "Renamed"
    write_fixture(broken_2020)

    with pytest.raises(CommandError) as raised:
        call_command("loaddata", "report_2020", verbosity=0)

    assert str(raised.value) == (
        "The database already holds report records (89 partners.partner, 69 events.eventpartner, "
        "57 events.eventdate, 54 partners.partneryear, 52 events.event, 51 "
        "programs.programpartner, 34 programs.activity, 34 programs.activitypartner, 12 "
        "programs.program, 12 programs.programyear, 12 publications.edition, 9 cicte.reporttext, "
        "7 publications.copublisher, 5 publications.publication, 3 cicte.editorialnote, 1 "
        "cicte.reportingyear): loaddata loads a reporting year only "
        "into a database without one. Use `loadreport YEAR`, which checks what the file may "
        "change. Nothing was loaded."
    )
    assert Partner.objects.get(slug="canada").name == "Canada"
