"""The events import's columns as staff read and write them (issue 16): the preview shows every
column as the export writes it, row numbers are the spreadsheet's, errors list what is valid,
blank cells are blank, partners and translations go out and come back unchanged, and the
columns mean the same in every admin language."""

import datetime
import io
import re

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from cicte.i18n import translated_fields
from cicte.resources import ChoiceWidget, CountryWidget
from events.cells import parse_partners
from events.enums import EventFormat
from events.models import Event, EventPartner
from events.resources import EventResource
from tests.events.test_import import EXPORT, IMPORT, confirm, csv_of, upload
from tests.factories.cicte import ReportingYearFactory
from tests.factories.events import EventDateFactory, EventFactory, EventPartnerFactory
from tests.factories.partners import PartnerFactory
from tests.factories.programs import ProgramFactory
from tests.factories.users import EditorFactory
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(db):
    return ReportingYearFactory(year=2020)


@pytest.fixture
def cyber(year):
    return ProgramFactory(slug="cybersecurity")


@pytest.fixture
def partners(db):
    return {slug: PartnerFactory(slug=slug) for slug in ("oas", "microsoft", "unicri")}


@pytest.fixture
def event(year, cyber, partners):
    """An event with two date ranges and two partners, the first printed under another name."""
    event = EventFactory(
        slug="forum-2020",
        title="Forum",
        title_es="Foro",
        description="About",
        description_es="Acerca",
        country="MX",
        year=year,
        programs=[cyber],
    )
    EventDateFactory(event=event, start=datetime.date(2020, 3, 2), end=datetime.date(2020, 3, 3))
    EventDateFactory(event=event, start=datetime.date(2020, 5, 1))
    EventPartnerFactory(
        event=event, partner=partners["oas"], role="organiser", name_as_printed="The OAS"
    )
    EventPartnerFactory(event=event, partner=partners["microsoft"], role="sponsor", position=1)
    return event


def table(response):
    """(headers, [[cell text, …] per row]) of the page's import table; the row's number first."""
    table = parse(response).one("table", class_="import-preview")
    headers = [th.text for th in table.select("thead")[0].select("th")]
    rows = [
        [cell.text for cell in row.iter() if cell.tag in ("th", "td") and cell.parent is row]
        for row in table.select("tbody")[0].select("tr")
    ]
    return headers, rows


def exported(client):
    """The event list exported to CSV, as a file to import."""
    response = client.post(EXPORT, {"format": "0", "resource": "0"})
    return SimpleUploadedFile("events.csv", response.content, content_type="text/csv")


def test_import_preview_shows_every_column_as_the_export_writes_it(client, event):
    client.force_login(EditorFactory())
    file = csv_of(
        ["slug", "title", "programs", "partners", "dates"],
        ["forum-2020", "Forum 2020", "cybersecurity", "oas:organiser; unicri:Supporting",
         "2020-03-02/2020-03-03"],
    )  # fmt: skip

    response = upload(client, file)

    headers, (row,) = table(response)
    assert headers[:2] == ["Row", "Change"]
    assert headers[2:] == EventResource().get_export_headers()
    cells = dict(zip(headers, row, strict=True))
    assert {name: cells[name] for name in ("Row", "Change", "slug", "programs", "year")} == {
        "Row": "2",
        "Change": "Update",
        "slug": "forum-2020",
        "programs": "cybersecurity",
        "year": "2020",
    }
    # What changes, marked: the date range that goes, the partner replaced, the title's word.
    assert cells["dates"] == "2020-03-02/2020-03-03; 2020-05-01"
    assert cells["partners"] == "oas:organiser; microsoftunicri:sponsorsupporter"
    assert cells["title"] == "Forum 2020"
    assert cells["title_es"] == "Foro"
    assert cells["description"] == "About"
    body = parse(response).one("table", class_="import-preview").select("tbody")[0]
    assert [d.text for d in body.select("del")] == ["microsoft", "sponsor", "; 2020-05-01"]
    assert [i.text for i in body.select("ins")] == ["2020", "unicri", "supporter"]


