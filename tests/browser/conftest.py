"""Real-browser tests: the site as a person sees it, in Debian's Chromium driven by Playwright.

The app runs on a free loopback port in a thread of this process (pytest-django's live server,
with static files served as `runserver` serves them) against the PostgreSQL test database. The
2020 report is loaded once for the whole folder (loading it takes seconds): the tests here
override pytest-django's `db` fixture so that no transaction wraps them (the server thread must
see what a test writes) and no flush follows each of them. Tests that write (the staff flows)
remove what they add; after the last test of the folder the database is put back as it was
before the first (as the migrations left it), as the other tests expect.

On a failure, each page the test opened is saved (screenshot and HTML) under
artifacts/browser/<test name>/ and the report names the folder.
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.urls import reverse

from tests.browser.watch import Watch

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "browser"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# Headless, and quiet on a closed network: without the last four Chromium keeps trying to reach
# Google's services. A fresh profile comes with each launch (Playwright's temporary one).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# A test's browser contexts, and whether the failure hook below has saved its pages.
CONTEXTS = pytest.StashKey[list]()
FAILED = pytest.StashKey[bool]()


def require_tool(present: bool, reason: str) -> None:
    """Skip when a tool is missing on a developer's machine; in CI, fail: CI never skips."""
    if present:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} .ci/run installs it; CI must not skip these tests.")
    pytest.skip(reason)


def ensure_staff_groups() -> None:
    """The two staff groups that migration cicte 0002 creates. pytest-django runs these tests
    before any transactional test, whose flush would remove them, but a narrowed run may not."""
    from django.contrib.auth.models import Group, Permission

    from cicte.roles import role_permissions

    for name, codes in role_permissions().items():
        group, created = Group.objects.get_or_create(name=name)
        if created:
            group.permissions.set(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
                for app_label, codename in codes
            )


@pytest.fixture(scope="package", autouse=True)
def _async_unsafe_allowed():
    # Playwright's sync API runs an event loop in this thread while the browser is open (for
    # this folder only: see `chromium`); Django would take the test's own ORM calls, and the
    # server's setup and teardown, for calls from async code.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


def empty_every_table() -> None:
    """TRUNCATE every table of the project's models (sequences go on, so that rows put back
    with their old keys do not collide with new ones)."""
    from django.core.management.color import no_style

    connection = connections["default"]
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables))


@pytest.fixture(scope="package")
def live_site(django_db_setup, django_db_blocker):
    """The app on http://127.0.0.1:<free port>, with the 2020 report loaded."""
    from pytest_django.live_server_helper import LiveServer

    creation = connections["default"].creation
    with django_db_blocker.unblock():
        # What the migrations put in the database (groups, permissions…), put back at the end.
        before = creation.serialize_db_to_string()
        ensure_staff_groups()
        call_command("loadreport", "2020", verbosity=0)
    server = LiveServer("127.0.0.1:0")
    server._live_server_modified_settings.enable()
    yield server
    server._live_server_modified_settings.disable()
    server.stop()
    with django_db_blocker.unblock():
        empty_every_table()
        creation.deserialize_db_from_string(before)


@pytest.fixture(autouse=True)
def db(django_db_blocker):
    """Overrides pytest-django's `db` for this folder: the database is open to the test and to
    the server thread, with no transaction around the test (see the module docstring). Being
    named `db` makes pytest-django create the test database for these tests."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture(scope="package")
def chromium():
    """One browser for the folder, closed after it: its event loop must not outlive these
    tests, or every database test after them would be refused as async."""
    require_tool(CHROMIUM.exists(), f"{CHROMIUM} not found (Debian: apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    shutil.rmtree(ARTIFACTS, ignore_errors=True)  # A previous run's failures.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # Django keeps a connection per async context (asgiref's Local), and Playwright's loop
        # makes the tests' one apart from the one used after it stops: close it while it can
        # be reached, or it stays open and the test database cannot be dropped at the end.
        connections.close_all()


@pytest.fixture
def open_context(live_site, chromium, request):
    """open_context(viewport=…) → a fresh browser context (no cookies) on the live site whose
    pages are watched for CSP violations, script errors and missing static files."""
    opened = request.node.stash.setdefault(CONTEXTS, [])

    def open_context(viewport=DESKTOP):
        context = chromium.new_context(
            base_url=live_site.url,
            viewport=viewport,
            locale="en-US",
            # The secretariat's clock, so that the admin's date widgets need no time-zone note.
            timezone_id=settings.TIME_ZONE,
        )
        context.set_default_timeout(10_000)
        watch = Watch(context)
        opened.append((context, watch))
        return context

    yield open_context
    problems = [problem for _context, watch in opened for problem in watch.problems]
    if problems and not request.node.stash.get(FAILED, False):
        folder = save_artifacts(request.node)
        for context, _watch in opened:
            context.close()
        pytest.fail(
            "The browser reported problems:\n"
            + "\n".join(f"- {problem}" for problem in problems)
            + f"\nScreenshots and HTML: {folder}",
            pytrace=False,
        )
    for context, _watch in opened:
        context.close()


@pytest.fixture
def context(open_context):
    return open_context()


@pytest.fixture
def page(context):
    return context.new_page()


STAFF_PASSWORD = "a long passphrase for the browser tests"


@pytest.fixture
def staff(live_site):
    """staff(UserFactory, **fields) → a staff account that signs in with STAFF_PASSWORD,
    removed after the test."""
    made = []

    def staff(factory, **fields):
        user = factory(**fields)
        user.set_password(STAFF_PASSWORD)
        user.save()
        made.append(user)
        return user

    yield staff
    for user in made:
        user.delete()


def sign_in(page, user) -> None:
    """The admin's sign-in form, typed in as a person does."""
    page.goto(reverse("admin:index"))
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="The year at a glance").wait_for()


def save_artifacts(item) -> Path:
    """Each open page of the test: a full-page screenshot, its HTML, its address."""
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", item.name).strip("_")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    pages = [page for context, _watch in item.stash.get(CONTEXTS, []) for page in context.pages]
    for number, page in enumerate(pages, start=1):
        try:
            page.screenshot(path=folder / f"page-{number}.png", full_page=True)
            (folder / f"page-{number}.html").write_text(page.content(), encoding="utf-8")
            (folder / f"page-{number}.url").write_text(page.url + "\n", encoding="utf-8")
        except Exception as error:  # A crashed page still leaves a note of why.
            (folder / f"page-{number}.error").write_text(f"{error}\n", encoding="utf-8")
    problems = [
        problem for _context, watch in item.stash.get(CONTEXTS, []) for problem in watch.problems
    ]
    if problems:
        (folder / "browser-problems.txt").write_text("\n".join(problems) + "\n", encoding="utf-8")
    return folder


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed and report.when == "call" and item.stash.get(CONTEXTS, None):
        item.stash[FAILED] = True
        folder = save_artifacts(item)
        report.sections.append(("browser artefacts", f"Screenshots and HTML: {folder}"))
    return report
