import pytest
from django.contrib.auth.models import Group

from cicte.roles import PROGRAM_OFFICERS, SECRETARIAT_EDITORS, role_permissions

pytestmark = pytest.mark.django_db


def group_permissions(name):
    group = Group.objects.get(name=name)
    return sorted(group.permissions.values_list("content_type__app_label", "codename"))


@pytest.mark.parametrize("name", [SECRETARIAT_EDITORS, PROGRAM_OFFICERS])
def test_migrated_groups_hold_exactly_the_role_permissions(name):
    assert group_permissions(name) == sorted(role_permissions()[name])


def test_program_officers_delete_child_rows_but_no_record():
    deletes = [code for code in group_permissions(PROGRAM_OFFICERS) if code[1].startswith("delete")]

    assert deletes == [
        ("events", "delete_eventdate"),
        ("events", "delete_eventpartner"),
        ("programs", "delete_activitypartner"),
        ("publications", "delete_copublisher"),
        ("publications", "delete_edition"),
    ]
