"""Events from a spreadsheet in the back office: row errors before anything is saved, all or
nothing, date ranges created, program officers kept to their programs; the list's export."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
import tablib
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cicte.admin.io import IMPORT_MAX_BYTES, IMPORT_MAX_ROWS
from cicte.models import DataVersion
from cicte.resources import CountriesWidget, CountryWidget, YearWidget
from events.cells import format_dates, parse_dates
from events.models import Event, EventDate
from events.resources import EventResource
from tests.factories.cicte import ReportingYearFactory
from tests.factories.events import EventDateFactory, EventFactory
from tests.factories.programs import ProgramFactory
from tests.factories.users import EditorFactory, ProgramOfficerFactory, StaffUserFactory
from tests.html import parse

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:events_event_import")
PROCESS = reverse("admin:events_event_process_import")
EXPORT = reverse("admin:events_event_export")
HEADERS = [
    "title",
    "slug",
    "kind",
    "format",
    "status",
    "year",
    "city",
    "country",
    "programs",
    "secretariat_role",
    "participation_level",
    "dates",
]


def row(**values):
    defaults = {
        "title": "Visit of policymakers",
        "slug": "visit-2020",
        "kind": "Exchange visit",
        "format": "in_person",
        "status": "published",
        "year": "2020",
        "city": "Tallinn",
        "country": "Estonia",
        "programs": "cybersecurity",
        "secretariat_role": "Co-organiser",
        "participation_level": "executive_secretary",
        "dates": "2020-01-27/2020-01-31",
    }
    return [{**defaults, **values}[name] for name in HEADERS]


def csv_file(*rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return SimpleUploadedFile("events.csv", out.getvalue().encode(), content_type="text/csv")


@pytest.fixture
def programs(db):
    ReportingYearFactory(year=2020)
    return {
        slug: ProgramFactory(slug=slug)
        for slug in ("cybersecurity", "maritime-security", "cargo-container-security")
    }


def upload(client, file):
    """The first step: the file is tried and the preview (or its errors) shown."""
    return client.post(IMPORT, {"format": "0", "resource": "0", "import_file": file})


def confirm(client, response):
    """The second step: the confirm form the preview carries, posted as the button does."""
    form = parse(response).select("form", action=PROCESS)[0]
    data = {i.attrs["name"]: i.attrs.get("value", "") for i in form.select("input")}
    return client.post(PROCESS, data)


def test_parse_dates_reads_days_ranges_and_months():
    ranges = parse_dates("2020-01-27/2020-01-31; 2020-06-17; 2020-06/2020-12")

    assert [tuple(r) for r in ranges] == [
        (datetime.date(2020, 1, 27), datetime.date(2020, 1, 31), "day"),
        (datetime.date(2020, 6, 17), datetime.date(2020, 6, 17), "day"),
        (datetime.date(2020, 6, 1), datetime.date(2020, 12, 31), "month"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("value", "ranges"),
    [
        # A spreadsheet cell typed as a date, with or without a time.
        (datetime.datetime(2020, 6, 17, 0, 0), [("2020-06-17", "2020-06-17", "day")]),
        (datetime.date(2020, 6, 17), [("2020-06-17", "2020-06-17", "day")]),
        # Empty cells and empty parts are nothing.
        (None, []),
        ("", []),
        (
            "2020-01-27; ; 2020-02",
            [("2020-01-27", "2020-01-27", "day"), ("2020-02-01", "2020-02-29", "month")],
        ),
    ],
)
def test_parse_dates_reads_dates_and_empty_cells(value, ranges):
    assert [
        (r.start.isoformat(), r.end.isoformat(), r.precision) for r in parse_dates(value)
    ] == ranges


@pytest.mark.parametrize(
    "cell", ["2020-01-27/2020-01-31; 2020-06-17; 2020-06/2020-12; 2020-09", "2020-02-03"]
)
def test_format_dates_writes_what_parse_dates_reads(cell):
    assert format_dates(parse_dates(cell)) == cell


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "2020-02-30",
            "“2020-02-30” is not a date: write 2020-01-27, or 2020-06 for a whole month.",
        ),
        ("2020-03-05/2020-03-01", "“2020-03-05/2020-03-01” ends before it starts."),
        (
            "2020-06/2020-12-01",
            "“2020-06/2020-12-01” mixes a day and a month: write both as days or both as months.",
        ),
        ("2020-01-01; 2020-01-01/2020-01-02", "Two date ranges start on the same day."),
    ],
)
def test_parse_dates_refuses_in_plain_words(value, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        parse_dates(value)


@pytest.mark.parametrize(
    ("cell", "country"), [("ee", "EE"), (" EE ", "EE"), ("Estonia", "EE"), ("", ""), (None, "")]
)
def test_country_cell_reads_a_code_in_any_case_or_a_name(cell, country):
    assert CountryWidget().clean(cell) == country


@pytest.mark.parametrize(
    ("cell", "countries"),
    [
        ("AR; brazil; py", ["AR", "BR", "PY"]),
        ("Bonaire, Sint Eustatius and Saba", ["BQ"]),
        (" ; ", []),
        (None, []),
    ],
)
def test_countries_cell_reads_codes_or_names_separated_by_semicolons(cell, countries):
    assert CountriesWidget().clean(cell) == countries


def test_countries_cell_refuses_an_unknown_country_naming_the_nearest():
    with pytest.raises(ValueError, match="Atlantis") as refused:
        CountriesWidget().clean("AR; Atlantis")

    assert str(refused.value) == "Unknown value “Atlantis”; did you mean Albania?"


def test_event_import_sets_the_countries_served_and_exports_them_as_names(programs):
    headers = [*HEADERS, "countries_served"]
    dataset = tablib.Dataset(
        [*row(slug="tri-border-2020", city="", country=""), "AR; Brazil; PY"],
        [*row(slug="atlantis-2020"), "Atlantis"],
        headers=headers,
    )

    result = EventResource().import_data(dataset, dry_run=False)

    (invalid,) = result.invalid_rows
    assert invalid.error_dict == {
        "countries_served": ["Unknown value “Atlantis”; did you mean Albania?"]
    }
    event = Event.objects.get(slug="tri-border-2020")
    assert [country.code for country in event.countries_served] == ["AR", "BR", "PY"]
    exported = EventResource().export(queryset=Event.objects.all())
    assert exported.dict[0]["countries_served"] == "Argentina; Brazil; Paraguay"


def test_event_import_creates_events_with_their_date_ranges(programs):
    dataset = tablib.Dataset(
        row(),
        row(
            title="Coast Guard meeting",
            slug="coast-guard-2020",
            kind="meeting",
            format="Virtual",
            city="",
            country="",
            programs="maritime-security, cargo-container-security",
            participation_level="",
            dates="2020-10-26; 2020-10-28",
        ),
        headers=HEADERS,
    )

    result = EventResource().import_data(dataset, dry_run=False)

    assert not result.has_errors()
    assert not result.has_validation_errors()
    visit = Event.objects.get(slug="visit-2020")
    assert (visit.kind, visit.format, visit.country.code) == ("exchange_visit", "in_person", "EE")
    assert (visit.starts_on, visit.ends_on) == (
        datetime.date(2020, 1, 27),
        datetime.date(2020, 1, 31),
    )
    meeting = Event.objects.get(slug="coast-guard-2020")
    assert sorted(p.slug for p in meeting.programs.all()) == [
        "cargo-container-security",
        "maritime-security",
    ]
    assert [(d.start, d.end) for d in meeting.dates.all()] == [
        (datetime.date(2020, 10, 26), datetime.date(2020, 10, 26)),
        (datetime.date(2020, 10, 28), datetime.date(2020, 10, 28)),
    ]


def test_event_import_creates_a_new_events_month_ranges_by_month(programs):
    dataset = tablib.Dataset(row(dates="2020-06/2020-08; 2020-10-05"), headers=HEADERS)

    EventResource().import_data(dataset, dry_run=False)

    event = Event.objects.get()
    assert [(d.start, d.end, d.precision) for d in event.dates.all()] == [
        (datetime.date(2020, 6, 1), datetime.date(2020, 8, 31), "month"),
        (datetime.date(2020, 10, 5), datetime.date(2020, 10, 5), "day"),
    ]


def test_event_import_takes_the_annex_position_and_initiative_or_derives_the_annex(programs):
    headers = [*HEADERS, "annex", "position", "initiative"]
    dataset = tablib.Dataset(
        # A webinar the secretariat organised that the report leaves out of Annex 2.
        [*row(slug="tri-border-2020", kind="webinar", participation_level=""), "Neither annex",
         "0", ""],
        # Left empty: the participation level puts it in Annex 1.
        [*row(slug="roundtable-2020", kind="roundtable"), "", "8",
         "Maritime Security and Terrorist Travelers Initiative"],
        headers=headers,
    )  # fmt: skip

    result = EventResource().import_data(dataset, dry_run=False)

    assert not result.has_validation_errors()
    assert list(
        Event.objects.order_by("slug").values_list("slug", "annex", "position", "initiative")
    ) == [
        ("roundtable-2020", "annex-1", 8, "Maritime Security and Terrorist Travelers Initiative"),
        ("tri-border-2020", "none", 0, ""),
    ]


def test_event_import_refuses_annex_1_without_a_participation_level(programs):
    dataset = tablib.Dataset([*row(participation_level=""), "annex-1"], headers=[*HEADERS, "annex"])

    result = EventResource().import_data(dataset, dry_run=False)

    (invalid,) = result.invalid_rows
    assert invalid.error_dict == {
        "__all__": [
            "An Annex 1 meeting needs its participation level: Annex 1 marks who represented "
            "the secretariat."
        ]
    }
    assert Event.objects.count() == 0


def test_event_import_reports_the_english_titles_error_under_its_column(programs):
    """The title's field is title_en; staff read its error once, under the file's "title"
    column."""
    dataset = tablib.Dataset(row(title="x" * 401), headers=HEADERS)

    result = EventResource().import_data(dataset, dry_run=False)

    (invalid,) = result.invalid_rows
    assert invalid.error_dict == {
        "title": ["Ensure this value has at most 400 characters (it has 401)."]
    }
    assert Event.objects.count() == 0


def test_event_import_reports_a_row_the_database_refuses_by_its_spreadsheet_row(programs):
    """A text with a NUL character passes every check but PostgreSQL's: the row's error (not a
    validation error) names the spreadsheet's row, and nothing is saved."""
    headers = [*HEADERS, "description"]
    dataset = tablib.Dataset([*row(), "Fine"], [*row(slug="nul-2020"), "A\x00B"], headers=headers)

    result = EventResource().import_data(dataset, dry_run=False)

    assert [
        (number, [str(error.error) for error in errors]) for number, errors in result.row_errors()
    ] == [(3, ["PostgreSQL text fields cannot contain NUL (0x00) bytes"])]
    assert result.invalid_rows == []
    assert Event.objects.count() == 0


