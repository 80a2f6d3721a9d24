"""The page cache (cicte.page_cache) and the data version it keys on (cicte.data_version)."""

import os
import re
import uuid

import pytest
import redis
from django.contrib.auth import get_user_model
from django.contrib.messages import SUCCESS
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.translation import override

from cicte.data_version import read_data_version
from cicte.models import DataVersion
from cicte.page_cache import PageCacheMiddleware
from events.models import Event
from tests.admin_forms import browser_post, change_url, signed_in
from tests.factories.cicte import ReportingYearFactory
from tests.factories.events import EventDateFactory, EventFactory
from tests.factories.programs import ProgramFactory
from tests.factories.users import EditorFactory
from tests.html import parse

pytestmark = pytest.mark.django_db

LIST = reverse("events:list")
# The tests' database of the local Redis (the app's default is 0). It may be shared (another
# checkout, another test run): each test writes under a key prefix of its own and deletes only
# its own keys, never the database.
TEST_REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_page_cache(settings):
    """The page cache on, in the local Redis; the key prefix of this test's entries."""
    server = redis.Redis.from_url(TEST_REDIS_URL)
    try:
        server.ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):  # .ci/run: there Redis runs, and a missing one is a failure
            pytest.fail("Redis is not answering on 127.0.0.1:6379, which CI requires.")
        pytest.skip("Redis is not running on 127.0.0.1:6379 (Debian: apt-get install redis).")
    prefix = f"cicte-test-{uuid.uuid4().hex}"
    settings.PAGE_CACHE_SECONDS = 600
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": TEST_REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    yield prefix
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)


@pytest.fixture
def event():
    event = EventFactory(
        title="Regional webinar on cybersecurity",
        slug="regional-webinar",
        programs=[ProgramFactory()],
    )
    EventDateFactory(event=event)
    return event


def test_with_cache_disabled_two_identical_requests_both_run_their_queries(
    settings, client, event, django_assert_num_queries
):
    # As CACHE_DISABLED=true sets them (cicte/settings.py).
    settings.CACHE_DISABLED = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    settings.PAGE_CACHE_SECONDS = 0

    for _ in range(2):
        # No data version; choices: programs, partners, years; then count, page, dates,
        # programs: nothing kept.
        with django_assert_num_queries(7):
            response = client.get(LIST)

        assert [title.text for title in parse(response).select(class_="summary-title")] == [
            "Regional webinar on cybersecurity"
        ]


def number():
    return DataVersion.objects.get().number


def test_data_version_goes_up_with_every_write_to_the_report():
    before = number()
    program = ProgramFactory()
    after_save = number()
    event = EventFactory()
    event.programs.add(program)
    after_m2m = number()
    event.delete()
    after_delete = number()

    assert before < after_save < after_m2m < after_delete


def test_data_version_ignores_writes_outside_the_report():
    before = read_data_version()
    get_user_model().objects.create(username="someone")

    assert read_data_version() == before


def test_data_version_is_the_epoch_and_the_number():
    row = DataVersion.objects.get()

    assert row.pk == 1
    assert read_data_version() == f"{row.epoch.hex[:12]}.{row.number}"


def test_data_version_of_another_database_is_another_version():
    before = read_data_version()
    DataVersion.objects.update(epoch=uuid.uuid4())  # as a restored, new database has

    assert read_data_version().split(".")[1] == before.split(".")[1]
    assert read_data_version() != before


def test_page_cache_serves_a_public_page_again_with_one_query(
    page_cache, event, django_assert_num_queries
):
    first = Client().get(LIST)

    with django_assert_num_queries(1):  # the data version
        second = Client().get(LIST)

    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert "Regional webinar on cybersecurity" in second.content.decode()


def test_page_cache_is_off_when_page_cache_seconds_is_0(settings, event):
    settings.PAGE_CACHE_SECONDS = 0

    response = Client().get(LIST)

    assert "ETag" not in response
    assert response.get("Cache-Control") is None


