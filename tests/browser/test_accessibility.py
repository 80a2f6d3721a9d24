"""axe-core in Chromium on every type of public page, at a desktop and a phone width, and on the
back-office pages staff use most; no Content-Security-Policy violation on any of them."""

import pytest
from django.urls import reverse

from events.models import Event
from programs.models import Activity
from reports.services import reporting_year_start
from tests.browser.axe import axe_violations, describe
from tests.browser.conftest import DESKTOP, PHONE, sign_in
from tests.browser.pages import public_pages
from tests.browser.watch import Watch
from tests.factories.users import EditorFactory

pytestmark = pytest.mark.browser


def check_pages(context, pages, impacts=None) -> str:
    """Open each (name, path, status) in one page of `context`; what axe and the watch found,
    page by page ("" when nothing)."""
    watch = Watch.of(context)
    page = context.new_page()
    found = []
    for name, path, status in pages:
        response = page.goto(path)
        assert response.status == status, f"{name} ({path}) answered {response.status}"
        problems = watch.take()
        violations = [v for v in axe_violations(page) if impacts is None or v["impact"] in impacts]
        if violations or problems:
            found.append(
                f"== {name} ({path})\n"
                + describe(violations)
                + "".join(f"\n    {problem}" for problem in problems)
            )
    return "\n".join(found)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_public_pages_have_no_wcag_a_or_aa_violations(open_context, viewport):
    context = open_context(viewport=viewport)
    pages = [(page.name, page.path, page.status) for page in public_pages()]

    found = check_pages(context, pages)
    assert not found, "\n" + found


def test_admin_pages_staff_use_most_have_no_critical_violations(open_context, staff):
    context = open_context()
    sign_in(context.new_page(), staff(EditorFactory))
    event = Event.objects.get(slug="uncct-interregional-roundtable-2020")
    # An activity with partner rows, so that its inline table has controls.
    activity = Activity.objects.filter(partner_roles__isnull=False).order_by("slug").first()
    events = reverse("admin:events_event_changelist")
    serious = [
        ("event list", events, 200),
        ("event list, one month", f"{events}?starts_on__month=3&starts_on__year=2020", 200),
        ("event add", reverse("admin:events_event_add"), 200),
        ("event change", reverse("admin:events_event_change", args=[event.pk]), 200),
    ]
    critical = [
        ("activity change", reverse("admin:programs_activity_change", args=[activity.pk]), 200),
    ]

    found = check_pages(context, serious, impacts={"serious", "critical"})
    found += check_pages(context, critical, impacts={"critical"})
    assert not found, "\n" + found


def test_admin_home_has_no_serious_violations(open_context, staff):
    """The year at a glance: a draft year with blocking items, and the 2020 report."""
    draft = reporting_year_start(year=2021)
    try:
        context = open_context()
        sign_in(context.new_page(), staff(EditorFactory))
        pages = [
            ("home, draft 2021", reverse("admin:index"), 200),
            ("home, 2020", f"{reverse('admin:index')}?year=2020", 200),
        ]
        found = check_pages(context, pages, impacts={"serious", "critical"})
    finally:
        draft.program_years.all().delete()
        draft.delete()

    assert not found, "\n" + found


def test_change_log_has_no_serious_violations(open_context, staff):
    editor = staff(EditorFactory)
    event = Event.objects.get(slug="uncct-interregional-roundtable-2020")
    attendance = event.attendance
    event.attendance, event._history_user = 77, editor
    event.save()
    try:
        context = open_context()
        sign_in(context.new_page(), editor)
        pages = [("change log", reverse("admin:changes"), 200)]
        found = check_pages(context, pages, impacts={"serious", "critical"})
    finally:
        event.attendance = attendance
        event.save()

    assert not found, "\n" + found


def test_watch_reports_a_csp_violation_in_what_the_server_sent(open_context, live_site):
    """The checks above can fail: an inline style slipped into a page is reported."""
    context = open_context()
    watch = Watch.of(context)
    page = context.new_page()
    home = reverse("home")

    def add_inline_style(route):
        response = route.fetch()
        body = response.text().replace("<main", '<p style="color: red">Inline</p><main', 1)
        route.fulfill(response=response, body=body)

    page.route(f"**{home}", add_inline_style)
    page.goto(home)
    page.get_by_text("Inline").wait_for()

    problems = watch.take()
    assert len(problems) == 1
    assert "Content Security Policy violation: style-src-attr blocked inline" in problems[0]
