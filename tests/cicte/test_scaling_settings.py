"""REDIS_URL and DATABASE_REPLICA_URL (README "Scaling out"), read in a subprocess each."""

import json

from tests.cicte.test_settings import PRODUCTION, last_line, manage

SHOW = (
    "import json; from django.conf import settings; print(json.dumps({"
    "'cache': settings.CACHES['default']['BACKEND'], "
    "'location': settings.CACHES['default'].get('LOCATION', ''), "
    "'cache_options': settings.CACHES['default'].get('OPTIONS', {}), "
    "'sessions': settings.SESSION_ENGINE, 'databases': sorted(settings.DATABASES), "
    "'routers': settings.DATABASE_ROUTERS, 'page_cache': settings.PAGE_CACHE_SECONDS, "
    "'cache_disabled': settings.CACHE_DISABLED, "
    "'page_max_bytes': settings.PAGE_CACHE_MAX_BYTES, "
    "'replica_options': settings.DATABASES.get('replica', {}).get('OPTIONS', {}), "
    "'max_lag': settings.DATABASE_REPLICA_MAX_LAG}))"
)


def show(**environment):
    result = manage("shell", "-c", SHOW, **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_settings_default_to_a_bounded_cache_in_each_process_and_the_page_cache_on():
    assert show(**PRODUCTION) == {
        "cache": "django.core.cache.backends.locmem.LocMemCache",
        "location": "",
        # At most 1000 entries of at most 48 KB each: ~48 MB a worker at worst.
        "cache_options": {"MAX_ENTRIES": 1000},
        "page_max_bytes": 48 * 1024,
        "sessions": "django.contrib.sessions.backends.db",
        "databases": ["default"],
        "routers": [],
        "page_cache": 600,
        "cache_disabled": False,
        "replica_options": {},
        "max_lag": 5,
    }


def test_settings_turn_the_page_cache_off_in_development():
    settings = show(DEBUG="true")

    assert settings["page_cache"] == 0


def test_settings_with_redis_url_keep_cache_and_sessions_in_redis():
    settings = show(**PRODUCTION, REDIS_URL="redis://127.0.0.1:6379/15", PAGE_CACHE_SECONDS="60")

    assert settings["cache"] == "cicte.redis_cache.FailOpenRedisCache"
    assert settings["location"] == "redis://127.0.0.1:6379/15"
    # A hung Redis holds a request at most this long, once per retry interval.
    assert settings["cache_options"] == {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}
    assert settings["sessions"] == "django.contrib.sessions.backends.cached_db"
    assert settings["page_cache"] == 60


def test_settings_with_cache_disabled_swap_every_cache_for_a_dummy_and_turn_the_page_cache_off():
    settings = show(
        **PRODUCTION,
        CACHE_DISABLED="true",
        REDIS_URL="redis://127.0.0.1:6379/15",
        PAGE_CACHE_SECONDS="60",
    )

    assert (settings["cache"], settings["location"], settings["cache_options"]) == (
        "django.core.cache.backends.dummy.DummyCache",
        "",
        {},
    )
    assert (settings["page_cache"], settings["cache_disabled"]) == (0, True)


def test_settings_refuse_a_malformed_redis_url():
    result = manage("check", DEBUG="true", REDIS_URL="127.0.0.1:6379")

    assert result.returncode == 1
    assert last_line(result) == (
        "django.core.exceptions.ImproperlyConfigured: REDIS_URL='127.0.0.1:6379' is not a "
        "Redis URL: expected redis://host:6379/0."
    )


def test_settings_with_a_replica_route_reads_through_the_router():
    settings = show(
        **PRODUCTION, DATABASE_REPLICA_URL="postgres://postgres@127.0.0.1:5432/cicte_replica"
    )

    assert settings["databases"] == ["default", "replica"]
    assert settings["routers"] == ["cicte.db_router.ReplicaRouter"]
    assert settings["replica_options"] == {"connect_timeout": 2, "options": "-c jit=off"}
    assert settings["max_lag"] == 5


def test_settings_read_the_replicas_lag_bound():
    settings = show(**PRODUCTION, DATABASE_REPLICA_MAX_LAG="30")

    assert settings["max_lag"] == 30


def test_settings_refuse_a_lag_bound_that_is_not_a_number():
    result = manage("check", DEBUG="true", DATABASE_REPLICA_MAX_LAG="5s")

    assert result.returncode == 1
    assert last_line(result) == (
        "django.core.exceptions.ImproperlyConfigured: DATABASE_REPLICA_MAX_LAG='5s' is not a "
        "whole number."
    )
