"""A Redis that is down or hung is a slower site, not a broken one (cicte.redis_cache)."""

import shutil
import socket
import subprocess
import threading
import time

import pytest
import redis
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from cicte.redis_cache import FailOpenRedisCache
from tests.browser.conftest import require_tool
from tests.factories.cicte import ReportingYearFactory
from tests.factories.events import EventDateFactory, EventFactory
from tests.factories.programs import ProgramFactory
from tests.factories.users import StaffUserFactory

pytestmark = pytest.mark.django_db

LOGGER = "cicte.redis_cache"
PASSWORD = "a long enough passphrase"


def redis_at(settings, url: str, timeout: float = 0.5) -> None:
    """The page cache on and the sessions' cache layer in the Redis at `url`, as REDIS_URL
    sets them."""
    settings.PAGE_CACHE_SECONDS = 600
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.CACHES = {
        "default": {
            "BACKEND": "cicte.redis_cache.FailOpenRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "cicte-test",
            "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
        }
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def site():
    """A public year with an event, and the addresses of its kinds of public page."""
    year = ReportingYearFactory(year=2020)
    program = ProgramFactory()
    event = EventFactory(title="Regional webinar", year=year, programs=[program])
    EventDateFactory(event=event)
    return [
        reverse("home"),
        reverse("events:list"),
        event.get_absolute_url(),
        program.get_absolute_url(),
        reverse("reports:list"),
    ]


def warnings_of(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == LOGGER]


def test_dead_redis_pages_sign_in_and_admin_answer_and_the_outage_is_logged_once(
    settings, site, caplog, monkeypatch
):
    redis_at(settings, "redis://127.0.0.1:1/0")  # nothing listens on port 1: refused
    monkeypatch.setattr(FailOpenRedisCache, "RETRY_SECONDS", 0)  # ask Redis at every call
    editor = StaffUserFactory(username="editor")
    editor.set_password(PASSWORD)
    editor.save()
    client = Client()

    public = [client.get(url).status_code for url in site * 2]
    sign_in = client.post(
        reverse("admin:login"), {"username": "editor", "password": PASSWORD, "next": "/admin/"}
    )
    admin = client.get("/admin/")
    signed_in_page = client.get(site[1])  # the session read from the database

    assert public == [200] * len(site) * 2
    assert (sign_in.status_code, sign_in["Location"]) == (302, "/admin/")
    assert admin.status_code == 200
    assert admin.context["user"] == editor
    assert signed_in_page.status_code == 200
    assert signed_in_page.context["user"] == editor
    assert len(warnings_of(caplog)) == 1
    assert warnings_of(caplog)[0].startswith("Redis does not answer (Error 111 connecting to ")


class HungRedis:
    """A server on loopback that accepts connections and never answers, counting them."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted = []
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                self.accepted.append(self.listener.accept()[0])
            except OSError:
                return  # closed

    def close(self):
        self.listener.close()
        for connection in self.accepted:
            connection.close()


def test_hung_redis_costs_one_timeout_per_retry_interval_not_one_per_request(settings, site):
    hung = HungRedis()
    redis_at(settings, f"redis://127.0.0.1:{hung.port}/0", timeout=0.3)
    client = Client()
    try:
        first = [client.get(url).status_code for url in site]
        connections_first = len(hung.accepted)
        caches["default"].retry_at = 0.0  # as if RETRY_SECONDS had passed
        again = client.get(site[0]).status_code
        connections_again = len(hung.accepted)
    finally:
        hung.close()

    assert first == [200] * len(site)
    assert connections_first == 1  # one timeout, then Redis is not asked
    assert (again, connections_again) == (200, 2)


@pytest.fixture
def redis_server():
    """Start and stop a throwaway Redis server on a free loopback port (`start`, `stop`)."""
    binary = shutil.which("redis-server")
    require_tool(binary is not None, "redis-server is not installed (apt-get install redis).")
    port = free_port()
    processes = []

    class Server:
        url = f"redis://127.0.0.1:{port}/0"

        def start(self):
            processes.append(
                subprocess.Popen(
                    [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
                    stdout=subprocess.DEVNULL,
                )
            )
            for _ in range(100):
                try:
                    redis.Redis(port=port).ping()
                    return
                except redis.ConnectionError:
                    time.sleep(0.02)
            pytest.fail("redis-server did not start")

        def stop(self):
            processes[-1].terminate()
            processes[-1].wait()

    yield Server()
    for process in processes:
        process.kill()
        process.wait()


def test_redis_that_stops_and_comes_back_is_used_again_without_a_restart(
    settings, site, redis_server, caplog, monkeypatch
):
    redis_at(settings, redis_server.url)
    monkeypatch.setattr(FailOpenRedisCache, "RETRY_SECONDS", 0.5)
    client = Client()
    redis_server.start()
    up = client.get(site[0])
    redis_server.stop()
    down = [client.get(url).status_code for url in site]
    redis_server.start()
    time.sleep(0.5)
    back = client.get(site[0])
    cached = client.get(site[0])

    assert up.status_code == back.status_code == cached.status_code == 200
    assert down == [200] * len(site)
    assert cached.content == back.content
    assert len(redis.Redis.from_url(redis_server.url).keys("cicte-test:*")) == 1
    logged = warnings_of(caplog)
    assert len(logged) == 2
    assert logged[0].startswith("Redis does not answer (")
    assert logged[1].startswith("Redis answers again after ")


def test_session_signed_out_while_redis_hangs_does_not_come_back_with_it(
    settings, redis_server, monkeypatch
):
    redis_at(settings, redis_server.url, timeout=0.2)
    monkeypatch.setattr(FailOpenRedisCache, "RETRY_SECONDS", 0)  # ask at every call
    redis_server.start()
    editor = StaffUserFactory(username="editor")
    editor.set_password(PASSWORD)
    editor.save()
    client = Client()
    client.post(reverse("admin:login"), {"username": "editor", "password": PASSWORD})
    session = client.cookies[settings.SESSION_COOKIE_NAME].value

    # Redis hangs for 2 s, keeping what it holds: the session, signed in.
    redis.Redis.from_url(redis_server.url).execute_command("CLIENT", "PAUSE", 2000, "ALL")
    hung_until = time.monotonic() + 2.0
    signed_out = client.post(reverse("admin:logout"))
    signed_out_while_hung = time.monotonic() < hung_until
    time.sleep(max(0.0, hung_until - time.monotonic()) + 0.1)
    old_cookie = Client()
    old_cookie.cookies[settings.SESSION_COOKIE_NAME] = session
    admin = old_cookie.get("/admin/")

    assert signed_out.status_code == 200
    assert signed_out_while_hung
    assert admin.status_code == 302  # signed out: to the sign-in page
    assert admin["Location"] == "/admin/login/?next=/admin/"
