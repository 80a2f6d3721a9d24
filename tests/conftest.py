import pytest


def pytest_configure(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        raise pytest.UsageError(
            "Tests run on PostgreSQL, the production database. Set DATABASE_URL, e.g. "
            "postgres://postgres@127.0.0.1:5432/cicte, or run `make test`."
        )
