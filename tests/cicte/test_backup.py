import datetime
import gzip

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from events.models import Event
from tests.factories.events import EventDateFactory, EventFactory, EventPartnerFactory
from tests.factories.programs import ProgramFactory
from tests.factories.publications import CoPublisherFactory, EditionFactory
from tests.factories.users import StaffUserFactory

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
    call_command("restore", tmp_path / "first.json.gz", verbosity=0)
    second = read_backup(tmp_path, "second.json.gz")

    assert second == first
    restored = Event.objects.get()
    assert restored.pk == event.pk
    assert list(restored.programs.values_list("slug", flat=True)) == [program.slug]
    assert restored.history.first().id == event.pk


def test_a_loaded_report_restores_with_its_baseline_history_and_no_more(tmp_path):
    call_command("loadreport", "2020", verbosity=0)
    first = read_backup(tmp_path, "first.json.gz")
    assert first.count('"model": "events.historicalevent"') == 52

    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", tmp_path / "first.json.gz", verbosity=0)

    assert read_backup(tmp_path, "second.json.gz") == first


def test_backup_keeps_timestamps_to_the_microsecond(tmp_path):
    event = EventFactory()
    event.history.update(
        history_date=datetime.datetime(2020, 6, 3, 12, 0, 0, 123, tzinfo=datetime.UTC)
    )
    read_backup(tmp_path, "first.json.gz")

    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", tmp_path / "first.json.gz", verbosity=0)

    restored = Event.objects.get().history.get()
    assert restored.history_date == datetime.datetime(
        2020, 6, 3, 12, 0, 0, 123, tzinfo=datetime.UTC
    )


@pytest.mark.parametrize(
    ("local", "found"),
    [
        ("account", "1 auth.user"),
        ("report record", "1 programs.program"),
        ("history row", "1 programs.historicalprogram"),
    ],
)
def test_restore_refuses_a_database_that_is_not_empty(tmp_path, local, found):
    backed_up = StaffUserFactory(username="maria")
    ProgramFactory()
    read_backup(tmp_path, "backup.json.gz")
    call_command("flush", interactive=False, verbosity=0)
    if local == "account":
        # Same primary key as the backup's account: a merge would replace it.
        get_user_model().objects.create_user("local", pk=backed_up.pk)
    elif local == "report record":
        ProgramFactory(slug="local").history.all().delete()
    else:
        program = ProgramFactory(slug="local")
        program.history.all().delete()
        program.delete()  # leaves its deletion row
    before = read_backup(tmp_path, "before.json.gz")

    with pytest.raises(CommandError) as raised:
        call_command("restore", tmp_path / "backup.json.gz", verbosity=0)

    assert str(raised.value) == (
        f"The database is not empty ({found}): a backup is restored only into a freshly "
        "migrated database (create a new one and point DATABASE_URL at it). Nothing was "
        "restored."
    )
    assert read_backup(tmp_path, "after.json.gz") == before
