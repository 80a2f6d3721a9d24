"""Mutation testing of the rules that protect people and data (`make mutate`, README "Mutation
testing").

Not part of `make test`: mutmut changes one thing at a time in a module (a comparison, a
condition, a constant, a returned value) and runs the tests that cover the changed function;
a change that no test notices is a survivor. For each module below, in turn:

1. A work folder `build/mutate/<module>/` links the project's folders and holds a
   pyproject.toml of its own: the project's, plus the module's [tool.mutmut] (the module to
   mutate, the tests that cover it). mutmut copies the project into `mutants/` there and runs
   pytest in it. The results stay there: a second run goes on where the last one stopped and
   re-tests only what changed.
2. The tests run on PostgreSQL, in a database of their own (`<name>_mutants` beside the one of
   TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/cicte; pytest-django makes and
   keeps test_<name>), kept between mutants (--reuse-db). The transactional tests are left out:
   they empty the tables, the rows of the data migrations too (the staff groups), which later
   mutants' tests would then miss.
3. At most --max-children mutants at a time (default 1: each runs its tests on the same
   database; the machine's cores are shared).

Prints, per module, the mutants killed and the survivors with their diffs, then one line per
module and the total; exits 1 when a module kills less than --bar percent (default 85). A mutant
that timed out counts as killed (the tests noticed); one whose function no test runs ("no
tests") counts as a survivor.
"""

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / "build" / "mutate"
PYTHON = Path(sys.executable)
MUTMUT = PYTHON.parent / "mutmut"

# What the tests need of the project, linked into each work folder.
APPS = ["cicte", "events", "partners", "programs", "publications", "reports", "synthetic"]
# Copied into mutants/ beside the apps (the favicon of public/ is served by a test).
COPIED = ["manage.py", "templates", "fixtures", "locale", "static", "public"]
PROJECT = [*APPS, "tests", *COPIED]

# Tests that commit (transaction=True): left out, see the docstring.
TRANSACTIONAL = [
    "tests/cicte/test_page_cache.py::test_the_version_read_is_the_connections_health_check",
]

ADMIN_TESTS = [
    "tests/cicte/test_permissions.py",
    "tests/cicte/test_abuse_officer.py",
    "tests/cicte/test_recover.py",
    "tests/cicte/test_locking.py",
    "tests/cicte/test_admin.py",
    "tests/cicte/test_admin_inlines.py",
    "tests/events/test_admin.py",
    "tests/programs/test_admin.py",
    "tests/publications/test_admin.py",
    "tests/partners/test_admin.py",
    "tests/cicte/test_closed_years.py",
]

# Each module that protects people or data, and the tests that cover it.
MODULES = {
    # Who is served a shared, cached page.
    "cicte/page_cache.py": ["tests/cicte/test_page_cache.py"],
    # Spreadsheet cells neutralised in exports, read back on import.
    "cicte/exports.py": [
        "tests/cicte/test_exports.py",
        "tests/cicte/test_spreadsheet_cells.py",
        "tests/events/test_exports.py",
        "tests/reports/test_partner_exports.py",
        "tests/publications/test_exports.py",
    ],
    # The year's publishing rules: which years, and so which records, the public sees.
    "cicte/models.py": [
        "tests/cicte/test_models.py",
        "tests/events/test_models.py",
        "tests/reports/test_views.py",
    ],
    # Officer scoping on every admin door, recover and revert, optimistic locking.
    # The program filter and the read-only banner's words (test_admin_entry.py).
    "cicte/admin/scoping.py": [*ADMIN_TESTS, "tests/cicte/test_admin_entry.py"],
    "cicte/admin/recover.py": ADMIN_TESTS,
    # Also the "last changed" filter and the requests PostgreSQL cannot answer (a NUL, a
    # reverse relation as `_to_field`).
    "cicte/admin/base.py": [
        *ADMIN_TESTS,
        "tests/cicte/test_admin_entry.py",
        "tests/cicte/test_fuzz.py::test_admin_changelist_answers_a_nul_character_with_bad_request",
        "tests/cicte/test_fuzz.py::test_admin_changelist_refuses_a_reverse_relation_as_to_field",
        "tests/cicte/test_fuzz.py::test_admin_autocomplete_finds_nothing_for_a_nul_character",
    ],
    "cicte/admin/locking.py": ADMIN_TESTS,
    "cicte/admin/closed.py": ADMIN_TESTS,
    # Who sees drafts, who moves a year, who recovers and reverts.
    "cicte/roles.py": ["tests/cicte/test_roles.py", "tests/cicte/test_permissions.py"],
    # The events import's validation (its officer scoping, its closed years).
    "events/resources.py": [
        "tests/events/test_import.py",
        "tests/events/test_import_columns.py",
        "tests/cicte/test_abuse_officer.py",
        "tests/cicte/test_closed_years.py",
    ],
    # The cells and columns of every import (row numbers, valid values, languages, partners).
    "cicte/resources.py": ["tests/events/test_import.py", "tests/events/test_import_columns.py"],
    "events/cells.py": ["tests/events/test_import.py", "tests/events/test_import_columns.py"],
    # A report fixture's validation before anything is written.
    "reports/services.py": [
        "tests/reports/test_loadreport.py",
        "tests/reports/test_startyear.py",
        "tests/cicte/test_admin_startyear.py",
    ],
    # The year's steps: who takes them, and publishing only past the checks or with a reason.
    "reports/workflow.py": ["tests/cicte/test_workflow.py"],
}

