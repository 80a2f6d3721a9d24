"""/events.ics, /events.csv and /events.json: parsed back, compared with the /events/ list."""

import csv
import datetime
import io
import json

import icalendar
import pytest
from django.core.management import call_command
from django.urls import reverse

from cicte import exports
from cicte.enums import ContentStatus
from events.filters import EventFilterSet
from events.models import Event
from tests.factories.cicte import ReportingYearFactory
from tests.factories.events import EventDateFactory, EventFactory, EventPartnerFactory
from tests.factories.partners import PartnerFactory
from tests.factories.programs import ProgramFactory
from tests.html import parse

pytestmark = pytest.mark.django_db

ICS = reverse("events-ics")
CSV = reverse("events-csv")
JSON = reverse("events-json")


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def calendar_of(response):
    return icalendar.Calendar.from_ical(body(response))


def csv_rows(response):
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")  # so that spreadsheet programs read it as UTF-8
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def json_rows(response):
    return json.loads(body(response))


def dated_event(*ranges, **kwargs):
    event = EventFactory(**kwargs)
    for start, end in ranges:
        EventDateFactory(event=event, start=start, end=end)
    return event


def listed(data):
    """The slugs the /events/ list shows for these filters, in its order."""
    filterset = EventFilterSet(data, queryset=Event.objects.published().newest_first())
    return [event.slug for event in filterset.qs]


# -- The 2020 report ---------------------------------------------------------------------------


@pytest.fixture
def report_2020(db):
    call_command("loaddata", "report_2020", verbosity=0)


