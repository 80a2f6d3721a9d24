"""Time the largest events import the back office accepts (`make import-timing`).

Not a test: run it by hand after a change to the import (events/resources.py, cicte/admin/io.py).

1. Makes a fresh PostgreSQL database (IMPORT_DATABASE_URL, default `cicte_import` on 127.0.0.1),
   migrates it and loads the 2020 report; collects the static files, as production does.
2. Writes the largest file the import takes: IMPORT_MAX_ROWS new events of 2020 in a CSV just
   under IMPORT_MAX_BYTES (two programs, two date ranges and a long description each).
3. With production settings (DEBUG off), through Django's test client in this process, uploads
   it as an editor (the preview) and confirms it, then does both again (every row an update)
   as the editor and as a program officer of those programs (each row checked against the
   change form's rule), timing each request: its wall time, and the CPU time of this process
   and of its PostgreSQL backend (read from /proc), which a busy machine does not inflate.
4. Prints the times and exits 1 if a request took more than BAR_SECONDS (the bar in README
   "Security and operations"; gunicorn kills a worker after 30 s).

Only 127.0.0.1 is contacted.
"""

import csv
import io
import os
import re
import secrets
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cicte_import"
BAR_SECONDS = 10.0
HEADERS = ["title", "slug", "kind", "format", "status", "year", "programs", "secretariat_role"]
HEADERS += ["dates", "description"]


def fresh_database(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}"')
        server.execute(f'CREATE DATABASE "{name}"')


def largest_file(max_rows: int, max_bytes: int) -> bytes:
    def rows(description):
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(HEADERS)
        for number in range(max_rows):
            writer.writerow(
                [
                    f"Imported webinar {number}",
                    f"imported-webinar-{number}-2020",
                    "webinar",
                    "virtual",
                    "published",
                    "2020",
                    "cybersecurity, maritime-security",
                    "organiser",
                    "2020-03-02/2020-03-04; 2020-06",
                    description,
                ]
            )
        return out.getvalue().encode()

    spare = max_bytes - len(rows(""))
    return rows("x" * (spare // max_rows - 1))


def database_cpu_seconds(connection) -> float:
    """CPU time used so far by the PostgreSQL backend serving `connection` (a local server)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    os.environ.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "testserver",
            "DATABASE_URL": os.environ.get("IMPORT_DATABASE_URL", DEFAULT_DATABASE_URL),
            "SECURE_SSL_REDIRECT": "false",
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "cicte.settings",
        }
    )
    sys.path.insert(0, str(REPO))
    fresh_database(os.environ["DATABASE_URL"])

    import django

    django.setup()

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from cicte.admin.io import IMPORT_MAX_BYTES, IMPORT_MAX_ROWS
    from cicte.roles import PROGRAM_OFFICERS, SECRETARIAT_EDITORS
    from events.models import Event
    from programs.models import Program

    call_command("migrate", verbosity=0)
    call_command("loaddata", "report_2020", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # the admin's pages need it
    users = get_user_model().objects
    editor = users.create_user("editor", is_staff=True)
    editor.groups.add(Group.objects.get(name=SECRETARIAT_EDITORS))
    officer = users.create_user("officer", is_staff=True)
    officer.groups.add(Group.objects.get(name=PROGRAM_OFFICERS))
    officer.assigned_programs.set(
        Program.objects.filter(slug__in=["cybersecurity", "maritime-security"])
    )
    data = largest_file(IMPORT_MAX_ROWS, IMPORT_MAX_BYTES)
    print(f"{IMPORT_MAX_ROWS:,} rows, {len(data):,} bytes (limits {IMPORT_MAX_BYTES:,} bytes)")

    print(f"load average {os.getloadavg()[0]:.1f}; seconds: wall, CPU of the app + database")
    slow = []
    for user, rows_are in ((editor, "new"), (editor, "updates"), (officer, "updates")):
        client = Client()
        client.force_login(user)
        file = SimpleUploadedFile("events.csv", data, content_type="text/csv")
        times = [(time.perf_counter(), time.process_time(), database_cpu_seconds(connection))]
        preview = client.post(
            reverse("admin:events_event_import"),
            {"format": "0", "resource": "0", "import_file": file},
        )
        times.append((time.perf_counter(), time.process_time(), database_cpu_seconds(connection)))
        confirm = dict(re.findall(r'name="(\w+)" value="([^"]*)"', preview.content.decode()))
        response = client.post(reverse("admin:events_event_process_import"), confirm)
        times.append((time.perf_counter(), time.process_time(), database_cpu_seconds(connection)))
        if response.status_code != 302 or Event.objects.count() != 52 + IMPORT_MAX_ROWS:
            sys.exit(f"The import failed ({response.status_code}): {preview.content[:2000]!r}")
        for step, before, after in (("preview", *times[:2]), ("confirm", *times[1:])):
            wall, app, database = (end - start for start, end in zip(before, after, strict=True))
            print(
                f"{user.username:8} {rows_are:8} {step:8} {wall:6.2f}  "
                f"{app + database:5.2f} ({app:.2f} + {database:.2f})"
            )
            if wall > BAR_SECONDS:
                slow.append(f"{user.username} {rows_are} {step}")
    if slow:
        print(f"Over {BAR_SECONDS:.0f} s: {', '.join(slow)}")
        return 1
    print(f"Every request under {BAR_SECONDS:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
