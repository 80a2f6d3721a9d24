"""Settings are read once per process, so each case starts `manage.py check` in a subprocess."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

REPO = Path(__file__).resolve().parents[2]
PRODUCTION_KEY = "k3-Vq8pZ0sY1xL7wT4mN9bR2cF6hJ5dG0aE3uI8oP1yW7zQ4vS"  # 50 characters
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": PRODUCTION_KEY,
    "ALLOWED_HOSTS": "cicte.example.org",
}


def manage(*args, **environment):
    """Run manage.py with `environment` and nothing else of the test run's (or the developer's)
    but PATH: each setting it does not name is the default."""
    env = {"PATH": os.environ["PATH"], **environment}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def last_line(result):
    return result.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("url", ["not-a-url", "mysql://cicte@127.0.0.1:3306/cicte"])
def test_settings_refuse_a_database_url_other_than_postgresql(url):
    result = manage("check", DEBUG="true", DATABASE_URL=url)

    assert result.returncode == 1
    assert last_line(result) == (
        f"django.core.exceptions.ImproperlyConfigured: DATABASE_URL={url!r} is not a "
        "PostgreSQL database URL: expected postgres://user@host:port/name or "
        "postgres://user@/name?host=/socket/folder."
    )


def test_settings_refuse_production_without_a_secret_key():
    result = manage("check", DEBUG="false", ALLOWED_HOSTS="cicte.example.org")

    assert result.returncode == 1
    assert last_line(result) == (
        "django.core.exceptions.ImproperlyConfigured: SECRET_KEY is not set. Production "
        "(DEBUG off) refuses to start without one: set SECRET_KEY to a long random string."
    )


def test_settings_refuse_a_short_production_secret_key():
    result = manage("check", DEBUG="false", SECRET_KEY="short", ALLOWED_HOSTS="cicte.example.org")

    assert result.returncode == 1
    assert last_line(result) == (
        "django.core.exceptions.ImproperlyConfigured: SECRET_KEY is too weak for production: "
        "use at least 50 random characters."
    )


@pytest.mark.parametrize("value", ["maybe", "ture"])
def test_settings_refuse_a_debug_value_that_is_not_a_boolean(value):
    result = manage("check", DEBUG=value)

    assert result.returncode == 1
    assert last_line(result) == (
        f"django.core.exceptions.ImproperlyConfigured: DEBUG='{value}' is not a boolean: "
        "use true or false."
    )


def test_settings_refuse_a_connection_age_that_is_not_a_number():
    result = manage("check", DEBUG="true", CONN_MAX_AGE="a minute")

    assert result.returncode == 1
    assert last_line(result) == (
        "django.core.exceptions.ImproperlyConfigured: CONN_MAX_AGE='a minute' is not a whole "
        "number."
    )


def test_production_settings_pass_the_deployment_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert (result.returncode, result.stdout.strip()) == (
        0,
        "System check identified no issues (0 silenced).",
    )


# A request to tests.cicte.error_urls' failing view, as gunicorn would pass it to Django.
FAIL = (
    "from django.test import Client, override_settings; "
    "plain = {'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}; "
    "urls = override_settings(ROOT_URLCONF='tests.cicte.error_urls', "
    "STORAGES={'staticfiles': plain}); urls.enable(); "
    "print(Client(raise_request_exception=False).get('/fail/', secure=True).status_code)"
)


def test_production_logs_each_server_error_once():
    result = manage("shell", "-c", FAIL, **{**PRODUCTION, "ALLOWED_HOSTS": "testserver"})

    assert result.stdout.strip().splitlines()[-1] == "500"
    assert result.stderr.count("Internal Server Error: /fail/") == 1
    assert result.stderr.count("RuntimeError: password=") == 1  # its traceback, once


@pytest.mark.django_db
def test_database_connections_compile_no_query_just_in_time():
    # PostgreSQL's JIT took longer to compile the public pages' queries than to run them.
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
