import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from programs.models import Activity, ActivityPartner, Program, ProgramYear
from tests.factories.cicte import ReportingYearFactory
from tests.factories.programs import (
    ActivityFactory,
    ActivityPartnerFactory,
    ProgramFactory,
    ProgramYearFactory,
)

pytestmark = pytest.mark.django_db


def test_database_refuses_a_program_that_is_its_own_parent():
    program = ProgramFactory()

    with pytest.raises(IntegrityError, match="program_not_own_parent"):
        Program.objects.filter(pk=program.pk).update(parent=program)


def test_program_validation_rejects_being_its_own_parent_in_plain_words():
    program = ProgramFactory()
    program.parent = program

    with pytest.raises(ValidationError) as excinfo:
        program.full_clean()

    assert excinfo.value.message_dict == {
        "__all__": ["A program cannot be its own parent program."]
    }


def test_database_refuses_a_second_program_year_for_the_same_year():
    existing = ProgramYearFactory()

    with pytest.raises(IntegrityError, match="programyear_one_per_year"):
        ProgramYear.objects.create(program=existing.program, year=existing.year)


def test_program_year_validation_rejects_a_second_one_for_the_same_year():
    existing = ProgramYearFactory()

    with pytest.raises(ValidationError) as excinfo:
        ProgramYear(program=existing.program, year=existing.year).full_clean()

    assert excinfo.value.message_dict == {
        "__all__": ["Program year with this Program and Year already exists."]
    }


def test_database_refuses_an_activity_ending_before_it_starts():
    with pytest.raises(IntegrityError, match="activity_end_not_before_start"):
        ActivityFactory(start_date=datetime.date(2020, 3, 2), end_date=datetime.date(2020, 3, 1))


def test_activity_validation_rejects_ending_before_it_starts_in_plain_words():
    activity = ActivityFactory.build(
        program=ProgramFactory(),
        year=ReportingYearFactory(),
        start_date=datetime.date(2020, 3, 2),
        end_date=datetime.date(2020, 3, 1),
    )

    with pytest.raises(ValidationError) as excinfo:
        activity.full_clean()

    assert excinfo.value.message_dict == {"__all__": ["The end date is before the start date."]}


def test_database_refuses_the_same_partner_role_twice_in_an_activity():
    existing = ActivityPartnerFactory()

    with pytest.raises(IntegrityError, match="activitypartner_unique_role"):
        ActivityPartner.objects.create(
            activity=existing.activity, partner=existing.partner, role=existing.role
        )


def test_activity_partner_validation_rejects_the_same_role_twice():
    existing = ActivityPartnerFactory()
    duplicate = ActivityPartner(
        activity=existing.activity, partner=existing.partner, role=existing.role
    )

    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()

    assert excinfo.value.message_dict == {
        "__all__": ["Activity partner with this Activity, Partner and Role already exists."]
    }


def test_activity_partner_validation_accepts_another_role_of_the_same_partner():
    existing = ActivityPartnerFactory(role="implementer")
    funder = ActivityPartner(activity=existing.activity, partner=existing.partner, role="funder")

    funder.full_clean()
    funder.save()

    assert list(Activity.objects.get().partner_roles.values_list("role", flat=True)) == [
        "funder",
        "implementer",
    ]
