"""Workers learn of writes from PostgreSQL's notifications (cicte.data_version.NotifiedVersion).

These tests commit (transaction=True): PostgreSQL sends a notification only at commit.
"""

import os
import resource
from types import SimpleNamespace

import psycopg
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from cicte import data_version
from cicte.data_version import NotifiedVersion, bump_data_version, read_data_version
from tests.factories.events import EventFactory
from tests.factories.programs import ProgramFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """The clock NotifiedVersion reads, stopped: a slow machine takes as long as it needs
    between two requests, and a test moves the time on itself (`clock.now += …`)."""
    clock = SimpleNamespace(now=1000.0)
    monkeypatch.setattr(data_version, "time", SimpleNamespace(monotonic=lambda: clock.now))
    return clock


@pytest.fixture
def watch():
    """A worker's copy of the version, as a new worker starts: no connection, no version."""
    watch = NotifiedVersion()
    yield watch
    watch.forget()


@pytest.fixture
def notifications(settings):
    """Public requests take the version from this process's NotifiedVersion."""
    settings.DATA_VERSION_NOTIFICATIONS = True
    data_version._notified_version.forget()
    yield data_version._notified_version
    data_version._notified_version.forget()


def wait_for_notification(watch):
    """Until PostgreSQL has sent the listening connection something (10 s at most)."""
    assert watch.readable.poll(10_000), "no notification within 10 s"


def test_a_worker_reads_the_version_again_only_after_a_write(watch, django_assert_num_queries):
    with django_assert_num_queries(1):
        first = watch.get()
    with django_assert_num_queries(0):
        again = watch.get()
    ProgramFactory()
    wait_for_notification(watch)
    with django_assert_num_queries(1):
        after_the_write = watch.get()

    assert first == again
    assert after_the_write != first
    assert after_the_write == read_data_version()


def test_a_write_by_another_server_or_in_plain_sql_is_notified(watch):
    bump_data_version()
    first = watch.get()
    parameters = connection.get_connection_params()
    with psycopg.connect(**parameters, autocommit=True) as elsewhere:
        elsewhere.execute("UPDATE cicte_dataversion SET number = number + 1 WHERE id = 1")
    wait_for_notification(watch)

    assert watch.get() == read_data_version()
    assert int(watch.get().split(".")[1]) == int(first.split(".")[1]) + 1


def test_a_lost_listening_connection_is_replaced_and_the_version_read_meanwhile(
    watch, django_assert_num_queries
):
    watch.get()
    lost = watch.listener.info.backend_pid
    with connection.cursor() as cursor:
        # As a restart of the database would: returns once the server has closed it.
        cursor.execute("SELECT pg_terminate_backend(%s, 10000)", [lost])
    with django_assert_num_queries(1):
        read_meanwhile = watch.get()
    with django_assert_num_queries(0):
        watch.get()

    assert read_meanwhile == read_data_version()
    assert watch.listener.info.backend_pid != lost


def test_without_a_listening_connection_every_request_reads_the_version(
    watch, clock, monkeypatch, django_assert_num_queries
):
    connection.ensure_connection()  # only the listening connection is refused
    attempts = []

    def refuse(parameters):
        attempts.append(parameters)
        raise psycopg.OperationalError("connection refused")

    monkeypatch.setattr(connection, "get_new_connection", refuse)
    with django_assert_num_queries(2):
        versions = {watch.get(), watch.get()}
    clock.now += NotifiedVersion.RETRY_SECONDS
    watch.get()

    assert versions == {read_data_version()}
    assert len(attempts) == 2  # tried again only after RETRY_SECONDS
    assert watch.listener is None


@pytest.fixture
def many_open_files():
    """Over a thousand files open, as a busy worker may have: the next one is numbered past
    select()'s limit (1024)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))
    files = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]
    yield
    for descriptor in files:
        os.close(descriptor)
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_a_listening_connection_numbered_past_1024_is_watched(watch, many_open_files):
    first = watch.get()
    ProgramFactory()
    wait_for_notification(watch)

    assert watch.listener.pgconn.socket > 1024
    assert watch.get() == read_data_version() != first


def test_the_version_is_read_again_a_second_after_the_last_read(
    watch, clock, django_assert_num_queries
):
    watch.get()
    clock.now += NotifiedVersion.RECHECK_SECONDS
    with django_assert_num_queries(0):
        watch.get()
    clock.now += 0.1

    with django_assert_num_queries(1):
        watch.get()


def test_with_notifications_a_kept_page_costs_no_query_until_a_write(
    notifications, page_cache, django_assert_num_queries, monkeypatch
):
    event = EventFactory(title="Regional webinar on cybersecurity")
    visitor, page = Client(), reverse("events:list")
    visitor.get(page)
    with django_assert_num_queries(0):
        kept = visitor.get(page)
    # The process that writes knows at commit: it need not wait for the notification.
    monkeypatch.setattr(NotifiedVersion, "notified", lambda watch: False)
    event.title = "Cyber forum 2020"
    event.save()
    listed = visitor.get(page).content.decode()

    assert "Regional webinar on cybersecurity" in kept.content.decode()
    assert "Cyber forum 2020" in listed
    assert "Regional webinar on cybersecurity" not in listed
