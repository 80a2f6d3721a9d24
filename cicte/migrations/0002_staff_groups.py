from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen copy of cicte.roles as this migration grants it: later migrations grant what the roles
# gained since (0004: officers delete child rows; 0008: the models it adds).
REPORT_MODELS = {
    "cicte": ["reportingyear"],
    "partners": ["partner", "partneryear"],
    "programs": ["program", "programyear", "activity", "activitypartner"],
    "events": ["event", "eventdate", "eventpartner"],
    "publications": ["publication", "copublisher", "edition"],
}
PROGRAM_CONTENT_MODELS = {
    "programs": ["activity", "activitypartner"],
    "events": ["event", "eventdate", "eventpartner"],
    "publications": ["publication", "copublisher", "edition"],
}


def role_permissions():
    editors, officers = [], []
    for app_label, models in REPORT_MODELS.items():
        for model in models:
            for action in ("add", "change", "delete", "view"):
                editors.append((app_label, f"{action}_{model}"))
            officers.append((app_label, f"view_{model}"))
            if model in PROGRAM_CONTENT_MODELS.get(app_label, []):
                officers += [(app_label, f"add_{model}"), (app_label, f"change_{model}")]
    editors.append(("programs", "edit_all_programs"))
    return {"Secretariat editors": editors, "Program officers": officers}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so the groups can
    # hold them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in codes:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=role_permissions()).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cicte", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("partners", "0001_initial"),
        ("programs", "0001_initial"),
        ("events", "0001_initial"),
        ("publications", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