def test_import_preview_of_a_new_event_marks_its_cells_inserted(client, year, cyber):
    """A new event had nothing before: no cell shows a default of the model as deleted."""
    ProgramFactory(slug="maritime-security")
    client.force_login(EditorFactory())
    file = csv_of(
        ["title", "slug", "kind", "format", "status", "year", "programs", "secretariat_role"],
        ["Webinar", "webinar-2020", "webinar", "virtual", "draft", "2020",
         "maritime-security, cybersecurity", "organiser"],
    )  # fmt: skip

    response = upload(client, file)

    _headers, (row,) = table(response)
    assert row[:2] == ["2", "New"]
    body = parse(response).one("table", class_="import-preview").select("tbody")[0]
    assert [d.text for d in body.select("del")] == []
    # Each cell that is not blank, whole, in the export's order.
    assert [i.text for i in body.select("ins")] == [cell for cell in row[2:] if cell]
    assert [cell for cell in row[2:] if cell] == [
        "Webinar", "webinar-2020", "Webinar", "Virtual", "Draft", "2020",
        "cybersecurity, maritime-security", "Organiser", "Annex 2: webinars and virtual forums",
        "0",
    ]  # fmt: skip


def test_import_preview_marks_the_word_that_changed_in_a_long_text_of_repeated_words(client, event):
    """A nine-day course's program, each day in the same words: only the changed word is
    marked, not the rest of the text (difflib's "popular" words are not skipped)."""
    day = "Morning: a talk and questions. Afternoon: a workshop and questions."
    program = " ".join([day] * 9)
    Event.objects.filter(pk=event.pk).update(description_en=program)
    changed = program[: len(day) * 4] + program[len(day) * 4 :].replace("workshop", "visit", 1)
    client.force_login(EditorFactory())

    response = upload(client, csv_of(["slug", "description"], ["forum-2020", changed]))

    body = parse(response).one("table", class_="import-preview").select("tbody")[0]
    assert [d.text for d in body.select("del")] == ["workshop"]
    assert [i.text for i in body.select("ins")] == ["visit"]


def test_import_page_has_no_inline_style_or_script(client, event):
    client.force_login(EditorFactory())
    file = csv_of(["slug", "title", "dates"], ["forum-2020", "Forum <b>2020</b>", "2020-03-02"])

    html = upload(client, file).content.decode()

    assert parse(html).one("table", class_="import-preview")
    assert "<b>2020" not in html  # the cell's text is escaped, in the diff too
    assert re.findall(r"\sstyle=", html) == []
    assert re.findall(r"<style", html) == []
    assert re.findall(r"<script(?![^>]*\ssrc=)[^>]*>", html) == []


def test_import_errors_use_the_spreadsheets_row_numbers(client, event):
    client.force_login(EditorFactory())
    file = csv_of(
        ["slug", "title", "format"],
        ["forum-2020", "Forum", "virtual"],
        ["forum-2020", "Again", "virtual"],
        ["forum-2020", "Third", "on paper"],
    )

    response = upload(client, file)

    headers, rows = table(response)
    assert [row[0] for row in rows] == ["3", "4"]
    assert rows[0][1] == "1 slug Row 2 has this slug too: give each event one row."
    assert rows[1][1] == (
        "2 format Unknown value “on paper”; valid: Virtual, In person, Hybrid. "
        "slug Row 2 has this slug too: give each event one row."
    )
    assert dict(zip(headers, rows[1], strict=True))["format"] == "on paper"


@pytest.mark.parametrize(
    ("headers", "values", "column", "message"),
    [
        (["programs"], ["cyber-security"], "programs",
         "Unknown value “cyber-security”; valid: cybersecurity, maritime-security."),
        (["programs"], ["cyber-security, maritime"], "programs",
         "Unknown value “cyber-security”, “maritime”; valid: cybersecurity, maritime-security."),
        (["programs"], [" , "], "programs",
         "Give at least one program: slugs separated by commas."),
        (["partners"], ["microsfot:sponsor"], "partners",
         "Unknown value “microsfot”; did you mean microsoft?"),
        (["partners"], ["oas:host"], "partners",
         "Unknown value “host”; valid: Funding, Implementing, Organising, Co-organising, "
         "Supporting, Participating, In collaboration, Sponsoring, In partnership."),
        (["partners"], ["oas organiser"], "partners",
         "“oas organiser”: write each partner as slug:role, e.g. “oas:organiser”."),
        (["partners"], [":organiser"], "partners",
         "“:organiser”: write each partner as slug:role, e.g. “oas:organiser”."),
        (["partners"], ["oas:organiser:sponsor"], "partners",
         "Unknown value “organiser:sponsor”; valid: Funding, Implementing, Organising, "
         "Co-organising, Supporting, Participating, In collaboration, Sponsoring, "
         "In partnership."),
        (["partners"], ["oas:organiser; oas:Organising"], "partners",
         "“oas:Organising” is there twice."),
        (["partners"], ["zzz:sponsor"], "partners", "Unknown value “zzz”."),
        (["country"], ["Estonai"], "country",
         "Unknown value “Estonai”; did you mean Estonia?"),
        (["year"], ["2021"], "year", "Unknown value “2021”; valid: 2020."),
    ],
    ids=["program", "programs", "no-program", "partner", "role", "pair", "no-slug",
         "two-colons", "twice", "far", "country", "year"],
)  # fmt: skip
def test_import_errors_list_the_valid_values(client, event, headers, values, column, message):
    ProgramFactory(slug="maritime-security")
    client.force_login(EditorFactory())

    response = upload(client, csv_of(["slug", *headers], ["forum-2020", *values]))

    _headers, (row,) = table(response)
    assert row[1] == f"1 {column} {message}"


