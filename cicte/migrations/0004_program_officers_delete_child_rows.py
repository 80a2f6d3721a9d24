from django.db import migrations

PROGRAM_OFFICERS = "Program officers"
# Frozen copy of cicte.roles.PROGRAM_CHILD_MODELS as this migration grants it.
CHILD_ROWS = [
    ("programs", "activitypartner"),
    ("events", "eventdate"),
    ("events", "eventpartner"),
    ("publications", "copublisher"),
    ("publications", "edition"),
]


def delete_permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label=app_label, codename=f"delete_{model}")
        for app_label, model in CHILD_ROWS
    ]


def grant(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.get(name=PROGRAM_OFFICERS)
    group.permissions.add(*delete_permissions(apps))


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.get(name=PROGRAM_OFFICERS)
    group.permissions.remove(*delete_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("cicte", "0003_reportingyear_year_plain_message"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
