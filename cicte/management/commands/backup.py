from datetime import datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

# Rebuilt by `migrate` on any database, or worthless after a restore (the data version is
# bumped by the restore itself; the stored documents are built again from the data). Primary
# keys are kept (no natural_primary) so that history rows still point at their records after a
# restore.
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "axes",
    "cicte.dataversion",
    "cicte.storeddocument",
]


def backed_up_models():
    """The models whose rows a backup holds."""
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in EXCLUDED and model._meta.label_lower not in EXCLUDED
    ]


class Command(BaseCommand):
    help = (
        "Write the whole database (report data, staff accounts, history) to a compressed JSON "
        "dump that `manage.py restore FILE` restores into a freshly migrated, empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="Where to write (default: backups/…).")

    def handle(self, *args, output, **options):
        if output is None:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            output = settings.BASE_DIR / "backups" / f"cicte-{stamp}.json.gz"
        output.parent.mkdir(parents=True, exist_ok=True)
        call_command(
            "dumpdata",
            natural_foreign=True,
            exclude=EXCLUDED,
            indent=1,
            output=str(output),
            verbosity=0,
        )
        self.stdout.write(str(output))