# The settings variables the tests refuse to inherit (tests/conftest.py, INHERITED_SETTINGS).
sys.path.insert(0, str(REPO))
from tests.conftest import INHERITED_SETTINGS  # noqa: E402


def database_url() -> str:
    """TEST_DATABASE_URL's server, with a database of the mutation runs' own."""
    base = os.environ.get("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cicte")
    parts = urllib.parse.urlsplit(base)
    return parts._replace(path=f"{parts.path.rstrip('/')}_mutants").geturl()


def toml_list(items) -> str:
    return "[" + ", ".join(json.dumps(str(item)) for item in items) + "]"


def prepare(module: str, tests: list[str]) -> Path:
    """The module's work folder: the project linked, the module's mutmut configuration."""
    folder = WORK / module.replace("/", ".").removesuffix(".py")
    folder.mkdir(parents=True, exist_ok=True)
    for name in PROJECT:
        link = folder / name
        if not link.is_symlink():
            link.symlink_to(REPO / name)
    pytest_args = ["--reuse-db", "-p", "no:cacheprovider"]
    pytest_args += [arg for test in TRANSACTIONAL for arg in ("--deselect", test)]
    configuration = (
        "\n[tool.mutmut]\n"
        f"source_paths = {toml_list(APPS)}\n"
        f"only_mutate = {toml_list([module])}\n"
        f"also_copy = {toml_list(COPIED)}\n"
        f"pytest_add_cli_args = {toml_list(pytest_args)}\n"
        f"pytest_add_cli_args_test_selection = {toml_list(tests)}\n"
    )
    pyproject = (REPO / "pyproject.toml").read_text() + configuration
    target = folder / "pyproject.toml"
    if not target.exists() or target.read_text() != pyproject:
        target.write_text(pyproject)
    return folder


def environment() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in INHERITED_SETTINGS}
    return {**env, "DEBUG": "true", "DATABASE_URL": database_url(), "PYTHONDONTWRITEBYTECODE": "1"}


def results(folder: Path, module: str) -> dict[str, str]:
    """{mutant name: status} as mutmut left them."""
    from mutmut.stats import status_by_exit_code

    meta = folder / "mutants" / f"{module}.meta"
    if not meta.exists():
        return {}
    codes = json.loads(meta.read_text())["exit_code_by_key"]
    return {name: status_by_exit_code[code] for name, code in sorted(codes.items())}


def run(module: str, tests: list[str], max_children: int) -> tuple[dict[str, str], float]:
    folder = prepare(module, tests)
    started = time.monotonic()
    # The survivors of a previous run first, against today's tests (mutmut keeps a result
    # until the mutated function changes); then the mutants not tested yet.
    earlier = [
        name
        for name, status in results(folder, module).items()
        if not killed(status) and status != "not checked"
    ]
    for names in ([earlier] if earlier else []) + [[]]:
        subprocess.run(
            [str(MUTMUT), "run", "--max-children", str(max_children), *names],
            cwd=folder,
            env=environment(),
            check=True,
        )
    elapsed = time.monotonic() - started
    statuses = results(folder, module)
    survivors = [name for name, status in statuses.items() if not killed(status)]
    print(f"\n== {module}: survivors ({len(survivors)})")
    for name in survivors:
        shown = subprocess.run(
            [str(MUTMUT), "show", name],
            cwd=folder,
            env=environment(),
            capture_output=True,
            text=True,
            check=False,
        )
        print(f"-- {name} ({statuses[name]})\n{shown.stdout.strip()}\n")
    return statuses, elapsed


def killed(status: str) -> bool:
    return status in {"killed", "timeout"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help=f"default: all of {', '.join(MODULES)}")
    parser.add_argument("--max-children", type=int, default=1)
    parser.add_argument("--bar", type=float, default=85.0, help="percent killed, per module")
    arguments = parser.parse_args()
    unknown = set(arguments.modules) - set(MODULES)
    if unknown:
        parser.error(f"not a module of the mutation run: {', '.join(sorted(unknown))}")

    lines, below_bar = [], False
    for module in arguments.modules or MODULES:
        statuses, elapsed = run(module, MODULES[module], arguments.max_children)
        total = len(statuses)
        dead = sum(killed(status) for status in statuses.values())
        score = 100 * dead / total if total else 100.0
        below_bar |= score < arguments.bar
        lines.append(
            f"{module:28} {total:5} mutants {dead:5} killed {total - dead:4} survived "
            f"{score:6.1f} % killed  {elapsed / 60:5.1f} min"
        )
    print("\n".join(["", 'Mutation testing (README "Mutation testing")', *lines]))
    return 1 if below_bar else 0


if __name__ == "__main__":
    sys.exit(main())
