import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from cicte.enums import ReportPart, YearStatus
from cicte.models import DataVersion, ReportingYear, ReportText
from tests.factories.cicte import ReportingYearFactory, ReportTextFactory

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
