from django.conf import settings
from django.core.management.commands import loaddata


class Command(loaddata.Command):
    """Django's loaddata, without writing change history for what it loads.

    A fixture or a backup is a copy of records that already have their history (a backup carries
    it with it); simple-history would otherwise add an entry for every many-to-many it sets,
    so that loading the same file twice, or restoring a backup, would not leave the database
    as the file describes it.
    """

    def handle(self, *fixture_labels, **options):
        enabled = getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
        settings.SIMPLE_HISTORY_ENABLED = False
        try:
            return super().handle(*fixture_labels, **options)
        finally:
            settings.SIMPLE_HISTORY_ENABLED = enabled