def test_event_calendar_for_a_program_has_every_date_range_of_its_events(client, report_2020):
    response = client.get(ICS, {"program": "maritime-security"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = calendar_of(response)
    vevents = calendar.walk("VEVENT")
    assert [(str(v["summary"]), v.decoded("dtstart").isoformat()) for v in vevents] == [
        ("Technical Table No. 19 on “Port Control”", "2020-11-05"),
        ("Expert Webinar on “Maritime Security and the fight against Terrorism”", "2020-10-27"),
        ("Coast Guard Virtual Regional Meeting", "2020-10-26"),
        ("Coast Guard Virtual Regional Meeting", "2020-10-28"),
        ("Annual meeting of the National Maritime Industry Interagency Advisory Group",
         "2020-09-30"),
        ("Technical Table No. 17 on “Port Disruption Technologies”", "2020-09-18"),
        ("Webinar on “Cyber threats in the maritime and port sector”", "2020-07-25"),
        ("Roundtable discussion on global implications of terrorist travelers in the maritime "
         "domain", "2020-07-21"),
        ("Roundtable discussion on global implications of terrorist travelers in the maritime "
         "domain", "2020-07-28"),
        ("Webinar “Port security management in the face of the COVID-19 pandemic”",
         "2020-05-19"),
        ("Webinar “Pandemic: frontiers on the front line”", "2020-05-05"),
    ]  # fmt: skip
    assert [[str(c) for c in v["categories"].cats] for v in vevents][-3:] == [
        ["Maritime security", "Roundtable"],
        ["Maritime security", "Webinar"],
        [
            "Maritime security",
            "Cargo and container security",
            "Security of crowded spaces, including tourist destinations and major events",
            "Webinar",
        ],
    ]
    assert str(calendar["x-wr-calname"]) == "CICTE events — Program: Maritime security"


def test_event_calendar_for_a_parent_program_includes_its_sub_programs(client, report_2020):
    response = client.get(ICS, {"program": "border-security"})

    summaries = {str(v["summary"]) for v in calendar_of(response).walk("VEVENT")}
    assert "Coast Guard Virtual Regional Meeting" in summaries  # maritime security
    assert "Webinar “Border Security and Customs during the Pandemic”" in summaries  # cargo


def test_event_csv_rows_are_the_filtered_list_in_its_order(client, report_2020):
    query = {"kind": "webinar", "start": "2020-06-01"}

    rows = csv_rows(client.get(CSV, query))

    assert [row["Identifier"] for row in rows] == listed(query)
    # The Tri-Border "sub-regional webinar" of December 15 is the twelfth.
    assert len(rows) == 12


def test_event_json_rows_are_the_filtered_list_in_its_order(client, report_2020):
    query = {"program": "cybersecurity", "q": "women"}

    rows = json_rows(client.get(JSON, query))

    assert [row["slug"] for row in rows] == listed(query)
    assert [row["title"] for row in rows] == [
        "Webinar “Cybersecurity for Women”",
        "Webinar “Women in cybersecurity”",
    ]


def test_event_json_lists_the_countries_an_event_served(client, report_2020):
    rows = json_rows(client.get(JSON, {"q": "Tri-Border"}))

    assert [(row["slug"], row["country"], row["countries_served"]) for row in rows] == [
        ("tri-border-legal-cooperation-workshop-2020", "", ["Argentina", "Brazil", "Paraguay"])
    ]


def test_event_json_lists_a_multi_range_event_as_in_annex_1(client, report_2020):
    rows = json_rows(client.get(JSON, {"q": "GAFILAT Virtual Plenaries"}))

    assert rows == [
        {
            "slug": "gafilat-plenaries-2020",
            "title": "GAFILAT Virtual Plenaries",
            "kind": "Plenary",
            "format": "Virtual",
            "dates": ["2020-06-17", "2020-11-30/2020-12-03"],
            "starts_on": "2020-06-17",
            "ends_on": "2020-12-03",
            "place": "Virtual format",
            "city": "",
            "country": "",
            "countries_served": [],
            "programs": ["Legislative and technical assistance against terrorist financing"],
            "initiative": "",
            "secretariat_role": "Participant",
            "participation_level": "CICTE Secretariat officials",
            "partners": [
                "Financial Action Task Force of Latin America (GAFILAT for its acronym in "
                "Spanish) (Organising)"
            ],
            "attendance": None,
            "attendance_note": "",
            "year": 2020,
            "annex": 1,
            "url": "http://testserver/en/events/gafilat-plenaries-2020/",
        }
    ]


# -- iCalendar ---------------------------------------------------------------------------------


def test_event_calendar_entries_are_all_day_with_place_link_and_stable_uid(client):
    event = dated_event(
        (datetime.date(2020, 1, 27), datetime.date(2020, 1, 31)),
        title="Visit of policymakers",
        slug="visit-2020",
        kind="exchange_visit",
        format="in_person",
        city="Tallinn",
        country="EE",
        description="A week of visits.",
        programs=[ProgramFactory(name="Cybersecurity")],
    )

    first = calendar_of(client.get(ICS)).walk("VEVENT")
    again = calendar_of(client.get(ICS)).walk("VEVENT")

    assert len(first) == 1
    vevent = first[0]
    assert vevent.decoded("dtstart") == datetime.date(2020, 1, 27)
    assert vevent["dtstart"].params["VALUE"] == "DATE"
    # DTEND of an all-day event is the day after its last day.
    assert vevent.decoded("dtend") == datetime.date(2020, 2, 1)
    assert str(vevent["location"]) == "Tallinn, Estonia"
    assert str(vevent["url"]) == f"http://testserver{event.get_absolute_url()}"
    assert str(vevent["description"]) == (
        f"A week of visits.\n\nhttp://testserver{event.get_absolute_url()}"
    )
    assert [str(c) for c in vevent["categories"].cats] == ["Cybersecurity", "Exchange visit"]
    assert str(vevent["uid"]) == "visit-2020-20200127@testserver"
    assert str(again[0]["uid"]) == str(vevent["uid"])


def test_event_calendar_month_range_covers_the_whole_months(client):
    event = EventFactory(format="virtual")
    EventDateFactory(
        event=event,
        start=datetime.date(2020, 6, 1),
        end=datetime.date(2020, 12, 31),
        precision="month",
    )

    (vevent,) = calendar_of(client.get(ICS)).walk("VEVENT")

    assert vevent.decoded("dtstart") == datetime.date(2020, 6, 1)
    assert vevent.decoded("dtend") == datetime.date(2021, 1, 1)
    assert str(vevent["location"]) == "Virtual format"


def test_event_calendar_leaves_out_drafts_and_undated_events(client):
    dated_event((datetime.date(2020, 3, 19), datetime.date(2020, 3, 19)), title="Public")
    dated_event(
        (datetime.date(2020, 3, 20), datetime.date(2020, 3, 20)),
        title="Draft",
        status=ContentStatus.DRAFT,
    )
    dated_event(
        (datetime.date(2020, 3, 21), datetime.date(2020, 3, 21)),
        title="Of a draft year",
        year=ReportingYearFactory(status="draft"),
    )
    EventFactory(title="Undated")

    vevents = calendar_of(client.get(ICS)).walk("VEVENT")

    assert [str(v["summary"]) for v in vevents] == ["Public"]


def test_event_calendar_with_no_events_is_an_empty_calendar(client):
    calendar = calendar_of(client.get(ICS))

    assert calendar.walk("VEVENT") == []
    assert str(calendar["version"]) == "2.0"


# -- CSV and JSON ------------------------------------------------------------------------------


def test_event_csv_has_human_readable_columns_in_utf8(client):
    program = ProgramFactory(name="Resolution 1540")
    event = dated_event(
        (datetime.date(2020, 1, 19), datetime.date(2020, 1, 20)),
        (datetime.date(2020, 3, 2), datetime.date(2020, 3, 2)),
        title="Conferencia de Bogotá",
        slug="bogota-2020",
        kind="high_level_meeting",
        format="in_person",
        city="Bogotá",
        country="CO",
        countries_served=["PE", "CO"],
        secretariat_role="participant",
        participation_level="executive_secretary",
        attendance=150,
        attendance_note="more than 150 people",
        initiative="Global Initiative",
        programs=[program],
        year=ReportingYearFactory(year=2020),
    )
    EventPartnerFactory(
        event=event, partner=PartnerFactory(name="Colombia"), role="organiser", position=0
    )

    (row,) = csv_rows(client.get(CSV))

    assert row == {
        "Identifier": "bogota-2020",
        "Title": "Conferencia de Bogotá",
        "Kind": "High-level meeting",
        "Format": "In person",
        "Dates": "2020-01-19/2020-01-20; 2020-03-02",
        "First day": "2020-01-19",
        "Last day": "2020-03-02",
        "Place": "Bogotá, Colombia",
        "City": "Bogotá",
        "Country": "Colombia",
        "Countries served": "Colombia; Peru",
        "Programs": "Resolution 1540",
        "Initiative": "Global Initiative",
        "Secretariat's role": "Participant",
        "Participation level": "Executive Secretary of CICTE",
        "Partners": "Colombia (Organising)",
        "Attendance": "150",
        "Attendance as reported": "more than 150 people",
        "Reporting year": "2020",
        "Annex": "1",
        "Link": "http://testserver/en/events/bogota-2020/",
    }


def test_event_csv_is_a_streamed_attachment(client):
    response = client.get(CSV)

    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="cicte-events.csv"'


def test_event_json_with_no_events_is_an_empty_array(client):
    response = client.get(JSON)

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert json_rows(response) == []


@pytest.mark.parametrize("url", [ICS, CSV, JSON])
@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ({"program": "no-such-program"}, "Program: Select a valid choice."),
        ({"start": "2020-02-30"}, "From: Enter a valid date."),
        ({"start": "2020-03-31", "end": "2020-03-01"}, "To: The end date is before the start"),
    ],
)
def test_event_export_bad_filter_answers_400_in_plain_words(client, url, query, reason):
    dated_event((datetime.date(2020, 3, 19), datetime.date(2020, 3, 19)))

    response = client.get(url, query)

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    lines = text.splitlines()
    assert text == "\n".join(lines) + "\n"
    assert len(lines) == 2
    assert lines[0] == (
        "Some filters could not be applied. Nothing is exported until they are corrected."
    )
    assert lines[1].startswith(reason)


