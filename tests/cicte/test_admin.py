import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from cicte.admin.refusals import refusal_message
from cicte.models import EditorialNote, ReportingYear
from partners.models import PartnerYear
from tests.admin_forms import browser_post, change_url, changelist_rows, signed_in
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

    # Year, title, status, chair, vice chair, approved on; the latest year first.
    assert changelist_rows(response) == [
        f"{year} Annual Report {year} Published - - Oct. 8, 2021"
        for year in range(1999 + rows - 1, 1998, -1)
    ]


def test_reporting_year_add_form_shows_every_field_to_an_editor(client):
    client.force_login(EditorFactory())

    response = client.get(ADD)

    assert response.status_code == 200
    # The year's own texts in each language, side by side.
    assert list(response.context["adminform"].form.fields) == [
        "year",
        *["title_en", "title_es", "title_fr", "title_pt"],
        "status",
        *[f"general_assembly_session_{code}" for code in ["en", "es", "fr", "pt"]],
        "approved_on",
        *["approved_at_en", "approved_at_es", "approved_at_fr", "approved_at_pt"],
        "chair",
        "vice_chair",
        "elected_chair",
        "elected_vice_chair",
        "elected_period",
        *["introduction_en", "introduction_es", "introduction_fr", "introduction_pt"],
    ]
    inlines = response.context["inline_admin_formsets"]
    assert [list(inline.formset.form.base_fields) for inline in inlines] == [
        ["part", "position", "heading_en", "heading_es", "heading_fr", "heading_pt", "text_en",
         "text_es", "text_fr", "text_pt"],
        ["part", "position", "text_en", "text_es", "text_fr", "text_pt"],
    ]  # fmt: skip
    assert 'class="country-search"' in response.content.decode()


def test_reporting_year_admin_shows_a_year_before_cicte_in_plain_words(client):
    client.force_login(EditorFactory())

    response = client.post(
        ADD, browser_post(client.get(ADD), year="1998", title_en="Too early", status="draft")
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "__all__": ["CICTE was established in 1999: use 1999 or later."]
    }
    assert ReportingYear.objects.count() == 0


def test_program_officer_sees_reporting_years_read_only(client):
    year = ReportingYearFactory(year=2020, title="Annual Report 2020")
    client.force_login(ProgramOfficerFactory())
    editors_form = signed_in(EditorFactory()).get(change_url(year))

    change = client.get(change_url(year))
    add = client.get(ADD)
    saved = client.post(change_url(year), browser_post(editors_form, title_en="Taken over"))

    assert change.status_code == 200
    assert change.context["has_change_permission"] is False
    assert add.status_code == 403
    assert saved.status_code == 403
    assert ReportingYear.objects.get(pk=year.pk).title == "Annual Report 2020"


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


def test_editor_adds_an_editorial_note_in_two_languages_recorded_in_history(client):
    year = ReportingYearFactory(year=2020)
    editor = EditorFactory()
    client.force_login(editor)
    form = client.get(change_url(year))

    response = client.post(
        change_url(year),
        browser_post(
            form,
            **{
                "editorial_notes-TOTAL_FORMS": "1",
                "editorial_notes-0-part": "annex-4",
                "editorial_notes-0-position": "1",
                "editorial_notes-0-text_en": "The printed annex stars 13 contributors.",
                "editorial_notes-0-text_es": "El anexo impreso marca 13 contribuyentes.",
            },
        ),
    )

    assert response.status_code == 302
    note = EditorialNote.objects.get(year=year)
    assert (note.part, note.text_en, note.text_es) == (
        "annex-4",
        "The printed annex stars 13 contributors.",
        "El anexo impreso marca 13 contribuyentes.",
    )
    assert [(h.history_type, h.history_user, h.text_es) for h in note.history.all()] == [
        ("+", editor, "El anexo impreso marca 13 contribuyentes.")
    ]


def test_refusal_message_without_a_named_constraint_says_so_in_plain_words():
    refusals = [IntegrityError("no cause"), IntegrityError("a cause without a constraint")]
    refusals[1].__cause__ = ValueError("not from the database")

    assert {refusal_message(error) for error in refusals} == {
        "The database refused this change because it conflicts with another record. "
        "Nothing was saved: check the values and save again."
    }


@pytest.mark.parametrize(
    ("to_field", "status"), [("id", 200), ("+", 400), ("no_such_field", 400), ("title", 400)]
)
def test_admin_list_takes_only_a_field_that_forms_refer_to(client, to_field, status):
    """`?_to_field=` names the field a related form's pop-up refers to: the key, never a
    reverse relation (simple-history's "+"), a missing field or any other column."""
    client.force_login(EditorFactory())

    response = client.get(reverse("admin:events_event_changelist"), {"_to_field": to_field})

    assert response.status_code == status
