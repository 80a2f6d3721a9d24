from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy


class TranslatedCommand(BaseCommand):
    """A command whose `help` is translated (`gettext_lazy`): argparse wraps the description
    with a regular expression, which needs text, so the parser gets it as text in the active
    language. (Arguments' help texts may stay lazy: argparse only formats them with `%`.)"""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.description = str(self.help) if self.help else None
        return parser


class YearCommand(TranslatedCommand):
    """A command about one reporting year, its first argument (`year_help` says which), with
    on-off `switches` (each option and its help)."""

    year_help = gettext_lazy("The reporting year, e.g. 2021.")
    switches = {}

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help=self.year_help)
        for option, help_text in self.switches.items():
            parser.add_argument(option, action="store_true", help=help_text)