def test_event_import_refuses_a_new_event_without_a_year(programs):
    dataset = tablib.Dataset(row(year=""), headers=HEADERS)

    result = EventResource().import_data(dataset, dry_run=True)

    (invalid,) = result.invalid_rows
    assert invalid.error_dict == {"year": ["This field cannot be null."]}


def test_year_cell_reads_a_number_a_spreadsheet_number_or_nothing(django_assert_num_queries):
    year = ReportingYearFactory(year=2020)
    widget = YearWidget()

    cells = [widget.clean(value) for value in (2020.0, " 2020 ")]
    with django_assert_num_queries(0):  # each year is read once per import
        again = widget.clean("2020")

    assert cells == [year, year]
    assert again == year
    assert [widget.clean(value) for value in ("", None)] == [None, None]


@pytest.mark.parametrize("cell", ["1999", "20x0", 2020.5])
def test_year_cell_refuses_a_year_that_is_not_there_with_the_valid_years(cell):
    ReportingYearFactory(year=2020)
    ReportingYearFactory(year=2019)

    with pytest.raises(
        ValueError, match=f"^Unknown value “{re.escape(str(cell))}”; valid: 2019, 2020.$"
    ):
        YearWidget().clean(cell)


def test_event_import_reports_every_mistake_of_a_row_at_once(programs):
    headers = [name for name in HEADERS if name != "programs"]
    values = [
        v for name, v in zip(HEADERS, row(kind="webinarr"), strict=True) if name != "programs"
    ]

    result = EventResource().import_data(tablib.Dataset(values, headers=headers), dry_run=True)

    (invalid,) = result.invalid_rows
    assert invalid.error_dict == {
        "kind": [
            "Unknown value “webinarr”; valid: High-level meeting, Meeting, Regular session, "
            "Conference, Webinar, Virtual dialogue, Virtual forum, Workshop, Course, Roundtable, "
            "Plenary, Symposium, Briefing, Technical meeting, Working group meeting, Exchange "
            "visit, Bootcamp, Competition, Ceremony, Commemoration."
        ],
        "programs": ["A new event needs a “programs” column."],
    }


