import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from cicte.enums import ContentStatus, ReportPart, YearStatus
from cicte.models import DataVersion, ReportingYear, ReportText
from events.models import Event
from tests.factories.cicte import ReportingYearFactory, ReportTextFactory
from tests.factories.events import EventFactory
from tests.factories.programs import ProgramFactory
from tests.factories.users import ProgramOfficerFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


def test_database_refuses_a_reporting_year_before_cicte():
    with pytest.raises(IntegrityError, match="reportingyear_year_since_cicte"):
        ReportingYear.objects.create(year=1998, title="Annual Report 1998")


def test_reporting_year_validation_rejects_a_year_before_cicte_in_plain_words():
    year = ReportingYear(year=1998, title="Annual Report 1998")

    with pytest.raises(ValidationError) as excinfo:
        year.full_clean()

    assert excinfo.value.message_dict == {
        "__all__": ["CICTE was established in 1999: use 1999 or later."]
    }


def test_database_refuses_a_second_reporting_year_with_the_same_year():
    ReportingYearFactory(year=2020)

    with pytest.raises(IntegrityError, match="cicte_reportingyear_year_key"):
        ReportingYear.objects.create(year=2020, title="Annual Report 2020, again")


def test_reporting_year_validation_rejects_a_duplicate_year():
    ReportingYearFactory(year=2020)

    with pytest.raises(ValidationError) as excinfo:
        ReportingYear(year=2020, title="Annual Report 2020, again").full_clean()

    assert excinfo.value.message_dict == {"year": ["Reporting year with this Year already exists."]}


def test_reporting_year_current_is_the_latest_public_year():
    ReportingYearFactory(year=2019, status=YearStatus.CLOSED)
    published = ReportingYearFactory(year=2020, status=YearStatus.PUBLISHED)
    ReportingYearFactory(year=2021, status=YearStatus.DRAFT)

    assert ReportingYear.objects.current() == published


def test_the_open_year_is_the_latest_unpublished_else_the_latest_public():
    assert ReportingYear.objects.open() is None
    ReportingYearFactory(year=2019, status=YearStatus.CLOSED)
    published = ReportingYearFactory(year=2020, status=YearStatus.PUBLISHED)
    assert ReportingYear.objects.open() == published

    ReportingYearFactory(year=2021, status=YearStatus.DRAFT)
    in_review = ReportingYearFactory(year=2022, status=YearStatus.IN_REVIEW)
    assert ReportingYear.objects.open() == in_review


def test_closed_years_are_only_the_closed_ones():
    closed = [ReportingYearFactory(year=year, status=YearStatus.CLOSED) for year in (2018, 2019)]
    for year, status in [(2020, YearStatus.PUBLISHED), (2021, YearStatus.DRAFT)]:
        ReportingYearFactory(year=year, status=status)

    assert list(ReportingYear.objects.closed().order_by("year")) == closed


def slugs(events):
    return sorted(events.values_list("slug", flat=True))


@pytest.fixture
def events_of_each_kind():
    """A published and a draft event in a public year, a published one in a draft year."""
    public, draft = (
        ReportingYearFactory(year=2020, status=YearStatus.PUBLISHED),
        ReportingYearFactory(year=2021, status=YearStatus.DRAFT),
    )
    EventFactory(slug="published", year=public)
    EventFactory(slug="draft", year=public, status=ContentStatus.DRAFT)
    EventFactory(slug="in-a-draft-year", year=draft)


def test_staff_see_every_event_visitors_the_published_ones_of_public_years(events_of_each_kind):
    officer = ProgramOfficerFactory()
    visitor = AnonymousUser()
    no_group = StaffUserFactory()

    assert slugs(Event.objects.visible_to(officer)) == ["draft", "in-a-draft-year", "published"]
    assert slugs(Event.objects.visible_to(visitor)) == ["published"]
    assert slugs(Event.objects.visible_to(no_group)) == ["published"]


def test_staff_see_every_year_visitors_the_public_ones():
    for year, status in [(2019, YearStatus.CLOSED), (2020, YearStatus.PUBLISHED)]:
        ReportingYearFactory(year=year, status=status)
    ReportingYearFactory(year=2021, status=YearStatus.DRAFT)

    def years(user):
        return sorted(ReportingYear.objects.visible_to(user).values_list("year", flat=True))

    assert years(ProgramOfficerFactory()) == [2019, 2020, 2021]
    assert years(AnonymousUser()) == [2019, 2020]


def test_a_years_report_lists_its_own_published_records(events_of_each_kind):
    EventFactory(slug="published-2021", year=ReportingYear.objects.get(year=2021))

    assert slugs(Event.objects.in_report(ReportingYear.objects.get(year=2020))) == ["published"]
    assert slugs(Event.objects.in_report(ReportingYear.objects.get(year=2021))) == [
        "in-a-draft-year",
        "published-2021",
    ]


def test_records_of_programs_come_once_each_whatever_the_number_of_their_programs():
    cyber, borders, maritime = ProgramFactory(), ProgramFactory(), ProgramFactory()
    EventFactory(slug="both", programs=[cyber, borders])
    EventFactory(slug="borders", programs=[borders])
    EventFactory(slug="maritime", programs=[maritime])
    EventFactory(slug="none")

    assert list(
        Event.objects.of_programs([cyber.pk, borders.pk])
        .order_by("slug")
        .values_list("slug", flat=True)
    ) == ["borders", "both"]
    assert slugs(Event.objects.of_programs([maritime.pk])) == ["maritime"]
    assert slugs(Event.objects.of_programs([])) == []


def test_report_records_are_found_by_their_natural_keys():
    years = [ReportingYearFactory(year=2020), ReportingYearFactory(year=2021)]
    texts = [
        ReportTextFactory(year=year, part=part, position=position)
        for year in years
        for part in (ReportPart.FRAMEWORK, ReportPart.COOPERATION)
        for position in (0, 1)
    ]

    assert ReportingYear.objects.get_by_natural_key(2021) == years[1]
    assert [ReportText.objects.get_by_natural_key(*text.natural_key()) for text in texts] == texts


def test_a_natural_key_of_the_wrong_length_is_refused_rather_than_matched_in_part():
    # A fixture's reference that leaves out the position must not find the section's only text.
    year = ReportingYearFactory(year=2020)
    ReportTextFactory(year=year, part=ReportPart.FRAMEWORK, position=0)

    with pytest.raises(ValueError, match=r"^zip\(\) argument 2 is shorter than argument 1$"):
        ReportText.objects.get_by_natural_key(2020, ReportPart.FRAMEWORK)
    with pytest.raises(ValueError, match=r"^zip\(\) argument 2 is longer than argument 1$"):
        ReportingYear.objects.get_by_natural_key(2020, 2021)


def test_report_records_read_as_staff_name_them():
    year = ReportingYearFactory(year=2020)
    headed = ReportTextFactory(year=year, heading="Annual Meeting", position=1)
    unheaded = ReportTextFactory(year=year, heading="", part=ReportPart.FRAMEWORK, position=2)
    DataVersion.objects.update_or_create(pk=1, defaults={"number": 41})

    assert [str(year), str(headed), str(unheaded), str(DataVersion.objects.get())] == [
        "2020",
        "Annual Meeting",
        "II. Legal and political framework (2)",
        "41",
    ]
