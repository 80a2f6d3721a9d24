"""The two staff roles, as groups. The data migration and the tests share these definitions."""

SECRETARIAT_EDITORS = "Secretariat editors"
PROGRAM_OFFICERS = "Program officers"

# Models of the report. Editors may do everything with them.
REPORT_MODELS = {
    "cicte": ["reportingyear", "reporttext", "editorialnote"],
    "partners": ["partner", "partneryear"],
    "programs": ["program", "programyear", "programpartner", "activity", "activitypartner"],
    "events": ["event", "eventdate", "eventpartner"],
    "publications": ["publication", "copublisher", "edition"],
}

# Program officers add and change these, for their own programs only (see cicte.admin.scoping);
# everything else they may only view.
PROGRAM_CONTENT_MODELS = {
    "programs": ["activity", "activitypartner"],
    "events": ["event", "eventdate", "eventpartner"],
    "publications": ["publication", "copublisher", "edition"],
}

# ...and delete these rows of those records (a wrong date range, a partner listed by mistake).
# The records themselves only editors delete, and only editors can recover them.
PROGRAM_CHILD_MODELS = {
    "programs": ["activitypartner"],
    "events": ["eventdate", "eventpartner"],
    "publications": ["copublisher", "edition"],
}


def role_permissions():
    """{group name: [(app_label, codename), …]}."""
    editors, officers = [], []
    for app_label, models in REPORT_MODELS.items():
        for model in models:
            for action in ("add", "change", "delete", "view"):
                editors.append((app_label, f"{action}_{model}"))
            officers.append((app_label, f"view_{model}"))
            if model in PROGRAM_CONTENT_MODELS.get(app_label, []):
                officers += [(app_label, f"add_{model}"), (app_label, f"change_{model}")]
            if model in PROGRAM_CHILD_MODELS.get(app_label, []):
                officers.append((app_label, f"delete_{model}"))
    editors.append(("programs", "edit_all_programs"))
    return {SECRETARIAT_EDITORS: editors, PROGRAM_OFFICERS: officers}