def test_event_import_of_an_existing_slug_replaces_its_date_ranges(programs):
    event = EventFactory(slug="visit-2020", year=ReportingYearFactory(year=2020))
    kept = EventDateFactory(
        event=event, start=datetime.date(2020, 1, 27), end=datetime.date(2020, 1, 31)
    )
    EventDateFactory(event=event, start=datetime.date(2020, 3, 1))
    dataset = tablib.Dataset(row(dates="2020-01-27/2020-01-31; 2020-06/2020-12"), headers=HEADERS)

    EventResource().import_data(dataset, dry_run=False)

    assert Event.objects.count() == 1
    assert [(d.pk == kept.pk, d.start, d.end, d.precision) for d in event.dates.all()] == [
        (True, datetime.date(2020, 1, 27), datetime.date(2020, 1, 31), "day"),
        (False, datetime.date(2020, 6, 1), datetime.date(2020, 12, 31), "month"),
    ]


def test_event_import_changes_a_date_range_in_place_and_leaves_the_others_alone(
    programs, django_assert_num_queries
):
    event = EventFactory(slug="visit-2020", year=ReportingYearFactory(year=2020))
    kept = EventDateFactory(
        event=event, start=datetime.date(2020, 1, 27), end=datetime.date(2020, 1, 31)
    )
    moved = EventDateFactory(event=event, start=datetime.date(2020, 3, 1))
    EventDate.history.all().delete()
    dataset = tablib.Dataset(
        ["visit-2020", "2020-01-27/2020-01-31; 2020-03-01/2020-03-02"], headers=["slug", "dates"]
    )

    # The changed range is checked without queries of its own: parse_dates checked it, and the
    # database holds its uniqueness and constraints.
    with django_assert_num_queries(27):
        EventResource().import_data(dataset, dry_run=False)

    assert [(d.pk, d.start, d.end, d.precision) for d in event.dates.all()] == [
        (kept.pk, datetime.date(2020, 1, 27), datetime.date(2020, 1, 31), "day"),
        (moved.pk, datetime.date(2020, 3, 1), datetime.date(2020, 3, 2), "day"),
    ]
    # The unchanged range keeps its history: only the changed one has a new row.
    assert [(r.id, r.history_type, r.end) for r in EventDate.history.all()] == [
        (moved.pk, "~", datetime.date(2020, 3, 2))
    ]


