import pytest
from django.core.management import get_commands, load_command_class

PROJECT_APPS = {"cicte", "events", "partners", "programs", "publications", "reports"}
PROJECT_COMMANDS = sorted(name for name, app in get_commands().items() if app in PROJECT_APPS)


def test_project_commands_listed():
    assert PROJECT_COMMANDS == [
        "backup",
        "checkyear",
        "loaddata",
        "loadreport",
        "restore",
        "seed_synthetic",
        "startyear",
    ]


@pytest.mark.parametrize("name", PROJECT_COMMANDS)
def test_command_help_prints_its_description(name, capsys):
    command = load_command_class(get_commands()[name], name)

    command.print_help("manage.py", name)

    out = capsys.readouterr().out
    assert out.startswith(f"usage: manage.py {name} ")
    # The description, as argparse wraps it: its first words, whitespace folded.
    assert " ".join(str(command.help).split()[:4]) in " ".join(out.split())