def test_import_error_names_the_three_nearest_partners(client, event):
    for slug in ("csirt-americas", "csirt-brasil", "csirt-chile", "csirt-colombia", "csirt-mexico"):
        PartnerFactory(slug=slug)
    client.force_login(EditorFactory())

    response = upload(client, csv_of(["slug", "partners"], ["forum-2020", "csirt-colmbia:sponsor"]))

    _headers, (row,) = table(response)
    assert row[1] == (
        "1 partners Unknown value “csirt-colmbia”; did you mean csirt-colombia, csirt-chile, "
        "csirt-mexico?"
    )


def test_choice_cell_reads_a_label_in_any_language_or_a_code():
    widget = ChoiceWidget(EventFormat)

    assert [widget.clean(cell) for cell in ("Virtual", "PRESENCIAL", "hybrid", "", None)] == [
        "virtual",
        "in_person",
        "hybrid",
        "",
        "",
    ]


def test_country_cell_reads_a_spanish_name_and_exports_the_english_one():
    widget = CountryWidget()

    with translation.override("es"):
        assert widget.clean("Estados Unidos") == "US"
        assert widget.render(Event(country="US").country) == "United States of America"


def test_partners_cell_reads_pairs_in_order_by_code_or_label():
    cell = " oas : organiser ;unicri:In collaboration; ; microsoft:Sponsoring "

    assert parse_partners(cell) == [
        ("oas", "organiser"),
        ("unicri", "collaborator"),
        ("microsoft", "sponsor"),
    ]


def xlsx_file(headers, *rows):
    book = openpyxl.Workbook()
    for row in (headers, *rows):
        book.active.append(row)
    content = io.BytesIO()
    book.save(content)
    return SimpleUploadedFile("events.xlsx", content.getvalue())


def test_import_of_blank_excel_cells_reads_them_as_blank(client, year, cyber):
    client.force_login(EditorFactory())
    headers = [
        "title",
        "slug",
        "kind",
        "format",
        "status",
        "year",
        "city",
        "country",
        "programs",
        "partners",
        "secretariat_role",
        "attendance",
        "description_es",
        "dates",
    ]
    good = [
        "Webinar",
        "webinar-2020",
        "webinar",
        "virtual",
        "published",
        2020,
        None,
        None,
        "cybersecurity",
        None,
        "organiser",
        None,
        None,
        "2020-04-02",
    ]
    bad = ["Bad", "bad-2020", "webinarr", "virtual", "published", 2020, None, None,
           "cybersecurity", None, "organiser", None, None, None]  # fmt: skip

    errors = client.post(
        IMPORT, {"format": "1", "resource": "0", "import_file": xlsx_file(headers, good, bad)}
    )
    confirm(
        client,
        client.post(
            IMPORT, {"format": "1", "resource": "0", "import_file": xlsx_file(headers, good)}
        ),
    )

    columns, (row,) = table(errors)
    assert row[0] == "3"
    cells = dict(zip(columns, row, strict=True))
    assert [cells[column] for column in headers] == [
        "Bad", "bad-2020", "webinarr", "virtual", "published", "2020", "", "", "cybersecurity",
        "", "organiser", "", "", "",
    ]  # fmt: skip
    webinar = Event.objects.get(slug="webinar-2020")
    assert (webinar.city, webinar.country, webinar.attendance, webinar.description_es) == (
        "",
        "",
        None,
        "",
    )
    assert list(webinar.partner_roles.all()) == []


