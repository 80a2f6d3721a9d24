import json
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from cicte.models import EditorialNote, ReportingYear, ReportText
from events.models import Event, EventDate, EventPartner
from partners.models import Partner, PartnerYear
from programs.models import Activity, ActivityPartner, Program, ProgramPartner, ProgramYear
from publications.models import CoPublisher, Edition, Publication

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
    assert capsys.readouterr().out == "Loaded 501 objects from report_2020.json.\n"


def test_loadreport_writes_no_change_history():
    load_report_2020()

    history = [model for model in apps.get_models() if model.__name__.startswith("Historical")]
    assert Event.programs.through.objects.count() == 58
    assert {
        model.__name__: model.objects.count() for model in history if model.objects.exists()
    } == {}


def test_loadreport_twice_changes_nothing():
    load_report_2020()
    spans = list(Event.objects.order_by("slug").values_list("slug", "starts_on", "ends_on"))

    load_report_2020()

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


def test_loaddata_bad_row_also_loads_nothing(broken_2020, write_fixture):
    # The documented `loaddata report_2020` is atomic too, though its messages are Django's.
    find(broken_2020, "events.eventpartner", event=["telework-webinar-2020"])[1]["fields"][
        "partner"
    ] = ["trendmicro"]
    write_fixture(broken_2020)

    with pytest.raises(Exception, match=r"^Problem installing fixture"):
        call_command("loaddata", "report_2020", verbosity=0)

    assert model_counts() == EMPTY