def test_page_cache_keeps_the_security_headers_on_a_cached_page(page_cache, event):
    first = Client().get(LIST)
    second = Client().get(LIST)

    headers = (
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "X-Frame-Options",
        "Content-Type",
        "Content-Language",
        "ETag",
        "Cache-Control",
    )
    assert {name: second.get(name) for name in headers} == {
        name: first.get(name) for name in headers
    }
    assert "default-src 'self'" in second["Content-Security-Policy"]
    assert second["Cache-Control"] == "no-cache"


def test_page_cache_shows_an_admin_edit_on_the_next_public_request(page_cache, event):
    visitor = Client()
    assert "Regional webinar on cybersecurity" in visitor.get(LIST).content.decode()
    editor = signed_in(EditorFactory())
    form = editor.get(change_url(event))

    title = "title_en" if "title_en" in form.context["adminform"].form.fields else "title"

    saved = editor.post(change_url(event), browser_post(form, **{title: "Cyber forum 2020"}))

    assert saved.status_code == 302
    listed = visitor.get(LIST).content.decode()
    detail = visitor.get(event.get_absolute_url()).content.decode()
    assert "Cyber forum 2020" in listed
    assert "Regional webinar on cybersecurity" not in listed
    assert "Cyber forum 2020" in detail


def test_page_cache_answers_304_to_a_matching_if_none_match(
    page_cache, event, django_assert_num_queries
):
    first = Client().get(LIST)

    with django_assert_num_queries(1):
        again = Client().get(LIST, headers={"if-none-match": first["ETag"]})

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


def test_page_cache_answers_200_to_an_etag_from_before_an_edit(page_cache, event):
    first = Client().get(LIST)
    Event.objects.get(pk=event.pk).save()

    again = Client().get(LIST, headers={"if-none-match": first["ETag"]})

    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]


def test_page_cache_keeps_languages_and_queries_apart(page_cache, event):
    ReportingYearFactory(year=2019)
    english = Client().get(LIST).content.decode()
    with override("es"):
        spanish = Client(headers={"accept-language": "es"}).get(reverse("events:list"))
    spanish = spanish.content.decode()
    filtered = Client().get(LIST + "?year=2019").content.decode()

    assert 'lang="en"' in english
    assert 'lang="es"' in spanish
    assert "Regional webinar on cybersecurity" in english
    assert "Regional webinar on cybersecurity" not in filtered


def test_page_cache_does_not_serve_staff(page_cache, event):
    Client().get(LIST)
    staff = signed_in(EditorFactory())

    response = staff.get(LIST)

    assert response.status_code == 200
    assert "ETag" not in response


def test_page_cache_does_not_store_errors(page_cache, event):
    invalid = Client().get(LIST + "?start=not-a-date")
    missing = Client().get(reverse("events:detail", args=["no-such-event"]))

    assert (invalid.status_code, missing.status_code) == (400, 404)
    assert len(page_cache._cache) == 0


def test_page_cache_leaves_machine_routes_alone(page_cache, event):
    response = Client().get("/robots.txt")

    assert response.status_code == 200
    assert "ETag" not in response
    assert len(page_cache._cache) == 0


def test_page_cache_in_redis_serves_again_and_forgets_on_an_edit(
    redis_page_cache, event, django_assert_num_queries
):
    first = Client().get(event.get_absolute_url())
    with django_assert_num_queries(1):
        second = Client().get(event.get_absolute_url())
    Event.objects.filter(pk=event.pk).get().save()  # any write through the ORM
    event.title = "Cyber forum 2020"
    event.save()
    third = Client().get(event.get_absolute_url())

    assert second.content == first.content
    assert "Regional webinar on cybersecurity" in second.content.decode()
    assert "Cyber forum 2020" in third.content.decode()
    server = redis.Redis.from_url(TEST_REDIS_URL)
    stored = server.keys(f"{redis_page_cache}:*")
    assert len(stored) == 1  # one entry per page, overwritten by the page after the edits
    # It expires after PAGE_CACHE_SECONDS (600), counted from when it was stored.
    assert all(590 < server.ttl(key) <= 600 for key in stored)


