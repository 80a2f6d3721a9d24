"""The deployment a real site uses: nginx (deploy/nginx) in front of gunicorn, both started
here on 127.0.0.1 with production settings against the test database.

What it shows: slow clients (partial headers, a partial body) that hold every gunicorn worker
when they reach it directly hold none behind nginx; a body past the limit is refused by nginx
with 413 before the app sees it; and every answer, whoever made it (Django, gunicorn, nginx),
carries the same security headers, once.

Needs Debian's nginx (`apt-get install nginx-light`; .ci/run installs it): skipped without it,
failed in CI. The package's default site is never used: nginx runs with its own prefix and
configuration in a temporary directory.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.browser.conftest import require_tool

# The test database must exist (gunicorn uses it); the tests themselves write nothing.
pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
WORKERS = 2
SECURITY_HEADERS = (
    "content-security-policy",
    "x-content-type-options",
    "x-frame-options",
    "referrer-policy",
    "cross-origin-opener-policy",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(port: int, process: subprocess.Popen, app_log: Path) -> None:
    """Until /healthz answers 200 on `port` (gunicorn's workers booted, the database there)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if get(port, "/healthz", timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    pytest.fail(f"127.0.0.1:{port}/healthz never answered 200; gunicorn: {app_log.read_text()}")


def request(port: int, raw: bytes, timeout: float = 5) -> tuple[int, dict, bytes]:
    """Send `raw` on a new connection: (status, {header: [values]}, body) of the answer. Read
    up to its Content-Length: a server refusing a body keeps the connection open a while to
    discard what the client still sends."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(raw)
        answer = b""
        while b"\r\n\r\n" not in answer and (chunk := sock.recv(65536)):
            answer += chunk
        head, _, body = answer.partition(b"\r\n\r\n")
        status_line, *lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in lines:
            name, _, value = line.partition(":")
            headers.setdefault(name.strip().lower(), []).append(value.strip())
        length = int(headers.get("content-length", ["0"])[0])
        while len(body) < length and (chunk := sock.recv(65536)):
            body += chunk
    return int(status_line.split()[1]), headers, body


def get(port: int, path: str, *, extra: str = "", timeout: float = 5):
    raw = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{extra}\r\n"
    return request(port, raw.encode(), timeout)


def slow_clients(port: int, count: int) -> list[socket.socket]:
    """`count` connections that never finish their request: half stop in the headers, half in
    a form's body announced at 5,000 bytes (with a CSRF cookie, so that Django reads the body
    to check the form's token; to /healthz, which plain http does not redirect to https)."""
    sockets = []
    for number in range(count):
        sock = socket.create_connection(("127.0.0.1", port))
        if number % 2:
            sock.sendall(
                b"POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Cookie: csrftoken=" + b"a" * 32 + b"\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n"
                b"Content-Length: 5000\r\n\r\nusername=a"
            )
        else:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        sockets.append(sock)
    return sockets


@pytest.fixture(scope="module")
def stack(django_db_setup, django_db_blocker):
    """(nginx port, gunicorn port, gunicorn's access log): gunicorn with WORKERS sync workers
    and production settings on the test database, nginx in front, until the module ends."""
    require_tool(Path(NGINX).exists(), "nginx is not installed: apt-get install nginx-light.")
    database = connection.settings_dict  # the test database's
    app_port, proxy_port = free_port(), free_port()
    with tempfile.TemporaryDirectory(prefix="cicte-proxy-") as prefix:
        os.chmod(prefix, 0o755)  # nginx's workers run as nobody when started by root
        shutil.copy(REPO / "deploy" / "nginx" / "nginx.conf", prefix)
        template = (REPO / "deploy" / "nginx" / "cicte.conf.template").read_text()
        Path(prefix, "cicte.conf").write_text(
            string.Template(template).safe_substitute(
                CICTE_LISTEN=f"127.0.0.1:{proxy_port}", CICTE_APP=f"127.0.0.1:{app_port}"
            )
        )
        access_log, app_log = Path(prefix, "gunicorn-access.log"), Path(prefix, "gunicorn.log")
        env = {
            **{k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}},
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": (
                f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
                f"{database['NAME']}"
            ),
            # As behind the proxy in production: every page redirects to https (the proxy says
            # it was asked over http: loopback has no TLS), /healthz excepted.
            "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO",
            "CLIENT_IP_HEADER": "HTTP_X_REAL_IP",
            "LOG_LEVEL": "WARNING",
        }
        with app_log.open("w") as log:
            app = subprocess.Popen(
                [
                    str(Path(sys.executable).parent / "gunicorn"),
                    "cicte.wsgi",
                    f"--bind=127.0.0.1:{app_port}",
                    f"--workers={WORKERS}",
                    f"--access-logfile={access_log}",
                ],
                cwd=REPO,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        proxy = subprocess.Popen(
            [NGINX, "-p", prefix, "-c", f"{prefix}/nginx.conf", "-e", "stderr"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        try:
            wait_until_healthy(app_port, app, app_log)
            wait_until_healthy(proxy_port, proxy, app_log)
            yield proxy_port, app_port, access_log
        finally:
            for process in (proxy, app):
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)


def test_slow_clients_hold_every_worker_of_gunicorn_alone_and_none_behind_nginx(stack):
    proxy_port, app_port, _log = stack

    direct = slow_clients(app_port, WORKERS)
    time.sleep(0.5)  # each worker has taken one and waits for the rest of its request
    with pytest.raises(TimeoutError):
        get(app_port, "/healthz", timeout=1)
    for sock in direct:
        sock.close()

    behind = slow_clients(proxy_port, 4 * WORKERS)
    time.sleep(0.5)
    started = time.monotonic()
    status, _headers, body = get(proxy_port, "/healthz")
    took = time.monotonic() - started
    for sock in behind:
        sock.close()

    assert (status, json.loads(body)["primary"]) == (200, "ok")
    assert took < 0.5


def test_nginx_refuses_a_large_body_before_the_app_reads_it(stack):
    proxy_port, _app_port, access_log = stack
    head = (
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: {length}\r\n\r\n"
    )

    started = time.monotonic()
    public = request(
        proxy_port,
        head.format(path="/en/events/", length=150 * 2**20).encode() + b"x" * 65536,
    )
    took = time.monotonic() - started
    admin = request(
        proxy_port, head.format(path="/admin/login/", length=11 * 2**20).encode() + b"x" * 1024
    )

    assert (public[0], admin[0]) == (413, 413)
    assert took < 1
    assert [
        line
        for line in access_log.read_text().splitlines()
        if "POST /en/" in line or "/admin/" in line
    ] == []


def parsed_csp(value: str) -> dict:
    return dict(directive.strip().split(" ", 1) for directive in value.split(";"))


def test_every_answer_carries_the_security_headers_once_whoever_made_it(stack):
    proxy_port, _app_port, _log = stack
    django = get(proxy_port, "/healthz")
    answers = {
        "Django's redirect": get(proxy_port, "/en/events/"),
        "Django's 400": get(proxy_port, "/healthz?q=%0A"),
        "nginx's 413": request(
            proxy_port,
            b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 99999999\r\n\r\n",
        ),
        "nginx's 400 (a header over 8 KB)": get(proxy_port, "/", extra=f"X-Big: {'b' * 9000}\r\n"),
        "gunicorn's 414 (a request line over 4 KB)": get(proxy_port, "/" + "a" * 6000),
        "gunicorn's 431 (over 100 headers)": get(
            proxy_port, "/", extra="".join(f"X-H{n}: {n}\r\n" for n in range(120))
        ),
    }

    assert django[0] == 200
    assert {name: answer[0] for name, answer in answers.items()} == {
        "Django's redirect": 301,
        "Django's 400": 400,
        "nginx's 413": 413,
        "nginx's 400 (a header over 8 KB)": 400,
        "gunicorn's 414 (a request line over 4 KB)": 414,
        "gunicorn's 431 (over 100 headers)": 431,
    }
    expected = {name: django[1][name] for name in SECURITY_HEADERS}
    assert all(len(values) == 1 for values in expected.values())
    for name, (_status, headers, _body) in answers.items():
        found = {header: headers.get(header) for header in SECURITY_HEADERS}
        csp = found.pop("content-security-policy")
        assert found == {k: v for k, v in expected.items() if k != "content-security-policy"}, name
        assert len(csp) == 1, name
        assert parsed_csp(csp[0]) == parsed_csp(expected["content-security-policy"][0]), name