def test_import_of_partners_sets_them_in_order_keeping_printed_names(client, event, partners):
    client.force_login(EditorFactory())
    oas = EventPartner.objects.get(event=event, partner=partners["oas"])
    file = csv_of(["slug", "partners"], ["forum-2020", "unicri:co_organiser; oas:organiser"])

    confirm(client, upload(client, file))

    links = list(event.partner_roles.all())
    assert [(link.partner.slug, link.role, link.position) for link in links] == [
        ("unicri", "co_organiser", 0),
        ("oas", "organiser", 1),
    ]
    assert (links[1].pk, links[1].name_as_printed) == (oas.pk, "The OAS")


def test_import_of_a_new_event_writes_its_partners_with_history(client, year, cyber, partners):
    editor = EditorFactory()
    client.force_login(editor)
    file = csv_of(
        ["title", "slug", "kind", "format", "status", "year", "programs", "partners",
         "secretariat_role", "dates"],
        ["Webinar", "webinar-2020", "webinar", "virtual", "published", "2020", "cybersecurity",
         "microsoft:sponsor; oas:organiser", "organiser", "2020-04-02"],
    )  # fmt: skip

    confirm(client, upload(client, file))

    event = Event.objects.get(slug="webinar-2020")
    assert [
        (link.partner.slug, link.role, link.position) for link in event.partner_roles.all()
    ] == [
        ("microsoft", "sponsor", 0),
        ("oas", "organiser", 1),
    ]
    assert [(r.history_type, r.history_user) for r in EventPartner.history.all()] == [
        ("+", editor),
        ("+", editor),
    ]


def event_state(event):
    """Everything the import can write of `event`, as it is in the database."""
    event = Event.objects.get(pk=event.pk)
    # Not "title" itself: modeltranslation's copy of the text last saved, in its language.
    fields = [
        f.attname
        for f in Event._meta.concrete_fields
        if f.attname not in {"id", *translated_fields(Event)}
    ]
    return (
        {name: getattr(event, name) for name in fields},
        sorted(event.programs.values_list("pk", flat=True)),
        list(event.dates.values_list("pk", "start", "end", "precision")),
        list(
            event.partner_roles.values_list(
                "pk", "partner__slug", "role", "position", "name_as_printed_en"
            )
        ),
    )


@pytest.mark.parametrize("language", ["en", "es"])
def test_export_then_import_changes_nothing(client, event, language):
    """In either admin language: the file the export gives, imported back, gives no change."""
    client.force_login(EditorFactory())
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language  # the admin's language: the browser's
    before = event_state(event)
    partner_history = EventPartner.history.count()

    response = confirm(client, upload(client, exported(client)))

    assert response.status_code == 302
    assert event_state(event) == before
    assert EventPartner.history.count() == partner_history


def test_import_in_the_spanish_admin_writes_the_english_title(client, event):
    client.force_login(EditorFactory())
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "es"
    file = csv_of(
        ["slug", "title", "title_es"], ["forum-2020", "Forum on cyber", "Foro cibernético"]
    )

    preview = upload(client, file)
    assert parse(preview).one("h2", id="import-table-heading").text == "Vista previa"
    confirm(client, preview)

    event.refresh_from_db()
    assert (event.title_en, event.title_es) == ("Forum on cyber", "Foro cibernético")


def test_export_in_the_spanish_admin_has_the_same_columns_and_english_title(client, event):
    client.force_login(EditorFactory())

    english = tablib.Dataset().load(exported(client).read().decode("utf-8-sig"), format="csv")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "es"
    spanish = tablib.Dataset().load(exported(client).read().decode("utf-8-sig"), format="csv")

    assert spanish.headers == english.headers
    assert (spanish["title"], spanish["title_es"], spanish["country"]) == (
        ["Forum"],
        ["Foro"],
        ["Mexico"],
    )


@pytest.mark.parametrize("count", [1, 3])
def test_event_export_from_the_admin_query_budget(
    client, year, cyber, partners, django_assert_num_queries, count
):
    """Programs, date ranges and partners are read once for the whole list, not per event."""
    client.force_login(EditorFactory())
    for _n in range(count):
        event = EventFactory(year=year, programs=[cyber])
        EventDateFactory(event=event)
        EventPartnerFactory(event=event, partner=partners["oas"])
    client.get(IMPORT)  # the session and the user's permissions, read once

    # 13 at any count: the list's filters include the user's own programs ("My programs").
    with django_assert_num_queries(13):
        response = client.post(EXPORT, {"format": "0", "resource": "0"})

    assert len(response.content.decode("utf-8-sig").splitlines()) == 1 + count