def test_event_import_of_an_empty_dates_cell_removes_the_date_ranges_and_the_span(programs):
    event = EventFactory(slug="visit-2020", year=ReportingYearFactory(year=2020))
    EventDateFactory(event=event, start=datetime.date(2020, 3, 1))
    dataset = tablib.Dataset(["visit-2020", ""], headers=["slug", "dates"])

    result = EventResource().import_data(dataset, dry_run=False)

    assert not result.has_validation_errors()
    event.refresh_from_db()
    assert list(event.dates.all()) == []
    assert (event.starts_on, event.ends_on) == (None, None)


def test_event_import_with_one_bad_row_shows_the_row_and_saves_nothing(client, programs):
    client.force_login(EditorFactory())
    file = csv_file(
        row(),
        row(slug="second-2020", kind="webinarr", programs="no-such-program", dates="2020-13-01"),
        row(slug="third-2020"),
    )

    response = upload(client, file)

    assert response.status_code == 200
    page = parse(response)
    assert page.select("h2")[-1].text == "Some rows failed to validate"
    (invalid,) = page.select("table", class_="import-preview")[0].select("tbody")[0].select("tr")
    errors = invalid.select("td", class_="errors")[0]
    labels = [span.text for span in errors.select("span", class_="validation-error-field-label")]
    assert labels == ["kind", "programs", "dates"]
    assert (
        "Unknown value “no-such-program”; valid: cargo-container-security, cybersecurity, "
        "maritime-security." in errors.text
    )
    assert "“2020-13-01” is not a date" in errors.text
    assert "Unknown value “webinarr”; valid: High-level meeting, Meeting," in errors.text
    assert page.select("form", action=PROCESS) == []  # nothing to confirm
    assert Event.objects.count() == 0
    assert EventDate.objects.count() == 0