@pytest.mark.django_db(transaction=True)
def test_the_version_read_is_the_connections_health_check(django_assert_num_queries):
    from django.db import connection

    DataVersion.objects.update_or_create(pk=1, defaults={"number": 7})
    connection.health_check_enabled, connection.health_check_done = True, False
    connection.connection.close()  # as a database restart would leave it

    with django_assert_num_queries(1):  # no SELECT 1 first: the read is the check
        version = read_data_version()

    assert version.endswith(".7")
    assert connection.health_check_done


# -- Who is served the shared page: a made-up or stale cookie is not a reason to render ------


def rendered_for_them(response) -> bool:
    """The page was rendered for this request (templates used), not replayed from the cache."""
    return bool(response.templates)


def test_page_cache_serves_a_made_up_session_cookie_the_shared_page(
    page_cache, event, django_assert_num_queries
):
    shared = Client().get(LIST)
    malformed, well_formed = Client(), Client()
    malformed.cookies["sessionid"] = "x"
    well_formed.cookies["sessionid"] = "k" * 32

    with django_assert_num_queries(1):  # the data version; "x" is not even looked up
        short = malformed.get(LIST)
    with django_assert_num_queries(2):  # the data version, and no such session
        long = well_formed.get(LIST)

    for response in (short, long):
        assert not rendered_for_them(response)
        assert (response.content, response["ETag"]) == (shared.content, shared["ETag"])


def test_page_cache_serves_a_signed_out_editors_stale_session_the_shared_page(page_cache, event):
    shared = Client().get(LIST)
    editor = signed_in(EditorFactory())
    stale = editor.cookies["sessionid"].value
    editor.post(reverse("admin:logout"))
    visitor = Client()
    visitor.cookies["sessionid"] = stale

    response = visitor.get(LIST)

    assert not rendered_for_them(response)
    assert response.content == shared.content


def test_page_cache_serves_a_forged_messages_cookie_the_shared_page(page_cache, event):
    shared = Client().get(LIST)
    forged, emptied = Client(), Client()
    forged.cookies["messages"] = '[["__json_message",0,20,"Saved"]]:forged-signature'
    emptied.cookies["messages"] = ""

    for visitor in (forged, emptied):
        response = visitor.get(LIST)

        assert not rendered_for_them(response)
        assert response.content == shared.content


def test_page_cache_renders_for_a_visitor_with_a_message_waiting(page_cache, event):
    """The messages cookie is a real one, set by the admin's page after a save (the editor
    then signs out elsewhere, the message still waiting in this browser)."""
    editor = signed_in(EditorFactory())
    form = editor.get(change_url(event))
    saved = editor.post(change_url(event), browser_post(form))
    waiting = Client()
    waiting.cookies["messages"] = saved.cookies["messages"].value
    shared = Client().get(LIST)

    response = waiting.get(LIST)
    after = Client().get(LIST)

    assert saved.status_code == 302
    assert rendered_for_them(response)
    assert "ETag" not in response
    assert not rendered_for_them(after)
    assert after["ETag"] == shared["ETag"]


def test_page_cache_renders_for_a_visitor_with_one_message_waiting(page_cache, event):
    storage = CookieStorage(RequestFactory().get(LIST))
    storage.add(SUCCESS, "The event was changed successfully.")
    stored = HttpResponse()
    storage.update(stored)
    waiting = Client()
    waiting.cookies["messages"] = stored.cookies["messages"].value
    shared = Client().get(LIST)

    response = waiting.get(LIST)

    assert rendered_for_them(response)
    assert "ETag" not in response
    assert "ETag" in shared


