"""What the scripts that load a production-like server share (`make load`, `make abuse`,
`make bench`): its settings, its database, gunicorn started on a free port of 127.0.0.1 and
stopped again, with the server errors of its log and its workers' memory, and wrk driving it.

Production settings: DEBUG off, a fresh random SECRET_KEY, static files collected and served by
WhiteNoise. SECURE_SSL_REDIRECT is off only because loopback has no TLS: with it on, every
request would be a redirect to https; HSTS and secure cookies stay as in production.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def production_env(database_url: str) -> dict:
    """The environment of manage.py and gunicorn: production settings on `database_url`."""
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log(message: str) -> None:
    """Progress, on stderr: stdout is the script's report."""
    print(message, file=sys.stderr, flush=True)


def server_url(url: str) -> str:
    """The maintenance database of the server of `url`, to create or drop a database from."""
    return urlsplit(url)._replace(path="/postgres").geturl()


def create_database(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(server_url(url), autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(server_url(url), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env: dict, *args: str) -> str:
    """`manage.py args` with `env`; its output. Exits with manage.py's output if it fails."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        check=False,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def prepare_report_2020(env: dict) -> None:
    """The database of `env`: created, migrated, the 2020 report loaded if it is empty, and
    the static files collected."""
    url = env["DATABASE_URL"]
    print(f"Preparing {urlsplit(url).path.lstrip('/')}: migrate, load 2020, static files")
    create_database(url)
    manage(env, "migrate", "--noinput")
    manage(env, "loadreport", "2020", "--if-empty")
    manage(env, "collectstatic", "--noinput")


def wait_until_up(base: str, server: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("gunicorn stopped while starting; see its log above.")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"gunicorn did not answer {base}/healthz within {seconds:.0f} s.")


@contextmanager
def gunicorn(env: dict, *, workers: int, log_path: Path) -> Iterator[tuple[str, int]]:
    """gunicorn serving the site with `workers` sync workers on a free port, its output in
    `log_path`: (its base URL, its master's pid) once it answers; stopped on leaving."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "cicte.wsgi",
                f"--bind=127.0.0.1:{port}",
                f"--workers={workers}",
                "--timeout=60",
            ],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_until_up(base, server)
        yield base, server.pid
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def server_errors(log_path: Path) -> list[str]:
    """The lines of gunicorn's log that report a 500."""
    return [line for line in log_path.read_text().splitlines() if "Internal Server Error" in line]


def worker_memory_mb(master_pid: int) -> list[float]:
    """The resident memory of each worker of the gunicorn master `master_pid`, in MB."""
    output = subprocess.run(
        ["ps", "-o", "rss=", "--ppid", str(master_pid)], capture_output=True, text=True
    ).stdout
    return [int(line) / 1024 for line in output.split()]


# -- wrk ---------------------------------------------------------------------------------------


@dataclass
class Figures:
    """One wrk run's requests per second, latency percentiles (ms) and errors (any answer but
    2xx/3xx, socket errors, timeouts)."""

    requests_per_second: float
    p50: float
    p95: float
    p99: float
    errors: int
    extra: dict = field(default_factory=dict)


def ensure_wrk() -> str:
    """wrk's path; Debian's installed first when it is missing and this runs as root."""
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    if os.geteuid() != 0:
        sys.exit("wrk is not installed: apt-get install -y wrk")
    log("Installing Debian's wrk")
    subprocess.run(["apt-get", "update", "-q"], check=True, capture_output=True)
    subprocess.run(
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", "wrk"],
        check=True,
        capture_output=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )
    return shutil.which("wrk") or sys.exit("wrk did not install")


def run_wrk(wrk: str, base: str, path: str, *, connections: int, seconds: int, scratch: Path):
    """Figures of wrk asking `base` for `path` from `connections` connections for `seconds`
    (scripts/load_public.lua, its paths file written in the directory `scratch`)."""
    paths_file = scratch / "path.txt"
    paths_file.write_text(path + "\n")
    result = subprocess.run(
        [
            wrk,
            "--threads=2",
            f"--connections={connections}",
            f"--duration={seconds}s",
            "--timeout=10s",
            "--script",
            str(REPO / "scripts" / "load_public.lua"),
            base + path,
        ],
        env={**os.environ, "LOAD_PATHS_FILE": str(paths_file)},
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    )
    data = json.loads(result.stdout.strip().splitlines()[-1])
    errors = data["non_2xx_3xx"] + sum(
        data[name] for name in ("connect_errors", "read_errors", "write_errors", "timeouts")
    )
    return Figures(
        requests_per_second=data["requests"] / (data["duration_us"] / 1_000_000),
        p50=data["p50_ms"],
        p95=data["p95_ms"],
        p99=data["p99_ms"],
        errors=errors,
    )
