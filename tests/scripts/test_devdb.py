"""scripts/devdb.py: which database `make run` and `make test` use, and the embedded server's
life. These tests start embedded servers of their own and use no Django database."""

import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import psycopg
import pytest

from scripts import devdb

# The command run by devdb in the signal tests: prints the data folder and the server's
# process id (postmaster.pid's first line), then waits to be stopped.
REPORT_AND_WAIT = """
import os, time, urllib.parse
data = urllib.parse.parse_qs(urllib.parse.urlsplit(os.environ["DATABASE_URL"]).query)["host"][0]
with open(os.path.join(data, "postmaster.pid")) as pid:
    print(data, pid.readline().strip(), flush=True)
time.sleep(60)
"""


@pytest.fixture
def silent_address():
    """An address where nothing answers: a bound port that does not listen refuses."""
    with socket.socket() as bound:
        bound.bind(("127.0.0.1", 0))
        yield bound.getsockname()


@pytest.fixture
def refusing_address():
    """An address that answers and closes every connection at once, as a server that
    refuses does."""
    listening = socket.create_server(("127.0.0.1", 0))

    def refuse():
        while True:
            try:
                connection, _ = listening.accept()
            except OSError:  # closed: the test is over
                return
            connection.close()

    threading.Thread(target=refuse, daemon=True).start()
    yield listening.getsockname()
    listening.close()


def test_devdb_uses_the_variable_of_the_command_when_set(silent_address):
    url = "postgres://cicte:secret@db.example.org:5433/cicte"

    assert devdb.chosen_url("run", {"DATABASE_URL": url}, silent_address) == url
    assert devdb.chosen_url("test", {"TEST_DATABASE_URL": url}, silent_address) == url


def test_devdb_starts_the_embedded_server_when_nothing_answers(silent_address):
    # The other command's variable is not this one's.
    environ = {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/cicte"}

    assert devdb.chosen_url("test", environ, silent_address) is None
    assert devdb.chosen_url("run", {}, silent_address) is None


def test_devdb_names_the_variable_to_set_when_the_server_refuses(refusing_address):
    host, port = refusing_address

    with pytest.raises(SystemExit) as refused:
        devdb.chosen_url("test", {}, refusing_address)

    first, *_, last = str(refused.value.code).splitlines()
    assert first.startswith(
        f"devdb: the PostgreSQL server at {host}:{port} answers but cannot be used as user "
        "postgres for the database cicte: "
    )
    assert last == (
        "Set TEST_DATABASE_URL to a database URL it accepts, e.g. "
        f"postgres://user:password@{host}:{port}/cicte."
    )


def test_embedded_server_folds_case_has_unaccent_and_leaves_nothing_behind():
    with devdb.embedded_server("test") as url:
        data = Path(parse_qs(urlsplit(url).query)["host"][0])
        pid = int((data / "postmaster.pid").read_text().split()[0])
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("CREATE EXTENSION unaccent")
            folded = connection.execute("SELECT unaccent(lower('ÁVILA Ñandú'))").fetchone()

    assert folded == ("avila nandu",)
    assert not data.exists()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


@pytest.mark.parametrize(
    ("interrupt", "returncode"),
    [
        # Ctrl-C: the terminal signals every process of the job.
        (lambda process: os.killpg(process.pid, signal.SIGINT), 128 + signal.SIGINT),
        # make passes SIGTERM on to devdb alone, which passes it on to its command.
        (lambda process: process.send_signal(signal.SIGTERM), 128 + signal.SIGTERM),
    ],
    ids=["ctrl-c", "sigterm"],
)
def test_devdb_stops_its_server_when_the_command_is_interrupted(interrupt, returncode):
    command = [sys.executable, "-c", REPORT_AND_WAIT]
    with subprocess.Popen(
        [sys.executable, "scripts/devdb.py", "--embedded", "test", *command],
        cwd=devdb.ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,  # a job of its own, as a terminal gives it,
        # with Ctrl-C's default action, which a background job (`make test &`) would not pass on
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    ) as running:
        data, pid = running.stdout.readline().split()
        interrupt(running)

        assert running.wait(timeout=60) == returncode
    assert not Path(data).exists()
    with pytest.raises(ProcessLookupError):
        os.kill(int(pid), 0)
