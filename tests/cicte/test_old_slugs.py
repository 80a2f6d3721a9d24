"""A renamed record keeps its old address: a permanent redirect to the new one (cicte.slugs),
and its calendar entries keep their UIDs."""

import datetime

import icalendar
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation

from cicte.enums import ContentStatus
from events.models import Event
from tests.admin_forms import browser_post, change_url
from tests.factories.events import EventDateFactory, EventFactory, EventPartnerFactory
from tests.factories.partners import PartnerFactory
from tests.factories.programs import ProgramFactory
from tests.factories.publications import PublicationFactory
from tests.factories.users import EditorFactory

pytestmark = pytest.mark.django_db


def renamed_in_admin(client, record, slug):
    client.force_login(EditorFactory())
    form = client.get(change_url(record))
    response = client.post(change_url(record), browser_post(form, slug=slug))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.slug == slug


@pytest.mark.parametrize("language", ["en", "es"])
def test_renamed_event_old_address_redirects_permanently_per_language(client, language):
    event = EventFactory(slug="cyber-forum", programs=[ProgramFactory()])
    renamed_in_admin(client, event, "cyber-forum-2020")
    client.logout()

    response = client.get(f"/{language}/events/cyber-forum/")

    assert (response.status_code, response["Location"]) == (
        301,
        f"/{language}/events/cyber-forum-2020/",
    )
    assert client.get(response["Location"]).status_code == 200


def test_renamed_twice_old_addresses_redirect_to_the_latest(client):
    event = EventFactory(slug="first")
    event.slug = "second"
    event.save()
    event.slug = "third"
    event.save()

    responses = [client.get(f"/en/events/{slug}/") for slug in ("first", "second")]

    assert [(r.status_code, r["Location"]) for r in responses] == [
        (301, "/en/events/third/"),
        (301, "/en/events/third/"),
    ]


def test_renamed_back_event_answers_at_its_first_address(client):
    event = EventFactory(slug="first")
    event.slug = "second"
    event.save()
    event.slug = "first"
    event.save()

    assert client.get("/en/events/first/").status_code == 200
    assert client.get("/en/events/second/")["Location"] == "/en/events/first/"


@pytest.mark.parametrize(
    ("make", "url_name"),
    [
        (lambda slug: PublicationFactory(slug=slug), "publications:detail"),
        (
            lambda slug: EventPartnerFactory(partner=PartnerFactory(slug=slug)).partner,
            "partners:detail",
        ),
        (
            lambda slug: EventFactory(programs=[ProgramFactory(slug=slug)]).programs.get(),
            "programs:detail",
        ),
    ],
    ids=["publication", "partner", "program"],
)
def test_renamed_record_old_address_redirects_permanently(client, make, url_name):
    record = make("old-name")
    record.slug = "new-name"
    record.save()

    with translation.override("en"):
        old, new = reverse(url_name, args=["old-name"]), reverse(url_name, args=["new-name"])
    response = client.get(old)

    assert (response.status_code, response["Location"]) == (301, new)
    assert client.get(new).status_code == 200


def test_renamed_program_old_address_keeps_the_query_its_page_reads(client):
    program = ProgramFactory(slug="old-name")
    EventFactory(programs=[program])
    program.slug = "new-name"
    program.save()

    response = client.get("/en/programs/old-name/?year=2020&utm=x")

    assert (response.status_code, response["Location"]) == (
        301,
        "/en/programs/new-name/?year=2020",
    )


def test_unknown_slug_is_still_404(client):
    EventFactory(slug="cyber-forum")

    assert client.get("/en/events/no-such-event/").status_code == 404


def test_renamed_draft_old_address_is_still_404(client):
    event = EventFactory(slug="draft-forum", status=ContentStatus.DRAFT)
    event.slug = "draft-forum-2020"
    event.save()

    assert client.get("/en/events/draft-forum/").status_code == 404
    assert client.get(reverse("event-ics", args=["draft-forum"])).status_code == 404


def uids(response) -> list[str]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return [str(v["uid"]) for v in icalendar.Calendar.from_ical(content).walk("VEVENT")]


def test_renamed_event_keeps_its_calendar_uids_and_its_old_ics_address(client):
    event = EventFactory(slug="visit-2020", programs=[ProgramFactory()])
    EventDateFactory(event=event, start=datetime.date(2020, 1, 27), end=datetime.date(2020, 1, 31))
    before = uids(client.get(reverse("event-ics", args=["visit-2020"])))
    renamed_in_admin(client, event, "visit-of-policymakers")
    client.logout()

    old = client.get(reverse("event-ics", args=["visit-2020"]))
    after = uids(client.get(reverse("event-ics", args=["visit-of-policymakers"])))
    feed = uids(client.get(reverse("events-ics")))

    assert before == after == feed == ["visit-2020-20200127@testserver"]
    assert (old.status_code, old["Location"]) == (301, "/events/visit-of-policymakers.ics")


def test_event_saved_as_new_gets_calendar_uids_of_its_own_slug(client):
    event = EventFactory(slug="forum", programs=[ProgramFactory()])
    client.force_login(EditorFactory())
    form = client.get(change_url(event))
    data = browser_post(form, slug="forum-copy", _saveasnew="Save as new")
    del data["_save"]

    client.post(change_url(event), data)

    assert [(e.slug, e.calendar_id) for e in Event.objects.order_by("slug")] == [
        ("forum", "forum"),
        ("forum-copy", "forum-copy"),
    ]


def test_the_migration_gives_existing_events_their_slug_of_today_as_calendar_id(transactional_db):
    renamed = EventFactory(slug="first-name")
    renamed.slug = "second-name"
    renamed.save()
    EventFactory(slug="kept")
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate([("events", "0006_event_annex_constraints")])
        MigrationExecutor(connection).migrate(latest)
    finally:
        MigrationExecutor(connection).migrate(latest)

    assert sorted(Event.objects.values_list("slug", "calendar_id")) == [
        ("kept", "kept"),
        ("second-name", "second-name"),
    ]
    assert sorted(Event.history.values_list("slug", "calendar_id")) == [
        ("first-name", "second-name"),
        ("kept", "kept"),
        ("second-name", "second-name"),
    ]
