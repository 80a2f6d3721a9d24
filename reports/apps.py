from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """The top layer: the public pages that gather several apps (home, a program's and a
    partner's page, the report and its annexes, documents, feeds, sitemaps) and the report's
    commands (README "Layers")."""

    name = "reports"

    def ready(self):
        from reports import report_checks

        report_checks.register_filters()
