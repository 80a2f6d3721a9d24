"""The replica router (cicte.db_router): anonymous public reads on the replica, the rest on the
primary. In tests "replica" is a mirror of the test database (tests/conftest.py)."""

import pytest
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cicte.db_router import ReplicaRouter, replica_reads
from cicte.models import ReportingYear
from events.models import Event
from tests.factories.users import EditorFactory

ROUTER = "cicte.db_router.ReplicaRouter"


@pytest.fixture
def routed(settings):
    settings.DATABASE_ROUTERS = [ROUTER]
    settings.PAGE_CACHE_SECONDS = 0
    yield
    # The mirror's own connection would keep the test database from being dropped at the end.
    connections["replica"].close()


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
    assert [query["sql"] for query in replica] != []
    assert all("cicte_reportingyear" in query["sql"] for query in replica)


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
