"""An editor imports events from a spreadsheet in the browser: the preview and the errors show
every column and the spreadsheet's own row numbers, with no Content-Security-Policy violation
(the `open_context` watch) and no serious or critical axe violation. Nothing is confirmed, so
nothing is written."""

import csv
import io

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from events.resources import EventResource
from tests.browser.axe import axe_violations, describe
from tests.browser.conftest import sign_in
from tests.factories.users import EditorFactory

pytestmark = pytest.mark.browser

HEADERS = ["title", "slug", "kind", "format", "status", "year", "programs", "partners",
           "secretariat_role", "dates", "title_es"]  # fmt: skip
RENAMED = ["UNCCT roundtable, renamed", "uncct-interregional-roundtable-2020", "roundtable",
           "virtual", "published", "2020", "violent-extremism, counter-terrorism-network",
           "uncct:organiser", "participant", "2020-12-08/2020-12-10", ""]  # fmt: skip
NEW = ["Browser webinar", "browser-webinar-2020", "webinar", "virtual", "published", "2020",
       "cybersecurity", "unicri:organiser", "co_organiser", "2020-11-03",
       "Seminario web"]  # fmt: skip
BAD = ["Bad webinar", "bad-webinar-2020", "webinarr", "virtual", "published", "2020",
       "cyber-security", "unicri:host", "organiser", "2020-13-01", ""]  # fmt: skip


def csv_file(*rows):
    out = io.StringIO()
    csv.writer(out).writerows([HEADERS, *rows])
    return {"name": "events.csv", "mimeType": "text/csv", "buffer": out.getvalue().encode()}


def upload(page, file):
    page.goto(reverse("admin:events_event_import"))
    page.get_by_label("File to import").set_input_files(file)
    page.get_by_label("Format").select_option(label="csv")
    page.get_by_role("button", name="Submit").click()


def serious(page):
    return describe([v for v in axe_violations(page) if v["impact"] in {"serious", "critical"}])


def test_editor_previews_an_import_then_sees_a_bad_rows_errors(page, staff):
    sign_in(page, staff(EditorFactory))
    columns = ["Row", "Change", *EventResource().get_export_headers()]

    upload(page, csv_file(RENAMED, NEW))

    page.get_by_role("heading", name="Preview").wait_for()
    table = page.get_by_role("region", name="Preview").get_by_role("table")
    expect(table.get_by_role("columnheader")).to_have_text(columns)
    new = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="3"))
    expect(new.get_by_role("cell")).to_contain_text(
        ["New", "Browser webinar", "cybersecurity", "unicri:organiser", "2020-11-03"]
    )
    assert page.locator("[style]").count() == 0
    found = serious(page)
    assert not found, "\n" + found

    upload(page, csv_file(RENAMED, BAD))

    page.get_by_role("heading", name="Some rows failed to validate").wait_for()
    table = page.get_by_role("region", name="Some rows failed to validate").get_by_role("table")
    expect(table.get_by_role("columnheader")).to_have_text(["Row", "Errors", *columns[2:]])
    expect(table.get_by_role("rowheader")).to_have_text(["3"])
    errors = table.locator("td.errors")
    expect(errors).to_contain_text("Unknown value “webinarr”; valid: High-level meeting")
    expect(errors).to_contain_text("Unknown value “cyber-security”; valid:")
    expect(errors).to_contain_text("Unknown value “host”; valid: Funding")
    expect(errors).to_contain_text("“2020-13-01” is not a date")
    # The table scrolls in its own region: the page itself is no wider than the window.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    found = serious(page)
    assert not found, "\n" + found