def test_event_import_confirmed_saves_every_row(client, programs):
    editor = EditorFactory()
    client.force_login(editor)
    version = DataVersion.objects.get().number
    preview = upload(client, csv_file(row(), row(slug="second-2020", dates="2020-06-17")))
    assert parse(preview).select("h2")[-1].text == "Preview"
    assert DataVersion.objects.get().number == version  # the preview is rolled back

    response = confirm(client, preview)

    assert response.status_code == 302
    assert sorted(Event.objects.values_list("slug", flat=True)) == ["second-2020", "visit-2020"]
    assert list(Event.objects.order_by("slug").values_list("starts_on", "ends_on")) == [
        (datetime.date(2020, 6, 17), datetime.date(2020, 6, 17)),
        (datetime.date(2020, 1, 27), datetime.date(2020, 1, 31)),
    ]
    assert EventDate.objects.count() == 2
    # History tells who imported them, date ranges included.
    assert {record.history_user for record in Event.history.all()} == {editor}
    assert {record.history_user for record in EventDate.history.all()} == {editor}
    # One new data version for the whole file (cicte.data_version.bumped_once).
    assert DataVersion.objects.get().number == version + 1


def test_event_import_of_date_ranges_alone_makes_a_new_data_version(client, programs):
    client.force_login(EditorFactory())
    event = EventFactory(slug="visit-2020", year=ReportingYearFactory(year=2020))
    EventDateFactory(event=event, start=datetime.date(2020, 1, 27))
    version = DataVersion.objects.get().number
    file = csv_of(["slug", "dates"], ["visit-2020", "2020-01-27; 2020-03-01"])

    confirm(client, upload(client, file))

    assert [str(date) for date in event.dates.all()] == ["2020-01-27", "2020-03-01"]
    event.refresh_from_db()
    assert (event.starts_on, event.ends_on) == (
        datetime.date(2020, 1, 27),
        datetime.date(2020, 3, 1),
    )
    assert DataVersion.objects.get().number == version + 1


def test_event_import_confirmed_after_a_row_went_bad_saves_nothing(client, programs):
    client.force_login(EditorFactory())
    preview = upload(client, csv_file(row(), row(slug="second-2020", programs="maritime-security")))
    # Between the preview and the confirmation, a program of the file disappears.
    programs["maritime-security"].delete()

    response = confirm(client, preview)

    assert response.status_code == 302
    assert Event.objects.count() == 0
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [
        "Nothing was imported: rows 3 could not be saved. Upload the file again to see why."
    ]


def test_program_officer_imports_only_into_their_programs(client, programs):
    officer = ProgramOfficerFactory(
        programs=[programs["cybersecurity"], programs["cargo-container-security"]]
    )
    client.force_login(officer)
    file = csv_file(row(), row(slug="maritime-2020", programs="maritime-security"))

    response = upload(client, file)

    page = parse(response)
    (invalid,) = page.select("table", class_="import-preview")[0].select("tbody")[0].select("tr")
    assert invalid.select("th")[0].text == "3"
    assert invalid.select("td", class_="errors")[0].text == (
        "1 programs You may import events only into the programs assigned to you: "
        "cargo-container-security, cybersecurity."
    )
    assert page.select("form", action=PROCESS) == []
    assert Event.objects.count() == 0


def test_program_officer_keeps_the_other_programs_of_a_joint_event(client, programs):
    client.force_login(ProgramOfficerFactory(programs=[programs["cybersecurity"]]))
    event = EventFactory(
        slug="visit-2020",
        year=ReportingYearFactory(year=2020),
        programs=[programs["cybersecurity"], programs["maritime-security"]],
    )

    response = confirm(client, upload(client, csv_file(row(title="Visit, renamed"))))

    assert [str(m) for m in response.wsgi_request._messages] == [
        "Import finished: 0 new, 1 updated, 0 deleted and 0 skipped events."
    ]
    event.refresh_from_db()
    assert event.title == "Visit, renamed"
    assert sorted(p.slug for p in event.programs.all()) == ["cybersecurity", "maritime-security"]


def test_staff_who_cannot_add_events_cannot_import(client, programs):
    client.force_login(StaffUserFactory())

    assert client.get(IMPORT).status_code == 403


