"""`manage.py restore FILE`: a backup (`manage.py backup`) into a freshly migrated, empty database.

A backup keeps primary keys, so loading it next to other rows would silently replace the rows
that share a key (a local account by the backup's). It refuses a database that holds any staff
account, report record or history row, and names what it found.
"""

from django.contrib.auth.models import Group

from cicte.management.commands import loaddata
from cicte.management.commands.backup import backed_up_models

# Rows that `migrate` itself creates (the staff groups, cicte migration 0002); the backup
# holds them too, with the same keys.
MADE_BY_MIGRATIONS = [Group]


class Command(loaddata.Command):
    help = (
        "Restore a backup (backups/cicte-….json.gz) into a freshly migrated database that holds "
        "no staff account, report record or history row."
    )

    loadable_labels = None
    refusal = (
        "The database is not empty (%(held)s): a backup is restored only into a freshly migrated "
        "database (create a new one and point DATABASE_URL at it). Nothing was restored."
    )

    def must_be_empty_of(self):
        return [model for model in backed_up_models() if model not in MADE_BY_MIGRATIONS]
