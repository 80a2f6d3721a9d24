"""Staff in the back office, in the browser: an editor adds an event and finds it on the public
site and in its annex; a program officer sees another program's event read-only."""

import re

import pytest
from playwright.sync_api import expect

from cicte.roles import PROGRAM_OFFICERS
from events.models import Event
from partners.models import Partner
from programs.models import Program
from reports.services import reporting_year_start
from tests.browser.conftest import sign_in
from tests.factories.users import EditorFactory, ProgramOfficerFactory

pytestmark = pytest.mark.browser

TITLE = "Webinar “Protecting critical infrastructure in the browser tests”"


@pytest.fixture
def editor(staff):
    yield staff(EditorFactory, username="browser-editor")
    Event.objects.filter(title=TITLE).delete()


@pytest.fixture
def officer(staff):
    maritime = Program.objects.get(slug="maritime-security")
    user = staff(ProgramOfficerFactory, username="browser-officer", programs=[maritime])
    assert user.groups.get().name == PROGRAM_OFFICERS
    return user


def choose_in_autocomplete(page, row, text):
    """The admin's autocomplete (Select2): open it, type, pick the match."""
    row.locator(".select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_editor_adds_an_event_that_appears_on_the_site_and_in_annex_2(page, editor):
    partner = Partner.objects.get(slug="unicri")
    sign_in(page, editor)
    page.get_by_role("rowheader", name="Events").get_by_role("link").click()
    page.get_by_role("link", name="Add event").click()

    page.get_by_label("Reporting year").select_option(label="2020")
    page.get_by_label(re.compile(r"^Title")).first.fill(TITLE)
    page.get_by_label("Kind").select_option(label="Webinar")
    page.get_by_label("Format").select_option(label="Virtual")
    page.get_by_label("Status").select_option(label="Published")
    page.get_by_label("Cybersecurity", exact=True).check()
    page.get_by_label("Secretariat's role").select_option(label="Organiser")
    dates = page.locator("#dates-group")
    # Each control of an inline row is named by its column (cicte.admin.inlines).
    dates.get_by_label("Start", exact=True).nth(0).fill("2020-11-03")
    dates.get_by_role("button", name="Add another Date range").click()
    dates.get_by_label("Start", exact=True).nth(1).fill("2020-11-05")
    partners = page.locator("#partner_roles-group")
    partners.get_by_role("button", name="Add another Event partner").click()
    row = partners.locator("tr.form-row.dynamic-partner_roles").last
    choose_in_autocomplete(page, row, partner.name)
    row.get_by_label("Role", exact=True).select_option(label="Co-organising")
    # The slug is filled in from the title as it is typed.
    assert page.get_by_label("Slug").input_value() == (
        "webinar-protecting-critical-infrastructure-in-the-browser-tests"
    )
    page.get_by_role("button", name="Save", exact=True).click()

    page.locator(".messagelist .success").wait_for()
    event = Event.objects.get(title=TITLE)
    assert [(d.start.isoformat(), d.end.isoformat()) for d in event.dates.all()] == [
        ("2020-11-03", "2020-11-03"),
        ("2020-11-05", "2020-11-05"),
    ]
    assert [(r.partner, r.role) for r in event.partner_roles.all()] == [(partner, "co_organiser")]

    page.get_by_role("link", name="View site").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Events").click()
    page.locator("section.results").get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    page.locator("main").get_by_role("link", name="Annex 2", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Annex 2: "))
    entry = page.locator("ol.annex-2 > li", has_text=TITLE)
    assert entry.inner_text() == (
        f"{TITLE}. Organized by the CICTE Secretariat and {partner.annex_name}. November 3 and 5."
    )


def test_program_officer_sees_another_programs_event_read_only(page, officer):
    own = Event.objects.get(slug="rss-coast-guard-regional-meeting-2020")
    other = Event.objects.get(slug="cybersecurity-symposium-2020")
    sign_in(page, officer)
    page.get_by_role("rowheader", name="Events").get_by_role("link").click()

    page.get_by_role("link", name=own.title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change event")
    expect(page.get_by_role("button", name="Save", exact=True)).to_have_count(1)
    page.go_back()
    page.get_by_role("link", name=other.title, exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("View event")
    expect(page.locator(".read-only-note")).to_have_text(
        "Read-only: this event belongs to Cybersecurity, and you edit only the records of the "
        "programs you are assigned to. An editor can change it."
    )
    assert page.get_by_role("button", name=re.compile("Save")).count() == 0
    assert page.locator("input[name^='title'], select[name='kind']").count() == 0
    assert other.title in page.locator("#content-main .readonly").all_inner_texts()

    token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    response = page.request.post(
        page.url,
        form={"csrfmiddlewaretoken": token, "title": "Changed by an officer", "_save": "Save"},
        headers={"Referer": page.url},
    )
    assert response.status == 403
    other.refresh_from_db()
    assert other.title != "Changed by an officer"


def test_editor_fixes_a_missing_narrative_from_the_home_page(page, editor):
    draft = reporting_year_start(year=2021)
    try:
        sign_in(page, editor)
        table = page.get_by_role("table", name="Programs in 2021")
        row = table.get_by_role("row").filter(
            has=page.get_by_role("rowheader", name="Cybersecurity")
        )
        row.get_by_role("link", name="Programs without a narrative: 1").click()

        # The list holds that one program year.
        results = page.locator("#result_list tbody tr")
        expect(results).to_have_count(1)
        results.get_by_role("link", name="Cybersecurity").click()
        page.get_by_label(re.compile(r"^Narrative")).first.fill("What the program did in 2021.")
        page.get_by_role("button", name="Save", exact=True).click()
        page.locator(".messagelist .success").wait_for()
        page.get_by_role("link", name="Home").first.click()

        row = (
            page.get_by_role("table", name="Programs in 2021")
            .get_by_role("row")
            .filter(has=page.get_by_role("rowheader", name="Cybersecurity"))
        )
        expect(
            row.get_by_role("link", name=re.compile("Programs without a narrative"))
        ).to_have_count(0)
        expect(page.get_by_text("Programs without a narrative: 11")).to_be_visible()
    finally:
        draft.program_years.all().delete()
        draft.delete()
