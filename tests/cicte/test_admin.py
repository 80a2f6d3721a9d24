import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from cicte.admin_mixins import refusal_message
from cicte.models import ReportingYear
from partners.models import PartnerYear
from tests.factories.cicte import ReportingYearFactory
from tests.factories.partners import PartnerYearFactory
from tests.factories.users import EditorFactory, ProgramOfficerFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:cicte_reportingyear_changelist")
ADD = reverse("admin:cicte_reportingyear_add")


def test_reporting_year_changelist_shows_years_to_an_editor(client):
    ReportingYearFactory(year=2020, title="Annual Report 2020 of CICTE", chair="CA")
    client.force_login(EditorFactory())

    response = client.get(CHANGELIST)

    assert response.status_code == 200
    assert [year.year for year in response.context["cl"].result_list] == [2020]
    content = response.content.decode()
    assert "Annual Report 2020 of CICTE" in content
    assert '<td class="field-chair">Canada</td>' in content


@pytest.mark.parametrize("rows", [1, 50])
def test_reporting_year_changelist_queries_do_not_grow_with_rows(
    client, django_assert_num_queries, rows
):
    for offset in range(rows):
        ReportingYearFactory(year=1999 + offset, approved_on=datetime.date(2021, 10, 8))
    client.force_login(EditorFactory())

    with django_assert_num_queries(9):
        response = client.get(CHANGELIST)

    assert len(response.context["cl"].result_list) == rows


def test_reporting_year_add_form_shows_every_field_to_an_editor(client):
    client.force_login(EditorFactory())

    response = client.get(ADD)

    assert response.status_code == 200
    assert list(response.context["adminform"].form.fields) == [
        "year",
        "title",
        "status",
        "general_assembly_session",
        "approved_on",
        "approved_at",
        "chair",
        "vice_chair",
        "elected_chair",
        "elected_vice_chair",
        "elected_period",
        "introduction",
    ]
    assert 'class="country-search"' in response.content.decode()


def test_reporting_year_admin_shows_a_year_before_cicte_in_plain_words(client):
    client.force_login(EditorFactory())

    response = client.post(ADD, {"year": "1998", "title": "Too early", "status": "draft"})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "__all__": ["CICTE was established in 1999: use 1999 or later."]
    }
    assert ReportingYear.objects.count() == 0


def test_program_officer_sees_reporting_years_read_only(client):
    year = ReportingYearFactory(year=2020)
    client.force_login(ProgramOfficerFactory())

    change = client.get(reverse("admin:cicte_reportingyear_change", args=[year.pk]))
    add = client.get(ADD)

    assert change.status_code == 200
    assert change.context["has_change_permission"] is False
    assert add.status_code == 403


def test_staff_without_a_group_cannot_open_reporting_years(client):
    client.force_login(StaffUserFactory())

    response = client.get(CHANGELIST)

    assert response.status_code == 403


def refusal_of(create):
    """The IntegrityError the database raises for `create()`, inside a savepoint."""
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        create()
    return excinfo.value


def test_database_refusal_of_a_unique_field_reads_as_plain_words():
    ReportingYearFactory(year=2020)

    error = refusal_of(lambda: ReportingYear.objects.create(year=2020, title="Again"))

    assert refusal_message(error) == "Reporting year with this Year already exists."


def test_database_refusal_of_a_check_constraint_reads_as_its_message():
    error = refusal_of(lambda: ReportingYear.objects.create(year=1998, title="Too early"))

    assert refusal_message(error) == "CICTE was established in 1999: use 1999 or later."


def test_database_refusal_of_a_named_unique_constraint_names_its_fields():
    existing = PartnerYearFactory()

    error = refusal_of(
        lambda: PartnerYear.objects.create(partner=existing.partner, year=existing.year)
    )

    assert refusal_message(error) == "Partner's year with this Partner and Year already exists."
