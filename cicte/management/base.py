from django.core.management.base import BaseCommand


class TranslatedCommand(BaseCommand):
    """A command whose `help` is translated (`gettext_lazy`): argparse wraps the description
    with a regular expression, which needs text, so the parser gets it as text in the active
    language. (Arguments' help texts may stay lazy: argparse only formats them with `%`.)"""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.description = str(self.help) if self.help else None
        return parser