def test_page_cache_never_stores_a_page_that_sets_a_cookie(page_cache):
    """A cookie set for one visitor must not be handed to the next: such a page is rendered
    for each request, while the same page without a cookie is rendered once."""
    rendered = []

    def page(sets_cookie):
        def view(request):
            rendered.append((request.get_full_path(), sets_cookie))
            response = HttpResponse("the page")
            if sets_cookie:
                response.set_cookie("seen", "yes")
            return response

        return PageCacheMiddleware(view)

    answers = [page(sets_cookie=True)(RequestFactory().get(LIST)) for _ in range(2)]
    for _ in range(2):
        page(sets_cookie=False)(RequestFactory().get(LIST + "?page=2"))

    assert rendered == [(LIST, True), (LIST, True), (LIST + "?page=2", False)]
    assert [answer.cookies["seen"].value for answer in answers] == ["yes", "yes"]
    assert len(page_cache._cache) == 1


@pytest.mark.parametrize("cache_control", ["private", "no-store", "no-cache", "max-age=0, private"])
def test_page_cache_never_stores_a_page_whose_cache_control_forbids_it(page_cache, cache_control):
    rendered = []

    def view(request):
        rendered.append(request.get_full_path())
        response = HttpResponse("the page")
        response["Cache-Control"] = cache_control
        return response

    for _ in range(2):
        PageCacheMiddleware(view)(RequestFactory().get(LIST))

    assert rendered == [LIST, LIST]
    assert len(page_cache._cache) == 0


def test_page_cache_answers_head_from_the_stored_page(page_cache, event):
    stored = Client().get(LIST)

    head = Client().head(LIST)

    assert not rendered_for_them(head)
    assert (head.status_code, head["ETag"]) == (200, stored["ETag"])


def test_page_cache_marks_a_page_with_its_version_and_varies_on_cookies(page_cache, event):
    """The ETag names the data version and the page (a 32-digit digest), nothing else."""
    response = Client().get(LIST)

    epoch, number = read_data_version().split(".")
    assert re.fullmatch(rf'"{epoch}\.{number}-[0-9a-f]{{32}}"', response["ETag"])
    assert response["Vary"] == "Cookie"
    assert response["Cache-Control"] == "no-cache"


# -- Query parameters a page does not read -----------------------------------------------------


def test_page_cache_answers_made_up_query_parameters_with_the_page_without_them(
    page_cache, event, django_assert_num_queries
):
    ReportingYearFactory(year=2019)
    clean = Client().get(LIST + "?year=2019")

    with django_assert_num_queries(1):
        noisy = Client().get(LIST + "?cb=12345&year=2019&utm_source=x")

    assert not rendered_for_them(noisy)
    assert noisy.content == clean.content
    assert noisy["ETag"] == clean["ETag"]
    assert b"cb=" not in clean.content


def test_page_cache_drops_parameters_from_a_page_that_reads_none(page_cache, event):
    detail = event.get_absolute_url()
    clean = Client().get(detail)

    for query in ("?cb=1", "?cb=1&utm_source=x"):
        noisy = Client().get(detail + query)

        assert not rendered_for_them(noisy)
        assert (noisy.status_code, noisy["ETag"]) == (200, clean["ETag"])


def test_page_cache_drops_parameters_a_page_does_not_read_when_none_it_reads_is_given(
    page_cache, event
):
    clean = Client().get(LIST)

    noisy = Client().get(LIST + "?cb=1")

    assert not rendered_for_them(noisy)
    assert noisy["ETag"] == clean["ETag"]


def test_page_cache_keeps_the_parameters_a_page_reads(page_cache, event):
    Client().get(LIST)

    filtered = Client().get(LIST + "?kind=workshop&cb=1&page=1")

    assert rendered_for_them(filtered)
    assert filtered.wsgi_request.GET.urlencode() == "kind=workshop&page=1"
    assert filtered.wsgi_request.get_full_path() == LIST + "?kind=workshop&page=1"
    assert "Regional webinar on cybersecurity" not in filtered.content.decode()