# -- Streaming and query budgets ---------------------------------------------------------------


def make_exported_event(number):
    event = dated_event(
        (
            datetime.date(2020, 1, 1) + datetime.timedelta(days=number),
            datetime.date(2020, 1, 1) + datetime.timedelta(days=number),
        ),
        (
            datetime.date(2020, 12, 1) + datetime.timedelta(days=number % 20),
            datetime.date(2020, 12, 1) + datetime.timedelta(days=number % 20),
        ),
    )
    event.programs.set([ProgramFactory(), ProgramFactory()])
    EventPartnerFactory(event=event)
    return event


@pytest.mark.parametrize("url", [ICS, CSV, JSON])
@pytest.mark.parametrize("rows", [1, 30])
def test_event_export_query_budget(client, django_assert_num_queries, url, rows):
    for number in range(rows):
        make_exported_event(number)

    # Filter choices: programs, partners, years; events with their years; then, per chunk of
    # rows: dates, programs, partners.
    with django_assert_num_queries(7):
        content = body(client.get(url, {"start": "2020-01-01"}))

    assert exported_rows(url, content) == (rows * 2 if url == ICS else rows)


def exported_rows(url, content):
    """VEVENTs of a calendar, rows of a CSV or a JSON array."""
    if url == ICS:
        return len(icalendar.Calendar.from_ical(content).walk("VEVENT"))
    if url == CSV:
        return len(list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")))))
    return len(json.loads(content))


def test_event_csv_reads_the_rows_in_chunks(client, django_assert_num_queries, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    for number in range(5):
        make_exported_event(number)

    # Three chunks of at most two rows, each with its three prefetches: memory stays flat.
    with django_assert_num_queries(4 + 3 * 3):
        rows = csv_rows(client.get(CSV))

    assert len(rows) == 5


def test_event_list_links_to_its_exports_with_its_filters(client):
    dated_event((datetime.date(2020, 3, 19), datetime.date(2020, 3, 19)), kind="webinar")

    page = parse(client.get(reverse("events:list"), {"kind": "webinar", "page": "1"}))

    links = page.one("nav", class_="data-links").select("a")
    assert [(a.text, a.attrs["href"]) for a in links] == [
        ("Subscribe in your calendar", f"webcal://testserver{ICS}?kind=webinar"),
        ("Download iCalendar", f"{ICS}?kind=webinar"),
        ("Download CSV", f"{CSV}?kind=webinar"),
        ("JSON", f"{JSON}?kind=webinar"),
        ("Atom feed of the latest events", reverse("events-atom")),
    ]


def test_event_list_export_links_leave_out_empty_filters(client):
    """The form sends every field: the feeds' addresses keep only those with a value."""
    dated_event((datetime.date(2020, 3, 19), datetime.date(2020, 3, 19)), kind="webinar")
    query = "q=&program=&year=&start=&end=&kind=webinar&format=&country=&country=&page=1"

    page = parse(client.get(f"{reverse('events:list')}?{query}"))

    links = page.one("nav", class_="data-links").select("a")
    assert [a.attrs["href"] for a in links] == [
        f"webcal://testserver{ICS}?kind=webinar",
        f"{ICS}?kind=webinar",
        f"{CSV}?kind=webinar",
        f"{JSON}?kind=webinar",
        reverse("events-atom"),
    ]
    assert page.one("input", id="calendar-address").attrs["value"] == (
        f"http://testserver{ICS}?kind=webinar"
    )


def test_event_list_without_filters_offers_the_whole_calendar(client):
    dated_event((datetime.date(2020, 3, 19), datetime.date(2020, 3, 19)))

    page = parse(client.get(reverse("events:list"), {"q": "", "kind": ""}))

    address = page.one("input", id="calendar-address")
    assert address.attrs["value"] == f"http://testserver{ICS}"
    assert "readonly" in address.attrs
    label = page.one("details", class_="calendar-help").one("label")
    assert (label.attrs["for"], label.text) == ("calendar-address", "Address of this calendar")
    steps = page.one("dl", class_="calendar-steps")
    apps = [dt.text for dt in steps.select("dt")]
    assert apps == ["Outlook", "Google Calendar", "Apple Calendar"]


def test_event_list_calendar_address_follows_the_host_and_scheme(client):
    dated_event((datetime.date(2020, 3, 19), datetime.date(2020, 3, 19)))

    plain = parse(client.get(reverse("events:list"), HTTP_HOST="localhost"))
    secure = parse(client.get(reverse("events:list"), HTTP_HOST="localhost", secure=True))

    assert plain.one("input", id="calendar-address").attrs["value"] == (f"http://localhost{ICS}")
    assert secure.one("input", id="calendar-address").attrs["value"] == (f"https://localhost{ICS}")
    assert secure.one("nav", class_="data-links").select("a")[0].attrs["href"] == (
        f"webcal://localhost{ICS}"
    )


# -- One event's "Add to calendar" file --------------------------------------------------------


def test_event_ics_holds_the_events_ranges_with_the_feeds_uids(client):
    event = dated_event(
        (datetime.date(2020, 1, 27), datetime.date(2020, 1, 31)),
        (datetime.date(2020, 3, 2), datetime.date(2020, 3, 2)),
        title="Visit of policymakers",
        slug="visit-2020",
        city="Tallinn",
        country="EE",
    )
    dated_event((datetime.date(2020, 2, 1), datetime.date(2020, 2, 1)), slug="another")

    response = client.get(reverse("event-ics", args=["visit-2020"]))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="visit-2020.ics"'
    vevents = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert [(v.decoded("dtstart"), v.decoded("dtend")) for v in vevents] == [
        (datetime.date(2020, 1, 27), datetime.date(2020, 2, 1)),
        (datetime.date(2020, 3, 2), datetime.date(2020, 3, 3)),
    ]
    assert [str(v["summary"]) for v in vevents] == ["Visit of policymakers"] * 2
    assert str(vevents[0]["url"]) == f"http://testserver{event.get_absolute_url()}"
    feed = calendar_of(client.get(ICS)).walk("VEVENT")
    feed_uids = {str(v["uid"]) for v in feed}
    assert {str(v["uid"]) for v in vevents} <= feed_uids
    assert [str(v["uid"]) for v in vevents] == [
        "visit-2020-20200127@testserver",
        "visit-2020-20200302@testserver",
    ]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"status": ContentStatus.DRAFT},
        {"year": lambda: ReportingYearFactory(status="draft")},
    ],
    ids=["draft", "draft-year"],
)
def test_event_ics_of_an_event_visitors_cannot_see_is_404(client, kwargs):
    kwargs = {key: value() if callable(value) else value for key, value in kwargs.items()}
    dated_event((datetime.date(2020, 3, 19), datetime.date(2020, 3, 19)), slug="hidden", **kwargs)

    response = client.get(reverse("event-ics", args=["hidden"]))

    assert response.status_code == 404


