"""The replica router (cicte.db_router): anonymous public reads on the replica, the rest on the
primary. In tests "replica" is a mirror of the test database (tests/conftest.py)."""

import time

import pytest
from django.db import DatabaseError, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cicte.data_version import read_data_version
from cicte.db_router import LAG, ReplicaRouter, replica_health, replica_reads
from cicte.models import ReportingYear
from events.models import Event
from tests.factories.users import EditorFactory

ROUTER = "cicte.db_router.ReplicaRouter"


@pytest.fixture
def routed(settings, monkeypatch):
    settings.DATABASE_ROUTERS = [ROUTER]
    settings.PAGE_CACHE_SECONDS = 0
    # The replica as a new process finds it: healthy until measured, measured at once.
    monkeypatch.setattr(replica_health, "state", "ok")
    monkeypatch.setattr(replica_health, "checked_at", None)
    yield
    # The mirror's own connection would keep the test database from being dropped at the end.
    connections["replica"].close()


@pytest.fixture
def dead_replica(routed):
    """The replica's address refuses connections (nothing listens on port 1); `revive()`
    gives it its own back. In a transactional test: closing a connection inside the test's
    transaction would not drop it."""
    replica = connections["replica"]
    alive = replica.settings_dict  # the mirror shares the default's: replaced, not changed
    replica.close()
    replica.settings_dict = {**alive, "HOST": "127.0.0.1", "PORT": "1"}

    def revive():
        replica.close()
        replica.settings_dict = alive

    yield revive
    revive()


def test_router_reads_from_the_primary_outside_a_public_request():
    assert ReplicaRouter().db_for_read(Event) == "default"


def test_router_reads_from_the_replica_in_a_public_request():
    with replica_reads():
        assert ReplicaRouter().db_for_read(Event) == "replica"


def test_router_writes_to_the_primary_and_then_reads_there_too():
    router = ReplicaRouter()
    with replica_reads():
        assert router.db_for_write(Event) == "default"
        assert router.db_for_read(Event) == "default"


def test_router_migrates_the_primary_only():
    router = ReplicaRouter()

    assert router.allow_migrate("default", "events")
    assert not router.allow_migrate("replica", "events")


@pytest.mark.django_db(databases=["default", "replica"])
def test_public_page_reads_from_the_replica(routed):
    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        response = Client().get(reverse("reports:list"))

    assert response.status_code == 200
    assert len(primary) == 0
    assert replica[0]["sql"] == LAG  # the replica's health, measured first
    assert [query["sql"] for query in replica[1:]] != []
    assert all("cicte_reportingyear" in query["sql"] for query in replica[1:])


@pytest.mark.django_db(databases=["default", "replica"])
def test_admin_reads_its_own_writes_from_the_primary(routed):
    ReportingYear.objects.create(year=2021, title="Annual Report 2021")
    client = Client()
    client.force_login(EditorFactory())

    with CaptureQueriesContext(connections["replica"]) as replica:
        admin_page = client.get("/admin/cicte/reportingyear/")
        public_page = client.get(reverse("reports:list"))  # signed in: the primary

    assert len(replica) == 0
    assert admin_page.status_code == public_page.status_code == 200
    assert "2021" in admin_page.content.decode()


@pytest.mark.django_db(databases=["default", "replica"], transaction=True)
def test_public_pages_read_from_the_primary_while_the_replica_is_down(dead_replica):
    with CaptureQueriesContext(connections["default"]) as primary:
        response = Client().get(reverse("reports:list"))
    primary_sql = [query["sql"] for query in primary]  # before the next request clears them
    health = Client().get("/healthz").json()

    assert response.status_code == 200
    assert any("cicte_reportingyear" in sql for sql in primary_sql)
    assert replica_health.state == "unavailable"
    assert health == {
        "status": "degraded",
        "primary": "ok",
        "replica": "unavailable",
        "cache": "ok",
    }


@pytest.mark.django_db(databases=["default", "replica"], transaction=True)
def test_replica_that_fails_after_its_check_sends_the_request_to_the_primary(
    dead_replica, page_cache
):
    replica_health.checked_at = time.monotonic()  # measured "ok" a moment before it went away

    with CaptureQueriesContext(connections["default"]) as primary:
        response = Client().get(reverse("reports:list"))

    assert response.status_code == 200
    assert "cicte_dataversion" in primary[0]["sql"]  # the version, then the data, there
    assert any("cicte_reportingyear" in query["sql"] for query in primary)
    assert replica_health.state == "unavailable"


@pytest.mark.django_db(databases=["default", "replica"], transaction=True)
def test_replica_back_is_used_again_after_its_next_check(dead_replica, monkeypatch):
    Client().get(reverse("reports:list"))
    dead_replica()
    monkeypatch.setattr(type(replica_health), "CHECK_SECONDS", 0.2)
    time.sleep(0.2)

    with CaptureQueriesContext(connections["replica"]) as replica:
        response = Client().get(reverse("reports:list"))

    assert response.status_code == 200
    assert replica_health.state == "ok"
    assert any("cicte_reportingyear" in query["sql"] for query in replica)


@pytest.mark.django_db(databases=["default", "replica"])
def test_replica_lagging_past_the_bound_is_left_for_the_primary(routed, settings):
    settings.DATABASE_REPLICA_MAX_LAG = -1  # the mirror lags 0 s: past this bound

    with CaptureQueriesContext(connections["replica"]) as replica:
        response = Client().get(reverse("reports:list"))
    replica_sql = [query["sql"] for query in replica]  # before the next request clears them
    health = Client().get("/healthz")

    assert response.status_code == 200
    assert replica_sql == [LAG]
    assert (health.status_code, health.json()["replica"]) == (200, "lagging")


def test_version_read_on_the_primary_fails_as_before(routed, monkeypatch):
    def refuse(*args):
        raise DatabaseError("down")

    monkeypatch.setattr("cicte.data_version._select_version_checked", refuse)
    with pytest.raises(DatabaseError):
        read_data_version()
