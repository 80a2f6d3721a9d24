import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

# The settings read from the environment (cicte/settings.py), but the database and DEBUG: the
# tests run on their defaults, whatever a developer exported for `make run`; `make test` leaves
# them out (Makefile, TEST_UNSET).
INHERITED_SETTINGS = (
    "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "CONN_MAX_AGE", "DATABASE_REPLICA_URL",
    "TIME_ZONE", "REDIS_URL", "PAGE_CACHE_SECONDS", "CACHE_DISABLED", "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER", "SECURE_HSTS_SECONDS", "LOG_LEVEL", "AXES_COOLOFF_MINUTES",
    "CLIENT_IP_HEADER",
)  # fmt: skip


def pytest_configure(config):
    from django.conf import settings

    inherited = [name for name in INHERITED_SETTINGS if name in os.environ]
    if inherited:
        raise pytest.UsageError(
            f"{', '.join(inherited)} exported: the tests run on the settings' defaults. Unset "
            "them, or run `make test`, which leaves them out."
        )

    # A read replica that is the test database itself (a mirror), for the router's tests
    # (tests/cicte/test_db_router.py); no router sends anything there unless a test sets one.
    settings.DATABASES.setdefault(
        "replica", {**settings.DATABASES["default"], "TEST": {"MIRROR": "default"}}
    )
    compile_stale_messages(settings.LOCALE_PATHS)


@pytest.fixture(autouse=True)
def english_to_start_with():
    """Every test starts in English: a request to /es/… leaves Spanish active in this thread
    afterwards, and factories would then write the Spanish fields (title_es)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def compile_stale_messages(locale_paths):
    """Tests read the Spanish pages: compile each catalogue whose .mo is missing or older than
    its .po, as `make messages` does, so that a plain `pytest` sees the current translations."""
    for directory in locale_paths:
        for po in Path(directory).glob("*/LC_MESSAGES/*.po"):
            mo = po.with_suffix(".mo")
            if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
                continue
            if shutil.which("msgfmt") is None:
                raise pytest.UsageError(
                    f"{mo} is missing or out of date and msgfmt is not installed: "
                    "apt-get install gettext, or run `make messages`."
                )
            # Written aside and moved into place: another run may be reading the catalogue.
            handle, partial = tempfile.mkstemp(dir=mo.parent, suffix=".mo")
            os.close(handle)
            subprocess.run(["msgfmt", "--check-format", "-o", partial, str(po)], check=True)
            os.replace(partial, mo)
