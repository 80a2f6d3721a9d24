"""seed_synthetic: reproducible data at scale, refused next to real report data."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cicte.data_version import read_data_version
from cicte.models import DataVersion, ReportingYear
from events.enums import EventKind
from events.models import Event, EventDate, EventPartner
from partners.enums import PartnerCategory
from partners.models import Partner, PartnerYear
from programs.models import Activity, Program, ProgramYear
from publications.models import Publication
from tests.factories.cicte import ReportingYearFactory

pytestmark = pytest.mark.django_db


def seed(**options):
    call_command("seed_synthetic", events=200, seed=1, verbosity=0, **options)


def test_seed_synthetic_fills_ten_years_at_the_asked_size():
    seed()

    assert list(ReportingYear.objects.order_by("year").values_list("year", "title")) == [
        (year, f"Synthetic data {year}") for year in range(2010, 2020)
    ]
    assert Event.objects.count() == 200
    assert Activity.objects.count() == 40
    assert Publication.objects.count() == 10
    assert Partner.objects.count() == 7  # a fiftieth, and at least one per category
    assert Program.objects.count() == 12
    assert Program.objects.filter(parent__slug="border-security").count() == 4
    assert set(Event.objects.values_list("year__year", flat=True)) == set(range(2010, 2020))
    assert Event.objects.filter(year__year=2015).count() == 20
    assert PartnerYear.objects.filter(year__year=2015).count() == 1


def test_seed_synthetic_events_have_dates_programs_and_partners():
    seed()

    for event in Event.objects.prefetch_related("dates", "programs", "partner_roles"):
        dates = list(event.dates.all())
        assert 1 <= len(dates) <= 3
        assert event.starts_on == min(d.start for d in dates)
        assert event.ends_on == max(d.end for d in dates)
        assert all(d.start.year == event.year.year for d in dates)
        assert 1 <= len(event.programs.all()) <= 3
        assert len(event.partner_roles.all()) <= 4
        assert event.title_en == event.title
        assert (event.title_fr, event.title_pt) == ("", "")
    assert EventDate.objects.count() > 200
    assert EventPartner.objects.exists()
    # About one event in three has its Spanish title.
    assert 40 < Event.objects.exclude(title_es="").count() < 100
    # Half the webinars and virtual forums serve a country; no event held somewhere does.
    virtual = Event.objects.filter(kind__in=EventKind.virtual_forums())
    served = virtual.exclude(countries_served="").count()
    assert 0.4 * virtual.count() < served < 0.6 * virtual.count()
    assert not Event.objects.exclude(country="").exclude(countries_served="").exists()


def test_seed_synthetic_partners_cover_every_category_at_scale():
    call_command("seed_synthetic", events=5000, seed=1, verbosity=0)

    assert Partner.objects.count() == 100
    assert set(Partner.objects.values_list("category", flat=True)) == set(PartnerCategory.values)


def snapshot():
    return list(
        Event.objects.order_by("slug").values_list("slug", "title", "kind", "starts_on", "ends_on")
    )


def wipe():
    """Everything seed_synthetic wrote but the programs (which real years share)."""
    Event.objects.all().delete()
    Publication.objects.all().delete()
    Activity.objects.all().delete()
    PartnerYear.objects.all().delete()
    ProgramYear.objects.all().delete()
    Partner.objects.all().delete()
    ReportingYear.objects.all().delete()


def test_seed_synthetic_gives_the_same_data_for_the_same_seed():
    seed()
    first = snapshot()
    wipe()

    seed()

    assert len(first) == 200
    assert snapshot() == first


def test_seed_synthetic_gives_other_data_for_another_seed():
    seed()
    first = snapshot()
    wipe()

    call_command("seed_synthetic", events=200, seed=2, verbosity=0)

    assert snapshot() != first


def test_seed_synthetic_refuses_a_database_with_real_report_data():
    ReportingYearFactory(year=2020, title="Annual Report 2020")

    with pytest.raises(CommandError) as refused:
        seed()

    assert str(refused.value) == (
        "This database holds real report data (reporting years 2020); seed_synthetic adds "
        "made-up records next to them. Use an empty database, or pass --force if that is what "
        "you want."
    )
    assert Event.objects.count() == 0


def test_seed_synthetic_with_force_adds_to_real_report_data():
    ReportingYearFactory(year=2020, title="Annual Report 2020")

    seed(force=True)

    assert ReportingYear.objects.count() == 11
    assert Event.objects.count() == 200


def test_seed_synthetic_refuses_to_seed_twice():
    seed()

    with pytest.raises(CommandError, match="holds synthetic data already"):
        seed()
    assert Event.objects.count() == 200


def test_seed_synthetic_refuses_a_database_with_synthetic_years():
    ReportingYearFactory(year=2015, title="Synthetic data 2015")

    with pytest.raises(CommandError, match="holds synthetic data already"):
        seed()


def test_seed_synthetic_with_force_refuses_years_that_exist():
    ReportingYearFactory(year=2015, title="Annual Report 2015")

    with pytest.raises(CommandError, match="Reporting years 2015 exist already"):
        seed(force=True)


def test_seed_synthetic_bumps_the_data_version():
    # Versions are compared as numbers: from 9 to 10 and more, as text "….10" < "….9".
    DataVersion.objects.update_or_create(pk=1, defaults={"number": 9})
    epoch, number = read_data_version().split(".")

    seed()

    after_epoch, after_number = read_data_version().split(".")
    assert after_epoch == epoch
    assert int(after_number) > int(number) == 9
