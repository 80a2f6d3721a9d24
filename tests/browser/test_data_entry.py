"""Quick data entry in the back office, in the browser: the event form's order and its warning,
the events list at 1280 px, an officer's "My programs", and the change log's answer to "who
changed what yesterday"."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from cicte.history import history_of
from events.models import Event
from programs.models import Program
from tests.browser.conftest import DESKTOP, sign_in
from tests.factories.users import EditorFactory, ProgramOfficerFactory

pytestmark = pytest.mark.browser

TITLE = "Webinar on dates that belong to another year (browser tests)"


@pytest.fixture
def editor(staff):
    yield staff(EditorFactory, username="entry-editor")
    Event.objects.filter(title=TITLE).delete()


def test_event_form_puts_dates_first_and_warns_when_the_year_disagrees(page, editor):
    sign_in(page, editor)
    page.goto(reverse("admin:events_event_add"))

    dates = page.locator("#dates-group")
    year = page.get_by_label("Reporting year")
    # The date ranges come first, the reporting year (the open one, 2020) right under them.
    assert dates.bounding_box()["y"] < year.bounding_box()["y"]
    assert year.locator("option:checked").inner_text() == "2020"
    # Help texts are written out, those of the date ranges' columns too.
    expect(page.get_by_text("Leave empty for a single day.")).to_be_visible()
    expect(page.locator("#id_title_en_helptext")).to_have_text("As it should read in the annexes.")

    dates.get_by_label("Start", exact=True).first.fill("2019-03-04")
    page.get_by_label(re.compile(r"^Title")).first.fill(TITLE)
    page.get_by_label("Kind").select_option(label="Webinar")
    page.get_by_label("Format").select_option(label="Virtual")
    page.get_by_label("Cybersecurity", exact=True).check()
    page.get_by_label("Secretariat's role").select_option(label="Organiser")
    page.get_by_role("button", name="Save and continue editing").click()

    warning = page.locator(".messagelist .warning")
    expect(warning).to_have_text(
        f"The dates of “{TITLE}” fall outside its reporting year 2020: check the year or the "
        "dates. The year's report lists it as a blocking item."
    )
    assert Event.objects.get(title=TITLE).starts_on == datetime.date(2019, 3, 4)


def test_events_list_at_1280_px_gives_titles_room_and_folds_its_filters(open_context, staff):
    context = open_context(viewport=DESKTOP)
    page = context.new_page()
    sign_in(page, staff(EditorFactory))
    page.goto(reverse("admin:events_event_changelist"))

    title = page.locator("#result_list tbody th").first
    assert title.bounding_box()["width"] >= 320
    # Every column shows beside the filters, the last one too: the list does not scroll sideways.
    last = page.locator("#result_list thead th.column-last_changed").bounding_box()
    filters_box = page.locator("#changelist-filter").bounding_box()
    assert last["x"] + last["width"] <= filters_box["x"]
    assert page.locator("#result_list").evaluate("table => table.parentElement.scrollWidth") == (
        page.locator("#result_list").evaluate("table => table.parentElement.clientWidth")
    )
    # The longest title of 2020 (226 characters) reads on at most five lines, not ten.
    longest = max(Event.objects.filter(year__year=2020), key=lambda event: len(event.title))
    cell = page.locator("#result_list tbody th", has_text=longest.title)
    line = float(cell.evaluate("cell => getComputedStyle(cell).lineHeight").removesuffix("px"))
    assert cell.locator("a").bounding_box()["height"] <= 5 * line + 1

    filters = page.locator("#changelist-filter")
    toggle = page.get_by_role("button", name="Hide filters")
    toggle.focus()
    page.keyboard.press("Enter")

    expect(filters).to_be_hidden()
    expect(page.get_by_role("button", name="Show filters")).to_have_attribute(
        "aria-expanded", "false"
    )
    page.reload()  # The choice is remembered.
    expect(filters).to_be_hidden()
    page.get_by_role("button", name="Show filters").focus()
    page.keyboard.press("Space")
    expect(filters).to_be_visible()
    expect(page.get_by_role("button", name="Hide filters")).to_have_attribute(
        "aria-expanded", "true"
    )


def test_an_officer_sees_their_programs_first(page, staff):
    maritime = Program.objects.get(slug="maritime-security")
    officer = staff(ProgramOfficerFactory, username="entry-officer", programs=[maritime])
    sign_in(page, officer)
    page.goto(reverse("admin:events_event_changelist"))

    program_filter = page.locator("#changelist-filter details[data-filter-title='program']")
    assert program_filter.locator("li").all_inner_texts()[:3] == [
        "All",
        "My programs",
        "Maritime security",
    ]
    program_filter.get_by_role("link", name="My programs").click()

    expect(page.locator("#changelist-filter li.selected", has_text="My programs")).to_have_count(1)
    shown = page.locator("#result_list tbody th").all_inner_texts()
    assert sorted(shown) == sorted(
        Event.objects.filter(programs=maritime).values_list("title", flat=True)
    )


def test_an_editor_finds_yesterdays_change_in_the_change_log(page, staff):
    editor, colleague = staff(EditorFactory), staff(EditorFactory, username="entry-colleague")
    event = Event.objects.get(slug="uncct-interregional-roundtable-2020")
    attendance = event.attendance
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    def save_on(day, **fields):
        for name, value in fields.items():
            setattr(event, name, value)
        event._history_user = colleague
        event._history_date = timezone.make_aware(datetime.datetime.combine(day, datetime.time(15)))
        event.save()

    # The record as it was before (a loaded record has no history), then yesterday's change.
    save_on(yesterday - datetime.timedelta(days=1))
    save_on(yesterday, attendance=77)
    try:
        sign_in(page, editor)
        page.get_by_role("link", name="Every change, newest first").click()
        page.get_by_label("From").fill(yesterday.isoformat())
        page.get_by_label("To").fill(yesterday.isoformat())
        page.get_by_label("By").select_option(label=colleague.username)
        page.get_by_role("button", name="Filter").click()

        rows = page.locator("table.change-log tbody tr")
        expect(rows).to_have_count(1)
        expect(rows.get_by_role("link", name=event.title)).to_have_count(1)
        assert rows.locator(".change-log-fields li").all_inner_texts() == [
            f"Attendance: {attendance if attendance is not None else '(empty)'} → 77"
        ]
    finally:
        Event.objects.filter(pk=event.pk).update(attendance=attendance)
        history_of(Event).filter(history_user=colleague).delete()
