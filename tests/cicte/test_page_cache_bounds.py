"""The page cache after a write (the stale window and its lock) and its bounds: one entry per
page whatever the parameters it does not read, and no page over PAGE_CACHE_MAX_BYTES."""

import datetime

import pytest
from django.core.cache import caches
from django.db.models.functions import Now
from django.test import Client, RequestFactory
from django.urls import resolve, reverse

from cicte.data_version import bump_data_version, read_data_version, read_version
from cicte.models import DataVersion
from cicte.page_cache import normalise_parameters, page_key
from tests.admin_forms import signed_in
from tests.factories.cicte import ReportingYearFactory
from tests.factories.events import EventDateFactory, EventFactory
from tests.factories.programs import ProgramFactory
from tests.factories.users import EditorFactory
from tests.html import parse

pytestmark = pytest.mark.django_db

LIST = reverse("events:list")


@pytest.fixture
def event():
    event = EventFactory(title="Regional webinar on cybersecurity", programs=[ProgramFactory()])
    EventDateFactory(event=event)
    return event


def titles(response):
    return [title.text for title in parse(response).select(class_="summary-title")]


def rendered_for_them(response) -> bool:
    """The page was rendered for this request (templates used), not replayed from the cache."""
    return bool(response.templates)


def key(address: str) -> str:
    request = RequestFactory().get(address)
    normalise_parameters(request, resolve(request.path_info).func)
    return page_key(request)


def stopped_being_current(seconds: float) -> None:
    """As if the oldest version still servable had stopped being current `seconds` ago (an
    update that sends no signal, so no new version)."""
    previous_until = Now() - datetime.timedelta(seconds=seconds)
    DataVersion.objects.update(previous_until=previous_until)


# -- After a write -----------------------------------------------------------------------------


def test_after_a_write_visitors_get_the_page_before_while_another_worker_builds_it(
    page_cache, event
):
    before = Client().get(LIST)
    event.title = "Cyber forum 2020"
    event.save()
    stopped_being_current(0.0)  # just now, however slow the machine
    # Another worker has taken the build's lock: it is building the page of the new version.
    page_cache.add(f"{key(LIST)}:building:{read_data_version()}", True, 1)

    meanwhile = Client().get(LIST)
    staff = signed_in(EditorFactory()).get(LIST)
    stopped_being_current(1.0)
    a_second_later = Client().get(LIST)

    assert not rendered_for_them(meanwhile)
    assert (titles(meanwhile), meanwhile["ETag"]) == (titles(before), before["ETag"])
    assert titles(staff) == ["Cyber forum 2020"]
    assert rendered_for_them(a_second_later)
    assert titles(a_second_later) == ["Cyber forum 2020"]


def test_after_a_write_the_first_visitor_builds_the_new_page_and_the_next_get_it(page_cache, event):
    Client().get(LIST)
    event.title = "Cyber forum 2020"
    event.save()

    first, second = Client().get(LIST), Client().get(LIST)

    assert (rendered_for_them(first), rendered_for_them(second)) == (True, False)
    assert titles(first) == titles(second) == ["Cyber forum 2020"]


def test_steady_writes_never_let_a_served_page_fall_more_than_a_second_behind():
    DataVersion.objects.update(previous_until=None)
    start = read_data_version()
    bump_data_version()
    after_a_write = read_version().may_serve(start)
    stopped_being_current(0.5)
    bump_data_version()  # within the second: the oldest servable version stays
    within_the_second = read_version().may_serve(start)
    stopped_being_current(1.0)
    over_the_second = read_version().may_serve(start)
    middle = read_data_version()
    bump_data_version()  # the oldest servable version moves on to the one before this write
    moved_on = read_version()

    assert (after_a_write, within_the_second, over_the_second) == (True, True, False)
    assert (moved_on.may_serve(start), moved_on.may_serve(middle)) == (False, True)


def test_a_version_of_another_database_is_never_served():
    DataVersion.objects.update(previous_until=None)
    before = read_data_version()
    bump_data_version()
    version = read_version()
    _epoch, number = before.split(".")

    assert (version.may_serve(before), version.may_serve(f"{'0' * 12}.{number}")) == (True, False)


# -- Parameters a page does not read ------------------------------------------------------------


@pytest.mark.parametrize(
    "noisy",
    [
        "?kind=webinar&utm_source=x",
        "?cb=12345&kind=webinar&fbclid=abc",
        "?kind=webinar&page=&q=",
        "?kind=workshop&kind=webinar",
        "?kind=webinar&" + "&".join(f"x{n}={n}" for n in range(50)),
    ],
)
def test_unused_parameters_leave_the_cache_key_unchanged(noisy):
    assert key(LIST + noisy) == key(LIST + "?kind=webinar")


def test_the_cache_key_is_the_same_whatever_the_parameters_order():
    assert key(LIST + "?page=2&kind=webinar") == key(LIST + "?kind=webinar&page=2")


def test_the_parameters_a_page_reads_change_the_cache_key():
    keys = {key(LIST), key(LIST + "?kind=webinar"), key(LIST + "?kind=webinar&page=2")}

    assert len(keys) == 3


def test_a_page_that_reads_no_parameter_has_one_key_whatever_it_is_sent():
    detail = reverse("events:detail", args=["some-event"])

    assert key(detail + "?cb=1&utm_source=x") == key(detail)


def test_distinct_unused_parameters_make_no_new_entry(page_cache, event):
    for number in range(20):
        Client().get(f"{LIST}?utm_source={number}&cb={number}")

    assert len(page_cache._cache) == 1


# -- Bytes ---------------------------------------------------------------------------------------


def test_a_page_over_the_stored_size_is_not_stored(settings, page_cache, event):
    settings.PAGE_CACHE_MAX_BYTES = 1000  # the events list is larger, even compressed

    responses = [Client().get(LIST) for _ in range(2)]

    assert [rendered_for_them(response) for response in responses] == [True, True]
    assert len(page_cache._cache) == 0


# -- The bug of the in-process memo (issue 15) ---------------------------------------------------


def test_a_program_page_asked_for_with_a_parameter_it_does_not_read_keeps_its_year_sections(
    settings,
):
    """The old memo dropped a page's content while the same render kept other parts of the
    page: with it full, ?utm_source=x then the plain address showed no year section. Now the
    page is one entry, under one key for both addresses, in a full, bounded cache."""
    settings.PAGE_CACHE_SECONDS = 600
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "full",
            "OPTIONS": {"MAX_ENTRIES": 4},
        }
    }
    cache = caches["default"]
    cache.clear()
    for number in range(4):
        cache.set(f"filler:{number}", "x")
    year = ReportingYearFactory(year=2020)
    program = ProgramFactory(name="Maritime security")
    event = EventFactory(year=year, programs=[program], title="Port webinar")
    EventDateFactory(event=event, start=datetime.date(2020, 5, 19))

    tagged = Client().get(program.get_absolute_url() + "?utm_source=x")
    plain = Client().get(program.get_absolute_url())

    for response in (tagged, plain):
        page = parse(response)
        assert [h2.text for h2 in page.select("h2", id="year-2020-title")] == ["2020"]
        assert [h4.text for h4 in page.select("h4", class_="summary-title")] == ["Port webinar"]
    assert not rendered_for_them(plain)
    assert plain["ETag"] == tagged["ETag"]
    cache.clear()