def test_event_export_from_the_admin_keeps_the_list_filters(client, programs):
    client.force_login(EditorFactory())
    year = ReportingYearFactory(year=2020)
    webinar = EventFactory(
        slug="webinar-2020",
        kind="webinar",
        year=year,
        programs=[programs["maritime-security"], programs["cybersecurity"]],
    )
    EventDateFactory(event=webinar, start=datetime.date(2020, 3, 19))
    EventFactory(slug="course-2020", kind="course", year=year)

    response = client.post(f"{EXPORT}?kind__exact=webinar", {"format": "0", "resource": "0"})

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["slug"], r["kind"], r["programs"], r["dates"], r["year"]) for r in rows] == [
        ("webinar-2020", "Webinar", "cybersecurity, maritime-security", "2020-03-19", "2020")
    ]


def test_event_export_to_excel_reads_back_as_a_spreadsheet(client, programs):
    client.force_login(EditorFactory())
    EventFactory(slug="webinar-2020", year=ReportingYearFactory(year=2020))

    response = client.post(EXPORT, {"format": "1", "resource": "0"})

    dataset = tablib.Dataset().load(response.content, format="xlsx")
    assert dataset.headers == [
        "title", "slug", "kind", "format", "status", "year", "city", "country",
        "countries_served", "programs", "partners", "initiative", "secretariat_role",
        "participation_level", "annex", "position", "dates", "attendance", "attendance_note",
        "description",
        "title_es", "initiative_es", "attendance_note_es", "description_es",
        "title_fr", "initiative_fr", "attendance_note_fr", "description_fr",
        "title_pt", "initiative_pt", "attendance_note_pt", "description_pt",
    ]  # fmt: skip
    assert dataset["slug"] == ["webinar-2020"]
    assert dataset["annex"] == ["Annex 2: webinars and virtual forums"]


def test_event_export_writes_a_code_that_is_no_longer_a_choice_as_it_is(programs):
    event = EventFactory(slug="seminar-2020", year=ReportingYearFactory(year=2020))
    Event.objects.filter(pk=event.pk).update(kind="seminar")  # a kind of an older version

    exported = EventResource().export(queryset=Event.objects.all())

    assert (exported.dict[0]["kind"], exported.dict[0]["format"]) == ("seminar", "Virtual")


def test_staff_without_view_permission_cannot_export(client):
    client.force_login(StaffUserFactory())

    assert client.get(EXPORT).status_code == 403


