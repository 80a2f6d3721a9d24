import datetime

import pytest
from django.urls import reverse
from django.utils import dateformat, timezone

from programs.models import Activity, Program
from tests.admin_forms import browser_post, change_url, changelist_rows, signed_in
from tests.factories.cicte import ReportingYearFactory
from tests.factories.partners import PartnerFactory
from tests.factories.programs import ActivityFactory, ProgramFactory, ProgramYearFactory
from tests.factories.users import EditorFactory, ProgramOfficerFactory

pytestmark = pytest.mark.django_db

PROGRAMS = reverse("admin:programs_program_changelist")
PROGRAM_YEARS = reverse("admin:programs_programyear_changelist")
ACTIVITIES = reverse("admin:programs_activity_changelist")
ADD_ACTIVITY = reverse("admin:programs_activity_add")


def activity_form(year, program, **fields):
    """The activity form's POST, with no partner rows."""
    return {
        "program": program.pk,
        "year": year.pk,
        "kind": "training",
        "title_en": "Training on cyber incident response",
        "slug": "training-on-cyber-incident-response",
        "description_en": "",
        "start_date": "2020-03-02",
        "end_date": "2020-03-06",
        "countries": ["GT", "HN"],
        "participants": "45",
        "countries_reached": "",
        "people_reached": "",
        "figures_note_en": "",
        "partner_roles-TOTAL_FORMS": "0",
        "partner_roles-INITIAL_FORMS": "0",
        "partner_roles-MIN_NUM_FORMS": "0",
        "partner_roles-MAX_NUM_FORMS": "1000",
        "_save": "Save",
        **fields,
    }


def test_program_changelist_shows_programs_and_officer_counts(client):
    border = ProgramFactory(name="Border security")
    maritime = ProgramFactory(name="Maritime security", parent=border)
    ProgramOfficerFactory(programs=[maritime])
    client.force_login(EditorFactory())

    response = client.get(PROGRAMS)

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [border, maritime]
    assert [program.officer_count for program in response.context["cl"].result_list] == [0, 1]
    assert '<td class="field-parent nowrap">Border security</td>' in response.content.decode()


@pytest.mark.parametrize("rows", [1, 50])
def test_program_changelist_queries_do_not_grow_with_rows(client, django_assert_num_queries, rows):
    parent = ProgramFactory(name="Cybersecurity", position=0)
    ProgramOfficerFactory(programs=[parent])
    for number in range(1, rows):
        ProgramFactory(name=f"Sub-program {number}", parent=parent, position=number)
    client.force_login(EditorFactory())

    # 9: the reporting-year filter lists the years (the year's checks link to it).
    with django_assert_num_queries(9):
        response = client.get(PROGRAMS)

    # Name, parent, position, program officers.
    assert changelist_rows(response) == [
        "Cybersecurity - 0 1",
        *(f"Sub-program {number} Cybersecurity {number} 0" for number in range(1, rows)),
    ]


def test_program_add_form_shows_every_field_to_an_editor(client):
    top = ProgramFactory(name="Border security")
    ProgramFactory(name="Maritime security", parent=top)
    client.force_login(EditorFactory())

    response = client.get(reverse("admin:programs_program_add"))

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert list(form.fields) == [
        *["name_en", "name_es", "name_fr", "name_pt", "slug", "parent", "position"],
        *["description_en", "description_es", "description_fr", "description_pt", "officers"],
    ]
    assert list(form.fields["parent"].queryset) == [top]
    assert [f.formset.prefix for f in response.context["inline_admin_formsets"]] == ["years"]


