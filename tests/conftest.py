import pytest


def pytest_configure(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        raise pytest.UsageError(
            "Tests run on PostgreSQL, the production database. Set DATABASE_URL, e.g. "
            "postgres://postgres@127.0.0.1:5432/cicte, or run `make test`."
        )
    # A read replica that is the test database itself (a mirror), for the router's tests
    # (tests/cicte/test_db_router.py); no router sends anything there unless a test sets one.
    settings.DATABASES.setdefault(
        "replica", {**settings.DATABASES["default"], "TEST": {"MIRROR": "default"}}
    )
