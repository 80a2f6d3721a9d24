"""A reporting year's cycle in the browser: an editor finds what is missing for a draft year,
fixes it, previews the draft on the site, and takes the year to published; a program officer
cannot; the year's page passes axe."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cicte.enums import ContentStatus, YearStatus
from cicte.models import ReportingYear
from events.models import Event
from programs.models import Program
from reports.services import reporting_year_start
from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import check_pages
from tests.factories.events import EventDateFactory, EventFactory
from tests.factories.users import EditorFactory, ProgramOfficerFactory

pytestmark = pytest.mark.browser

TITLE = "Webinar on the draft year in the browser tests"


@pytest.fixture
def draft_2021():
    """2021 started as `startyear` does, with one draft webinar of the Cybersecurity program;
    removed after the test."""
    year = reporting_year_start(year=2021)
    event = EventFactory(
        year=year,
        title=TITLE,
        slug="webinar-draft-year-browser",
        status=ContentStatus.DRAFT,
        programs=[Program.objects.get(slug="cybersecurity")],
    )
    EventDateFactory(event=event, start=datetime.date(2021, 5, 4))
    yield year
    Event.objects.filter(year=year).delete()
    year.program_years.all().delete()
    year.delete()


def programs_row(page, name):
    return (
        page.get_by_role("table", name="Programs in 2021")
        .get_by_role("row")
        .filter(has=page.get_by_role("rowheader", name=name))
    )


def test_editor_previews_a_draft_year_and_publishes_it(open_context, staff, draft_2021):
    page = open_context().new_page()
    sign_in(page, staff(EditorFactory, username="browser-year-editor"))

    # The dashboard names the draft event as a blocking item of its program.
    programs_row(page, "Cybersecurity").get_by_role(
        "link", name="Events not yet published: 1"
    ).click()
    page.locator("#result_list").get_by_role("link", name=TITLE).click()

    # Its public address, for staff only, under the banner.
    page.get_by_role("link", name="View on site").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("note")).to_contain_text("Draft — not public")
    page.go_back()

    # Fixed: published, it leaves the dashboard's missing items.
    page.get_by_label("Status").select_option(label="Published")
    page.get_by_role("button", name="Save", exact=True).click()
    page.locator(".messagelist .success").wait_for()
    page.get_by_role("link", name="Home").first.click()
    expect(
        programs_row(page, "Cybersecurity").get_by_role(
            "link", name=re.compile("Events not yet published")
        )
    ).to_have_count(0)

    # The draft year's Annex 2 lists it, under the banner.
    page.goto(reverse("reports:annex", args=[2021, 2]))
    expect(page.get_by_role("note")).to_contain_text("Draft — not public")
    expect(page.locator("ol.annex-2 > li", has_text=TITLE)).to_have_count(1)

    # Draft → in review → approved → published, from the year's page.
    page.goto(reverse("admin:cicte_reportingyear_change", args=[draft_2021.pk]))
    page.get_by_role("link", name="Send for review").click()
    page.get_by_role("button", name="Send for review").click()
    expect(page.locator(".messagelist .success")).to_have_text("2021 is now in review.")
    page.get_by_role("link", name="Record the approval").click()
    page.get_by_label("Approved on").fill("2022-06-10")
    page.get_by_label("Approved at the").fill("fourth plenary session")
    page.get_by_role("button", name="Record the approval").click()
    expect(page.locator(".messagelist .success")).to_have_text("2021 is now approved.")
    page.get_by_role("link", name="Publish", exact=True).click()
    # The programs carried over have no narrative yet: publishing needs a reason.
    expect(page.get_by_role("region", name="Blocking items")).to_contain_text(
        "Programs without a narrative: 12"
    )
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".errorlist")).to_contain_text("still find blocking items")
    page.get_by_label("Reason to publish despite the blocking items").fill(
        "The General Assembly's deadline; narratives follow."
    )
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messagelist .success")).to_have_text("2021 is now published.")
    expect(page.locator(".field-publication_override")).to_contain_text(
        "The General Assembly's deadline; narratives follow."
    )

    year = ReportingYear.objects.get(year=2021)
    assert (year.status, year.approved_on) == (YearStatus.PUBLISHED, datetime.date(2022, 6, 10))
    # Public now, to anyone, without the banner.
    visitor = open_context().new_page()
    visitor.goto(reverse("events:detail", args=["webinar-draft-year-browser"]))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(visitor.get_by_role("note")).to_have_count(0)


def test_visitor_gets_a_404_for_the_draft_year(open_context, draft_2021):
    page = open_context().new_page()

    for path in [
        reverse("reports:detail", args=[2021]),
        reverse("events:detail", args=["webinar-draft-year-browser"]),
    ]:
        assert page.goto(path).status == 404


def test_program_officer_cannot_move_the_year(open_context, staff, draft_2021):
    ReportingYear.objects.filter(pk=draft_2021.pk).update(status=YearStatus.APPROVED)
    page = open_context().new_page()
    sign_in(page, staff(ProgramOfficerFactory, username="browser-year-officer"))

    page.goto(reverse("admin:cicte_reportingyear_change", args=[draft_2021.pk]))

    expect(page.locator(".year-status")).to_contain_text("This year's report is: Approved.")
    expect(page.locator(".year-status a")).to_have_count(0)
    publish = reverse("admin:cicte_reportingyear_transition", args=[draft_2021.pk, "published"])
    assert page.goto(publish).status == 403
    assert ReportingYear.objects.get(pk=draft_2021.pk).status == YearStatus.APPROVED


def test_year_pages_have_no_serious_violations(open_context, staff, draft_2021):
    context = open_context()
    sign_in(context.new_page(), staff(EditorFactory, username="browser-year-axe"))
    ReportingYear.objects.filter(pk=draft_2021.pk).update(status=YearStatus.APPROVED)
    pages = [
        ("year change", reverse("admin:cicte_reportingyear_change", args=[draft_2021.pk]), 200),
        (
            "publish step",
            reverse("admin:cicte_reportingyear_transition", args=[draft_2021.pk, "published"]),
            200,
        ),
        ("draft report", reverse("reports:detail", args=[2021]), 200),
    ]

    found = check_pages(context, pages, impacts={"serious", "critical"})
    assert not found, "\n" + found