def test_program_admin_shows_own_parent_in_plain_words(client):
    program = ProgramFactory(name="Cybersecurity", slug="cybersecurity")
    client.force_login(EditorFactory())

    response = client.post(
        reverse("admin:programs_program_change", args=[program.pk]),
        {
            "name_en": "Cybersecurity",
            "slug": "cybersecurity",
            "parent": program.pk,
            "position": "0",
            "description_en": "",
            "years-TOTAL_FORMS": "0",
            "years-INITIAL_FORMS": "0",
            "years-MIN_NUM_FORMS": "0",
            "years-MAX_NUM_FORMS": "1000",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "__all__": ["A program cannot be its own parent program."]
    }
    assert Program.objects.get().parent is None


def test_program_year_changelist_shows_program_years_to_an_editor(client):
    entry = ProgramYearFactory(
        program=ProgramFactory(name="Cybersecurity"), year=ReportingYearFactory(year=2020)
    )
    client.force_login(EditorFactory())

    response = client.get(PROGRAM_YEARS)

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [entry]
    assert "Cybersecurity" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 50])
def test_program_year_changelist_queries_do_not_grow_with_rows(
    client, django_assert_num_queries, rows
):
    year = ReportingYearFactory(year=2020)
    names = [ProgramYearFactory(year=year).program.name for _ in range(rows)]
    client.force_login(EditorFactory())

    with django_assert_num_queries(9):
        response = client.get(PROGRAM_YEARS)

    assert sorted(changelist_rows(response)) == sorted(f"{name} 2020" for name in names)


def test_program_year_add_form_shows_every_field_to_an_editor(client):
    client.force_login(EditorFactory())

    response = client.get(reverse("admin:programs_programyear_add"))

    assert response.status_code == 200
    assert list(response.context["adminform"].form.fields) == [
        "program",
        "year",
        "narrative_en",
        "narrative_es",
        "narrative_fr",
        "narrative_pt",
        "funded",
    ]


def test_activity_changelist_shows_activities_to_an_editor(client):
    activity = ActivityFactory(
        title="Cyber incident response training", program=ProgramFactory(name="Cybersecurity")
    )
    client.force_login(EditorFactory())

    response = client.get(ACTIVITIES)

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [activity]
    content = response.content.decode()
    assert "Cyber incident response training" in content
    assert '<td class="field-program nowrap">Cybersecurity</td>' in content


@pytest.mark.parametrize("rows", [1, 50])
def test_activity_changelist_queries_do_not_grow_with_rows(client, django_assert_num_queries, rows):
    year, program = ReportingYearFactory(year=2020), ProgramFactory(name="Cybersecurity")
    days = [datetime.date(2020, 1, 1) + datetime.timedelta(day) for day in range(rows)]
    for number, day in enumerate(days):
        ActivityFactory(title=f"Training {number:02}", year=year, program=program, start_date=day)
    client.force_login(EditorFactory())

    # One of them reads the user's own programs, for the "My programs" filter.
    with django_assert_num_queries(12):
        response = client.get(ACTIVITIES)

    # Title, program, year, kind, start, participants, last changed (today: the factory).
    today = dateformat.format(timezone.localdate(), "N j, Y")
    assert sorted(changelist_rows(response)) == [
        f"Training {number:02} Cybersecurity 2020 Project {dateformat.format(day, 'N j, Y')} - "
        f"{today}"
        for number, day in enumerate(days)
    ]


def test_activity_add_form_shows_every_field_to_an_editor(client):
    client.force_login(EditorFactory())

    response = client.get(ADD_ACTIVITY)

    assert response.status_code == 200
    assert list(response.context["adminform"].form.fields) == [
        "program",
        "year",
        "kind",
        "title_en",
        "title_es",
        "title_fr",
        "title_pt",
        "slug",
        "description_en",
        "description_es",
        "description_fr",
        "description_pt",
        "start_date",
        "end_date",
        "countries",
        "participants",
        "countries_reached",
        "people_reached",
        "figures_note_en",
        "figures_note_es",
        "figures_note_fr",
        "figures_note_pt",
    ]
    assert [f.formset.prefix for f in response.context["inline_admin_formsets"]] == [
        "partner_roles"
    ]