def test_event_ics_of_an_undated_event_is_404(client):
    EventFactory(slug="undated")

    assert client.get(reverse("event-ics", args=["undated"])).status_code == 404


def test_event_ics_query_budget(client, django_assert_num_queries):
    dated_event(
        (datetime.date(2020, 1, 27), datetime.date(2020, 1, 31)),
        slug="visit-2020",
        programs=[ProgramFactory(), ProgramFactory()],
    )

    # The event, its date ranges, its programs.
    with django_assert_num_queries(3):
        response = client.get(reverse("event-ics", args=["visit-2020"]))

    assert response.status_code == 200


# -- Nothing typed by staff or sent in the query ends a calendar line --------------------------


def test_event_calendar_escapes_and_folds_every_value_staff_typed(client):
    program = ProgramFactory(slug="cyber", name="Cyber\rBEGIN:VEVENT\rSUMMARY:Injected")
    dated_event(
        (datetime.date(2020, 3, 19), datetime.date(2020, 3, 19)),
        title="Telework\rBEGIN:VEVENT\r\nSUMMARY:Injected, too; really\x0b",
        description="Line one\nLine two\rEND:VEVENT\x1b",
        city="Washington\r\nX-INJECTED:1",
        programs=[program],
    )

    response = client.get(ICS, {"program": "cyber"})

    content = body(response)
    # Any reader: one splitting on CR, LF or both finds no line the site did not write.
    lines = content.decode().replace("\r\n", "\n").replace("\r", "\n").split("\n")
    assert [line for line in lines if line.startswith(("BEGIN:", "END:", "SUMMARY", "X-I"))] == [
        "BEGIN:VCALENDAR",
        "BEGIN:VEVENT",
        "SUMMARY:Telework\\nBEGIN:VEVENT\\nSUMMARY:Injected\\, too\\; really",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    assert all(len(line) <= 75 for line in content.split(b"\r\n"))
    assert not any(0 < byte < 32 and byte not in b"\t\r\n" for byte in content)
    calendar = icalendar.Calendar.from_ical(content)
    # An X- property reads back as written: escaped.
    assert str(calendar["X-WR-CALNAME"]) == (
        "CICTE events — Program: Cyber\\nBEGIN:VEVENT\\nSUMMARY:Injected"
    )
    [entry] = calendar.walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Telework\nBEGIN:VEVENT\nSUMMARY:Injected, too; really"
    assert str(entry["LOCATION"]).startswith("Washington\nX-INJECTED:1")
    assert str(entry["DESCRIPTION"]).startswith("Line one\nLine two\nEND:VEVENT\n\n")


@pytest.mark.parametrize("url", [ICS, CSV, JSON])
@pytest.mark.parametrize("value", ["a\nb", "a\rb", "a\x00b", "\x1b[31m"])
def test_event_export_refuses_a_control_character_in_the_query(client, url, value):
    response = client.get(url, {"q": value})

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "The parameter “q” contains a control character (a line break, a tab…). Remove it and "
        "try again."
    )
