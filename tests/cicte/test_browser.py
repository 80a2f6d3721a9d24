"""The site and the admin in a real browser (Debian's Chromium, driven by Playwright): the
Content-Security-Policy blocks nothing they use, so no violation is reported on any page.

Skipped on a developer's machine without Chromium (`apt-get install -y chromium`); CI installs
it and never skips them.
"""

import os
import shutil

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from events.models import Event
from partners.models import Partner
from programs.models import Activity, Program
from publications.models import Publication
from tests.factories.users import StaffUserFactory

CHROMIUM = shutil.which("chromium")

pytestmark = [
    # The browser talks to the live server in another thread: committed data.
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        CHROMIUM is None and not os.environ.get("CI"), reason="Chromium is not installed"
    ),
]

# Runs before any script of each page (it is the browser's, not the page's: CSP allows it).
COLLECT_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} `
    + `at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


def browse(base, visits, cookies=()):
    """{path: [violation, …]} after loading each path and doing what `visits[path]` does."""
    from playwright.sync_api import sync_playwright

    found = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context()
        context.add_cookies(list(cookies))
        context.add_init_script(COLLECT_VIOLATIONS)
        page = context.new_page()
        console = []
        page.on("console", lambda message: console.append(message.text))
        for path, actions in visits.items():
            console.clear()
            response = page.goto(base + path, wait_until="networkidle")
            for action in actions:
                action(page)
            page.wait_for_load_state("networkidle")
            found[path] = [
                f"{response.status}",
                *page.evaluate("window.cspViolations"),
                *[text for text in console if "Content Security Policy" in text],
            ]
        browser.close()
    return found


def ok(paths):
    return {path: ["200"] for path in paths}


@pytest.fixture
def report_2020():
    call_command("loadreport", "2020", verbosity=0)


def test_public_pages_report_no_csp_violation(live_server, report_2020):
    event = Event.objects.published().order_by("slug").first()
    publication = Publication.objects.published().order_by("slug").first()
    paths = [
        reverse("home"),
        reverse("programs:list"),
        reverse("programs:detail", args=[Program.objects.order_by("position").first().slug]),
        reverse("events:list"),
        reverse("events:list") + "?start=2020-13-01",
        reverse("events:detail", args=[event.slug]),
        reverse("partners:list"),
        reverse("publications:list"),
        reverse("publications:detail", args=[publication.slug]),
        reverse("reports:list"),
        reverse("reports:detail", args=[2020]),
        *[reverse("reports:annex", args=[2020, number]) for number in (1, 2, 3, 4)],
    ]
    # The bad filter answers 400 by design.
    expected = {**ok(paths), paths[4]: ["400"]}

    assert browse(live_server.url, {path: [] for path in paths}) == expected


def type_title(page):
    # Typing a title fills in the slug (the admin's prepopulate script); one box per language.
    page.locator("input[id^=id_title]").first.fill("Regional webinar on cybersecurity")


def add_inline_rows(page):
    for link in page.locator(".add-row a").all():
        link.click()


def open_autocompletes(page):
    for box in page.locator(".select2-selection").all()[:2]:
        box.click()
        page.keyboard.type("a")
        page.keyboard.press("Escape")


def choose_countries(page):
    page.locator(".selector-available select option").first.dblclick()


def test_admin_pages_report_no_csp_violation(live_server, report_2020):
    client = Client()
    client.force_login(StaffUserFactory(is_superuser=True))
    cookie = {
        "name": "sessionid",
        "value": client.cookies["sessionid"].value,
        "url": live_server.url,
    }
    event = Event.objects.filter(partner_roles__isnull=False, dates__isnull=False).first()
    activity = Activity.objects.exclude(countries="").first()
    partner = Partner.objects.filter(years__isnull=False).first()
    publication = Publication.objects.filter(editions__isnull=False).first()
    event.title += " (edited)"
    event.save()  # a history row, so that the history page has a list
    program = Program.objects.first()
    deleted = Partner.objects.create(name="Deleted partner", slug="deleted-partner")
    deleted.delete()

    def change(obj):
        return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])

    visits = {
        reverse("admin:index"): [],
        reverse("admin:events_event_changelist"): [],
        reverse("admin:events_event_changelist") + "?programs__id__exact=1&q=cyber": [],
        reverse("admin:events_event_add"): [type_title, add_inline_rows, open_autocompletes],
        change(event): [add_inline_rows, open_autocompletes],
        reverse("admin:events_event_history", args=[event.pk]): [],
        reverse("admin:events_event_import"): [],
        reverse("admin:events_event_export"): [],
        change(activity): [choose_countries, add_inline_rows],
        change(partner): [add_inline_rows],
        reverse("admin:partners_partner_recoverlist"): [],
        change(publication): [add_inline_rows, open_autocompletes],
        change(program): [],
        reverse("admin:cicte_reportingyear_add"): [open_autocompletes],
    }

    assert browse(live_server.url, visits, [cookie]) == ok(visits)


def test_admin_sign_in_page_reports_no_csp_violation(live_server):
    assert browse(live_server.url, {reverse("admin:login"): []}) == ok([reverse("admin:login")])