def test_activity_added_through_admin_with_countries_and_a_partner(client):
    year, program, partner = ReportingYearFactory(year=2020), ProgramFactory(), PartnerFactory()
    client.force_login(EditorFactory())
    data = activity_form(
        year,
        program,
        **{
            "partner_roles-TOTAL_FORMS": "1",
            "partner_roles-0-partner": partner.pk,
            "partner_roles-0-role": "funder",
        },
    )

    response = client.post(ADD_ACTIVITY, data)

    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (activity.title, activity.program, activity.participants) == (
        "Training on cyber incident response",
        program,
        45,
    )
    assert [country.code for country in activity.countries] == ["GT", "HN"]
    assert [(p.partner, p.role) for p in activity.partner_roles.all()] == [(partner, "funder")]


def test_activity_admin_shows_end_before_start_in_plain_words(client):
    year, program = ReportingYearFactory(year=2020), ProgramFactory()
    client.force_login(EditorFactory())

    response = client.post(ADD_ACTIVITY, activity_form(year, program, end_date="2020-03-01"))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "__all__": ["The end date is before the start date."]
    }


def test_program_officer_changes_an_activity_of_their_program(client):
    mine = ProgramFactory()
    activity = ActivityFactory(program=mine, title="Old title")
    client.force_login(ProgramOfficerFactory(programs=[mine]))

    response = client.post(
        reverse("admin:programs_activity_change", args=[activity.pk]),
        activity_form(activity.year, mine, title_en="New title", slug=activity.slug),
    )

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "New title"


def test_program_officer_cannot_change_an_activity_of_another_program(client):
    mine, theirs = ProgramFactory(), ProgramFactory()
    activity = ActivityFactory(program=theirs, title="Their activity")
    client.force_login(ProgramOfficerFactory(programs=[mine]))

    response = client.post(
        reverse("admin:programs_activity_change", args=[activity.pk]),
        activity_form(activity.year, mine, title_en="Taken over", slug=activity.slug),
    )

    assert response.status_code == 403
    activity.refresh_from_db()
    assert (activity.title, activity.program) == ("Their activity", theirs)


def test_program_officer_cannot_add_an_activity_to_another_program(client):
    mine, theirs = ProgramFactory(), ProgramFactory()
    client.force_login(ProgramOfficerFactory(programs=[mine]))

    response = client.post(ADD_ACTIVITY, activity_form(ReportingYearFactory(), theirs))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "program": ["Select a valid choice. That choice is not one of the available choices."]
    }
    assert Activity.objects.count() == 0


def test_program_officer_without_a_program_cannot_add_activities(client):
    client.force_login(ProgramOfficerFactory())

    response = client.get(ADD_ACTIVITY)

    assert response.status_code == 403


def test_program_officer_sees_programs_read_only(client):
    program = ProgramFactory(name="Cybersecurity")
    client.force_login(ProgramOfficerFactory(programs=[program]))
    editors_form = signed_in(EditorFactory()).get(change_url(program))

    response = client.get(change_url(program))
    saved = client.post(change_url(program), browser_post(editors_form, name_en="Taken over"))

    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert saved.status_code == 403
    assert Program.objects.get(pk=program.pk).name == "Cybersecurity"


def test_activity_saved_as_new_keeps_its_fields_and_an_officer_only_into_their_program(client):
    mine, theirs = ProgramFactory(), ProgramFactory()
    activity = ActivityFactory(program=mine, slug="training", title="Training", participants=30)
    client.force_login(ProgramOfficerFactory(programs=[mine]))
    form = client.get(change_url(activity))
    assert 'name="_saveasnew"' in form.content.decode()

    refused = client.post(
        change_url(activity),
        browser_post(form, _saveasnew="Save as new", slug="training-2", program=theirs.pk),
    )
    response = client.post(
        change_url(activity), browser_post(form, _saveasnew="Save as new", slug="training-2")
    )

    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors == {
        "program": ["Select a valid choice. That choice is not one of the available choices."]
    }
    copy = Activity.objects.get(slug="training-2")
    assert response.status_code == 302
    assert response["Location"] == change_url(copy)
    assert (copy.program, copy.year, copy.title, copy.participants) == (
        mine,
        activity.year,
        "Training",
        30,
    )
