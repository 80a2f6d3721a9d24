"""Starting a new reporting year from the admin, as `manage.py startyear` does."""

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.urls import reverse

from cicte.enums import YearStatus
from cicte.models import ReportingYear
from programs.models import ProgramYear
from tests.admin_forms import change_url, signed_in
from tests.factories.cicte import ReportingYearFactory
from tests.factories.programs import ProgramFactory, ProgramYearFactory
from tests.factories.users import EditorFactory, ProgramOfficerFactory

pytestmark = pytest.mark.django_db

START = reverse("admin:cicte_reportingyear_start")
CHANGELIST = reverse("admin:cicte_reportingyear_changelist")


@pytest.fixture
def year_2021():
    year = ReportingYearFactory(year=2021, status=YearStatus.PUBLISHED)
    for slug in ["cybersecurity", "border-security"]:
        ProgramYearFactory(year=year, program=ProgramFactory(slug=slug), narrative="Done.")
    ProgramFactory(slug="closed-before-2021")
    return year


def years():
    return list(ReportingYear.objects.order_by("year").values_list("year", "status"))


def test_the_years_list_offers_an_editor_to_start_the_next_year(year_2021):
    response = signed_in(EditorFactory()).get(CHANGELIST)

    assert f'<a href="{START}" class="addlink">Start a new year</a>' in response.content.decode()


def test_the_start_page_proposes_the_year_after_the_last(year_2021):
    response = signed_in(EditorFactory()).get(START)

    assert response.status_code == 200
    assert response.context["form"]["year"].value() == 2022


def test_an_editor_starts_the_next_year_with_the_programs_carried_over(year_2021):
    editor = EditorFactory()

    response = signed_in(editor).post(START, {"year": "2022"}, follow=True)

    new_year = ReportingYear.objects.get(year=2022)
    assert response.redirect_chain == [(change_url(new_year), 302)]
    assert [str(message) for message in response.context["messages"]] == [
        "Started 2022 as a draft with 2 programs."
    ]
    assert years() == [(2021, YearStatus.PUBLISHED), (2022, YearStatus.DRAFT)]
    assert list(
        ProgramYear.objects.filter(year=new_year)
        .order_by("program__slug")
        .values_list("program__slug", "narrative")
    ) == [("border-security", ""), ("cybersecurity", "")]
    history = new_year.history.get()
    assert (history.history_type, history.history_user) == ("+", editor)
    entry = LogEntry.objects.get(object_id=str(new_year.pk))
    assert (entry.action_flag, entry.user) == (ADDITION, editor)


def test_a_gap_is_refused_until_the_editor_confirms_it(year_2021):
    client = signed_in(EditorFactory())

    response = client.post(START, {"year": "2023"})

    assert response.status_code == 200
    assert response.context["gap"] == range(2022, 2023)
    assert years() == [(2021, YearStatus.PUBLISHED)]
    content = response.content.decode()
    assert "The report of 2022 would be skipped" in content
    assert '<input type="hidden" name="confirm_gap" value="on" id="id_confirm_gap">' in content

    response = client.post(START, {"year": "2023", "confirm_gap": "on"})

    assert response.status_code == 302
    assert years() == [(2021, YearStatus.PUBLISHED), (2023, YearStatus.DRAFT)]


def test_a_year_beyond_what_the_database_holds_is_refused_before_any_gap(year_2021):
    response = signed_in(EditorFactory()).post(START, {"year": "1" + "0" * 30})

    assert response.context["form"].errors == {
        "year": ["Ensure this value is less than or equal to 32767."]
    }


def test_a_gap_of_several_years_names_the_first_and_the_last(year_2021):
    response = signed_in(EditorFactory()).post(START, {"year": "2030"})

    assert "The reports of 2022 to 2029 would be skipped" in response.content.decode()
    assert years() == [(2021, YearStatus.PUBLISHED)]


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("2021", "The reporting year 2021 exists already."),
        ("2020", "A new reporting year must come after the last one, 2021."),
        ("year", "Enter a whole number."),
        ("99999", "Ensure this value is less than or equal to 32767."),
        ("1" + "0" * 30, "Ensure this value is less than or equal to 32767."),
    ],
)
def test_a_year_that_cannot_start_is_refused_with_a_clear_message(year_2021, year, message):
    response = signed_in(EditorFactory()).post(START, {"year": year, "confirm_gap": "on"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"year": [message]}
    assert years() == [(2021, YearStatus.PUBLISHED)]


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_program_officer_may_not_start_a_year(year_2021, method):
    client = signed_in(ProgramOfficerFactory())

    response = getattr(client, method)(START, {"year": "2022", "confirm_gap": "on"})

    assert response.status_code == 403
    assert years() == [(2021, YearStatus.PUBLISHED)]
    assert ProgramYear.objects.count() == 2


def test_the_years_list_offers_no_start_to_a_program_officer(year_2021):
    response = signed_in(ProgramOfficerFactory()).get(CHANGELIST)

    assert response.status_code == 200
    assert START not in response.content.decode()


def test_the_gap_page_speaks_spanish(year_2021):
    response = signed_in(EditorFactory()).post(START, {"year": "2024"}, HTTP_ACCEPT_LANGUAGE="es")

    content = response.content.decode()
    assert "Se omitirían los informes de 2022 a 2023: 2024 no sigue al último año." in content
    assert 'value="Sí, iniciar 2024"' in content


def test_the_first_year_before_cicte_is_refused_with_a_clear_message():
    response = signed_in(EditorFactory()).post(START, {"year": "1998"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "CICTE was established in 1999: use 1999 or later."
    ]
    assert years() == []
