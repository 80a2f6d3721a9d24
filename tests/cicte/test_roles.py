import pytest
from django.contrib.auth.models import Group, Permission

from cicte.roles import (
    PROGRAM_OFFICERS,
    SECRETARIAT_EDITORS,
    moves_years,
    role_permissions,
    sees_drafts,
)
from tests.factories.users import StaffUserFactory

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


def user_with(*, active=True, staff=True, perms=()):
    user = StaffUserFactory(is_active=active, is_staff=staff)
    for codename in perms:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return type(user).objects.get(pk=user.pk)  # permissions are cached per instance


@pytest.mark.parametrize(
    ("active", "staff", "perms", "expected"),
    [
        (True, True, ["view_reportingyear"], True),
        (False, True, ["view_reportingyear"], False),
        (True, False, ["view_reportingyear"], False),
        (True, True, [], False),
    ],
)
def test_drafts_are_seen_by_active_staff_who_may_view_years_only(active, staff, perms, expected):
    assert sees_drafts(user_with(active=active, staff=staff, perms=perms)) is expected


@pytest.mark.parametrize(
    ("active", "perms", "expected"),
    [
        (True, ["change_reportingyear"], True),
        (False, ["change_reportingyear"], False),
        (True, ["view_reportingyear"], False),
    ],
)
def test_years_are_moved_by_active_users_who_may_change_years_only(active, perms, expected):
    assert moves_years(user_with(active=active, perms=perms)) is expected
