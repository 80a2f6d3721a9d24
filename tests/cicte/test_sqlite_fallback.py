"""`make run` without DATABASE_URL uses SQLite: migrations and the 2020 report must work there."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, database):
    env = {**os.environ, "DEBUG": "true", "DATABASE_URL": f"sqlite:///{database}"}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_sqlite_fallback_migrates_and_loads_the_2020_report(tmp_path):
    database = tmp_path / "db.sqlite3"

    migrated = manage("migrate", "--noinput", database=database)
    loaded = manage("loadreport", "2020", "--if-empty", database=database)

    assert migrated.returncode == 0, migrated.stderr[-2000:]
    assert loaded.returncode == 0, loaded.stderr[-2000:]
    assert loaded.stdout.strip() == (
        "Loaded 436 objects from report_2020.json: 436 added, 0 changed, 0 unchanged."
    )
