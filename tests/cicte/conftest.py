"""Fixtures of the site-wide tests."""

import pytest
from django.core.cache import caches


@pytest.fixture
def page_cache(settings):
    """The page cache on, in this process's memory, empty."""
    settings.PAGE_CACHE_SECONDS = 600
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"}
    }
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()
