import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from cicte.enums import YearStatus
from cicte.models import ReportingYear
from events.models import Event
from partners.models import Partner, PartnerYear
from programs.models import Activity, Program, ProgramYear
from publications.models import Publication
from reports.services import reporting_year_start
from tests.factories.events import EventDateFactory, EventFactory
from tests.factories.programs import ProgramFactory

pytestmark = pytest.mark.django_db

PROGRAMS_2020 = [
    "cybersecurity",
    "resolution-1540",
    "violent-extremism",
    "border-security",
    "maritime-security",
    "aviation-security",
    "cargo-container-security",
    "supply-chain-security",
    "crowded-spaces",
    "terrorist-financing",
    "counter-terrorism-network",
    "committee",
]


@pytest.fixture
def report_2020():
    call_command("loaddata", "report_2020", verbosity=0)


def rows_per_year():
    models = {
        "events": Event,
        "activities": Activity,
        "publications": Publication,
        "partner years": PartnerYear,
    }
    return {
        name: sorted(set(model.objects.values_list("year__year", flat=True)))
        for name, model in models.items()
    }


def test_startyear_creates_a_draft_year_after_the_last(report_2020, capsys):
    call_command("startyear", "2021")

    year = ReportingYear.objects.get(year=2021)
    assert (year.status, year.title, year.chair.code, year.vice_chair.code) == (
        YearStatus.DRAFT,
        "Annual Report 2021 of the Inter-American Committee against Terrorism (CICTE)",
        "DO",
        "GY",
    )
    assert capsys.readouterr().out == "Started 2021 as a draft with 12 programs.\n"


def test_startyear_carries_every_program_over_with_an_empty_narrative(report_2020):
    call_command("startyear", "2021", verbosity=0)

    program_years = ProgramYear.objects.filter(year__year=2021).order_by("program__position")
    assert list(program_years.values_list("program__slug", "narrative", "funded")) == [
        (slug, "", True) for slug in PROGRAMS_2020
    ]


def test_startyear_copies_nothing_that_belongs_to_one_year(report_2020):
    partners = Partner.objects.count()

    call_command("startyear", "2021", verbosity=0)

    assert rows_per_year() == {
        "events": [2020],
        "activities": [2020],
        "publications": [2020],
        "partner years": [2020],
    }
    assert Partner.objects.count() == partners
    assert Program.objects.count() == len(PROGRAMS_2020)


def test_startyear_draft_year_is_usable_and_not_public(report_2020):
    call_command("startyear", "2021", verbosity=0)
    year = ReportingYear.objects.get(year=2021)

    event = EventFactory(year=year, status="published", programs=[Program.objects.first()])
    event.full_clean()
    EventDateFactory(event=event)

    assert ReportingYear.objects.current().year == 2020
    assert list(Event.objects.published().filter(year=year)) == []
    assert list(Event.objects.filter(year__year=2021)) == [event]


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("2020", "The reporting year 2020 exists already."),
        ("2019", "A new reporting year must come after the last one, 2020."),
        ("2022", "2022 would skip the years after 2020."),
    ],
)
def test_startyear_refuses_a_year_that_is_not_new(report_2020, year, message):
    years = list(ReportingYear.objects.values_list("year", flat=True))

    with pytest.raises(CommandError) as raised:
        call_command("startyear", year, verbosity=0)

    assert str(raised.value) == message
    assert list(ReportingYear.objects.values_list("year", flat=True)) == years
    assert ProgramYear.objects.count() == len(PROGRAMS_2020)


def test_startyear_skips_years_when_told_to(report_2020):
    call_command("startyear", "2022", "--allow-gap", verbosity=0)

    assert list(ReportingYear.objects.order_by("year").values_list("year", flat=True)) == [
        2020,
        2022,
    ]
    assert ProgramYear.objects.filter(year__year=2022).count() == len(PROGRAMS_2020)


def test_startyear_skeleton_is_a_fixture_of_the_new_year(report_2020, tmp_path):
    skeleton = tmp_path / "report_2021.json"

    call_command("startyear", "2021", "--skeleton", str(skeleton), verbosity=0)

    text = skeleton.read_text(encoding="utf-8")
    # One value a line, indented by two, for staff to fill in.
    assert text.splitlines()[:4] == [
        "[",
        "  {",
        '    "model": "cicte.reportingyear",',
        '    "fields": {',
    ]
    records = json.loads(text)
    assert [record["model"] for record in records] == ["cicte.reportingyear"] + [
        "programs.programyear"
    ] * len(PROGRAMS_2020)
    assert records[0]["fields"]["year"] == 2021
    assert records[0]["fields"]["status"] == "draft"
    assert [record["fields"]["program"] for record in records[1:]] == [
        [slug] for slug in PROGRAMS_2020
    ]
    assert all("pk" not in record for record in records)


def test_startyear_skeleton_loads_back_once_filled(report_2020, tmp_path, settings):
    skeleton = tmp_path / "report_2021.json"
    call_command("startyear", "2021", "--skeleton", str(skeleton), verbosity=0)
    records = json.loads(skeleton.read_text(encoding="utf-8"))
    records[1]["fields"]["narrative_en"] = "What the cybersecurity program did in 2021."
    skeleton.write_text(json.dumps(records), encoding="utf-8")
    ProgramYear.objects.filter(year__year=2021).delete()
    ReportingYear.objects.filter(year=2021).delete()
    settings.FIXTURE_DIRS = [tmp_path]

    call_command("loadreport", "2021", verbosity=0)

    program_year = ProgramYear.objects.get(program__slug="cybersecurity", year__year=2021)
    assert program_year.narrative == "What the cybersecurity program did in 2021."
    assert ProgramYear.objects.filter(year__year=2021).count() == len(PROGRAMS_2020)
    assert ReportingYear.objects.get(year=2021).status == YearStatus.DRAFT


def test_startyear_does_not_overwrite_a_skeleton(report_2020, tmp_path):
    skeleton = tmp_path / "report_2021.json"
    skeleton.write_text("staff's work", encoding="utf-8")

    with pytest.raises(CommandError, match="exists already; not overwriting it"):
        call_command("startyear", "2021", "--skeleton", str(skeleton), verbosity=0)

    assert skeleton.read_text(encoding="utf-8") == "staff's work"
    assert not ReportingYear.objects.filter(year=2021).exists()


def test_startyear_unwritable_skeleton_creates_no_year(report_2020, tmp_path):
    skeleton = tmp_path / "missing-directory" / "report_2021.json"

    with pytest.raises(CommandError, match=r"^Cannot write "):
        call_command("startyear", "2021", "--skeleton", str(skeleton), verbosity=0)

    assert not ReportingYear.objects.filter(year=2021).exists()
    assert ProgramYear.objects.count() == len(PROGRAMS_2020)


def test_reporting_year_start_on_an_empty_database_takes_every_program():
    programs = [ProgramFactory(), ProgramFactory()]

    year = reporting_year_start(year=2020)

    assert (year.status, year.chair, year.vice_chair) == (YearStatus.DRAFT, "", "")
    assert list(Program.objects.filter(years__year=year)) == programs


def test_reporting_year_start_refuses_a_year_before_cicte():
    with pytest.raises(ValidationError) as raised:
        reporting_year_start(year=1998)

    assert raised.value.messages == ["CICTE was established in 1999: use 1999 or later."]
    assert not ReportingYear.objects.exists()