def csv_of(headers, *rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return SimpleUploadedFile("events.csv", out.getvalue().encode(), content_type="text/csv")


@pytest.mark.parametrize(
    ("headers", "values"),
    [
        (
            ["title", "slug", "status", "description"],
            ["Taken over", "border-forum-2020", "draft", "Rewritten"],
        ),
        (["title", "slug", "dates"], ["Border forum", "border-forum-2020", "2021-01-01"]),
    ],
    ids=["title-status-description", "dates"],
)
def test_program_officer_import_without_programs_cannot_change_another_programs_event(
    client, programs, headers, values
):
    event = EventFactory(
        slug="border-forum-2020",
        title="Border forum",
        description="As the report says",
        year=ReportingYearFactory(year=2020),
        programs=[programs["maritime-security"], programs["cargo-container-security"]],
    )
    EventDateFactory(event=event, start=datetime.date(2020, 6, 17))
    client.force_login(ProgramOfficerFactory(programs=[programs["cybersecurity"]]))

    response = upload(client, csv_of(headers, values))

    page = parse(response)
    (invalid,) = page.select("table", class_="import-preview")[0].select("tbody")[0].select("tr")
    assert invalid.select("th")[0].text == "2"
    assert invalid.select("td", class_="errors")[0].text == (
        "1 slug The event “border-forum-2020” belongs to programs you are not assigned to "
        f"({programs['maritime-security'].name}, {programs['cargo-container-security'].name}): "
        "only an editor or their program officers may change it."
    )
    assert page.select("form", action=PROCESS) == []
    event.refresh_from_db()
    assert (event.title, event.status, event.description) == (
        "Border forum",
        "published",
        "As the report says",
    )
    assert [str(date) for date in event.dates.all()] == ["2020-06-17"]


def test_program_officer_import_confirmed_by_hand_cannot_change_another_programs_event(
    client, programs
):
    """The confirmation step checks every row again: a file that passed the preview while the
    event was theirs is refused once it no longer is."""
    event = EventFactory(
        slug="border-forum-2020",
        title="Border forum",
        year=ReportingYearFactory(year=2020),
        programs=[programs["cybersecurity"]],
    )
    client.force_login(ProgramOfficerFactory(programs=[programs["cybersecurity"]]))
    preview = upload(client, csv_of(["title", "slug"], ["Taken over", "border-forum-2020"]))
    event.programs.set([programs["maritime-security"]])

    response = confirm(client, preview)

    assert [str(m) for m in response.wsgi_request._messages] == [
        "Nothing was imported: rows 2 could not be saved. Upload the file again to see why."
    ]
    event.refresh_from_db()
    assert event.title == "Border forum"


@pytest.mark.parametrize(("format_index", "format_name"), [("0", "csv"), ("1", "xlsx")])
def test_event_export_then_import_gives_back_text_that_looks_like_a_formula(
    client, programs, format_index, format_name
):
    client.force_login(EditorFactory())
    event = EventFactory(
        slug="webinar-2020",
        title="=1+2",
        description="-5 °C",
        city="@home",
        attendance_note="'=quoted",
        year=ReportingYearFactory(year=2020),
        programs=[programs["cybersecurity"]],
    )
    EventDateFactory(event=event, start=datetime.date(2020, 3, 19))
    exported = client.post(EXPORT, {"format": format_index, "resource": "0"}).content
    dataset = tablib.Dataset().load(
        exported.decode("utf-8-sig") if format_name == "csv" else exported, format=format_name
    )
    assert [dataset[column][0] for column in ("title", "description", "city")] == [
        "'=1+2",
        "'-5 °C",
        "'@home",
    ]
    Event.objects.filter(pk=event.pk).update(
        title_en="Changed", description_en="Changed", city="Changed", attendance_note_en=""
    )
    file = SimpleUploadedFile(f"events.{format_name}", exported)

    response = confirm(
        client,
        client.post(IMPORT, {"format": format_index, "resource": "0", "import_file": file}),
    )

    assert [str(m) for m in response.wsgi_request._messages] == [
        "Import finished: 0 new, 1 updated, 0 deleted and 0 skipped events."
    ]
    event.refresh_from_db()
    assert (event.title, event.description, event.city, event.attendance_note) == (
        "=1+2",
        "-5 °C",
        "@home",
        "'=quoted",
    )


def test_event_import_refuses_a_slug_given_twice(client, programs):
    client.force_login(EditorFactory())

    response = upload(client, csv_file(row(), row(title="Again"), row(slug="other-2020")))

    table = parse(response).select("table", class_="import-preview")[0]
    (invalid,) = table.select("tbody")[0].select("tr")
    assert invalid.select("th")[0].text == "3"
    assert invalid.select("td", class_="errors")[0].text == (
        "1 slug Row 2 has this slug too: give each event one row."
    )
    assert Event.objects.count() == 0


def test_event_import_leaves_the_history_the_change_form_would(client, programs):
    editor = EditorFactory()
    client.force_login(editor)
    changed = EventFactory(
        slug="changed-2020",
        year=ReportingYearFactory(year=2020),
        programs=[programs["cybersecurity"]],
    )
    changed.history.all().delete()
    file = csv_file(
        row(programs="cybersecurity, maritime-security"), row(slug="changed-2020", title="New")
    )

    confirm(client, upload(client, file))

    rows = Event.history.order_by("slug", "history_date")
    assert [
        (
            r.slug,
            r.history_type,
            r.history_user,
            r.title,
            sorted(p.program.slug for p in r.programs.all()),
        )
        for r in rows
    ] == [
        ("changed-2020", "~", editor, "New", ["cybersecurity"]),
        (
            "visit-2020",
            "+",
            editor,
            "Visit of policymakers",
            ["cybersecurity", "maritime-security"],
        ),
    ]
    # Each program a history row lists is the event's link (as the change form's save copies it).
    assert [{p.event_id for p in r.programs.all()} for r in rows] == [{r.id} for r in rows]
    assert [(str(r.instance), r.history_type, r.history_user) for r in EventDate.history.all()] == [
        ("2020-01-27 to 2020-01-31", "+", editor),
        ("2020-01-27 to 2020-01-31", "+", editor),
    ]


# (preview, confirmation) for one row that updates an event, and nine more that add one: nine
# or ten queries a row (six of them the database's check of the event's two annex constraints,
# run by full_clean), whatever the size of the file or of the database; the updated event's
# save reads its slug of before (cicte.slugs keeps an old slug); the file's events are read with
# their programs, date ranges and partners (one query each, the partners' own with the links').
@pytest.mark.parametrize(("rows", "queries"), [(1, (26, 39)), (10, (107, 125))])
def test_event_import_query_budget(client, programs, django_assert_num_queries, rows, queries):
    client.force_login(EditorFactory())
    EventFactory(slug="visit-0-2020", year=ReportingYearFactory(year=2020))
    file = csv_file(*(row(slug=f"visit-{n}-2020") for n in range(rows)))
    client.get(IMPORT)  # the session and the user's permissions, read once
    ContentType.objects.clear_cache()  # read once per process: as in a fresh worker

    with django_assert_num_queries(queries[0]):
        preview = upload(client, file)
    with django_assert_num_queries(queries[1]):
        confirm(client, preview)

    assert Event.objects.filter(slug__startswith="visit-").count() == rows


# The preview of a file that changes existing events: the events are read with their programs,
# date ranges and partners in one query each, whatever their number; then nine queries a row
# (full_clean's, as in test_event_import_query_budget), none of them for the date ranges.
@pytest.mark.parametrize(("rows", "queries"), [(1, 20), (3, 38)])
def test_event_import_preview_of_existing_events_query_budget(
    programs, django_assert_num_queries, rows, queries
):
    year = ReportingYearFactory(year=2020)
    for n in range(rows):
        event = EventFactory(slug=f"visit-{n}-2020", year=year)
        EventDateFactory(event=event, start=datetime.date(2020, 3, 1))
    dataset = tablib.Dataset(
        *([f"visit-{n}-2020", "New title"] for n in range(rows)), headers=["slug", "title"]
    )

    with django_assert_num_queries(queries):
        result = EventResource().import_data(dataset, dry_run=True)

    assert [row.import_type for row in result.rows] == ["update"] * rows
    dates = EventResource().get_export_headers().index("dates")
    assert [row.diff[dates] for row in result.rows] == ["2020-03-01"] * rows


def test_event_import_refuses_more_rows_than_it_takes(client, programs, settings):
    client.force_login(EditorFactory())
    file = csv_file(*(row(slug=f"visit-{n}-2020") for n in range(IMPORT_MAX_ROWS + 1)))

    response = upload(client, file)

    assert parse(response).one("ul", class_="errorlist").text == (
        "This file has more than 1,000 rows: import at most 1,000 at a time (split the file "
        "into several)."
    )
    assert Event.objects.count() == 0


def test_event_import_reads_an_excel_file_no_further_than_its_limit(client, programs):
    client.force_login(EditorFactory())
    book = openpyxl.Workbook()
    book.active.append(HEADERS)
    for n in range(IMPORT_MAX_ROWS + 1):
        book.active.append(row(slug=f"visit-{n}-2020"))
    content = io.BytesIO()
    book.save(content)
    file = SimpleUploadedFile("events.xlsx", content.getvalue())

    response = client.post(IMPORT, {"format": "1", "resource": "0", "import_file": file})

    assert parse(response).one("ul", class_="errorlist").text == (
        "This file has more than 1,000 rows: import at most 1,000 at a time (split the file "
        "into several)."
    )


def test_event_import_refuses_a_file_larger_than_it_takes(client, programs):
    client.force_login(EditorFactory())
    file = csv_of([*HEADERS, "description"], [*row(), "x" * IMPORT_MAX_BYTES])

    response = upload(client, file)

    assert parse(response).one("ul", class_="errorlist").text == (
        "This file is 2.0 MB: import at most 2.0 MB at a time (split the file into several)."
    )
    assert Event.objects.count() == 0


def test_event_import_in_the_shell_keeps_its_valid_rows_whole(programs):
    dataset = tablib.Dataset(row(), row(slug="bad-2020", kind="webinarr"), headers=HEADERS)

    result = EventResource().import_data(dataset, dry_run=False)

    assert [invalid.number for invalid in result.invalid_rows] == [3]
    visit = Event.objects.get()
    assert [p.slug for p in visit.programs.all()] == ["cybersecurity"]
    assert [str(date) for date in visit.dates.all()] == ["2020-01-27 to 2020-01-31"]
    assert [
        (r.history_type, [p.program.slug for p in r.programs.all()]) for r in visit.history.all()
    ] == [("+", ["cybersecurity"])]
