import datetime
import gzip

import pytest
from django.core.management import call_command

from events.models import Event
from tests.factories.events import EventDateFactory, EventFactory, EventPartnerFactory
from tests.factories.programs import ProgramFactory
from tests.factories.publications import CoPublisherFactory, EditionFactory

pytestmark = pytest.mark.django_db(transaction=True)


def read_backup(tmp_path, name):
    path = tmp_path / name
    call_command("backup", output=path)
    with gzip.open(path, "rt") as dump:
        return dump.read()


def test_backup_round_trip_gives_an_identical_dump(tmp_path):
    program = ProgramFactory()
    event = EventFactory(programs=[program])
    EventDateFactory(event=event)
    EventPartnerFactory(event=event)
    EditionFactory(publication=CoPublisherFactory().publication)
    first = read_backup(tmp_path, "first.json.gz")

    call_command("flush", interactive=False, verbosity=0)
    assert Event.objects.count() == 0
    call_command("loaddata", tmp_path / "first.json.gz", verbosity=0)
    second = read_backup(tmp_path, "second.json.gz")

    assert second == first
    restored = Event.objects.get()
    assert restored.pk == event.pk
    assert list(restored.programs.values_list("slug", flat=True)) == [program.slug]
    assert restored.history.first().id == event.pk


def test_backup_keeps_timestamps_to_the_microsecond(tmp_path):
    event = EventFactory()
    event.history.update(
        history_date=datetime.datetime(2020, 6, 3, 12, 0, 0, 123, tzinfo=datetime.UTC)
    )
    read_backup(tmp_path, "first.json.gz")

    call_command("flush", interactive=False, verbosity=0)
    call_command("loaddata", tmp_path / "first.json.gz", verbosity=0)

    restored = Event.objects.get().history.get()
    assert restored.history_date == datetime.datetime(
        2020, 6, 3, 12, 0, 0, 123, tzinfo=datetime.UTC
    )
