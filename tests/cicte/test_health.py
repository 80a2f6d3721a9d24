"""/healthz: 200 while this server can serve, 503 when the primary database does not answer,
and each part's state (cicte.site_views.healthz). The replica's states:
tests/cicte/test_db_router.py."""

from unittest import mock

import pytest
from django.db import DatabaseError

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_when_every_part_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "primary": "ok", "replica": "none", "cache": "ok"}


def test_healthz_answers_503_when_the_primary_fails(client):
    with mock.patch("cicte.site_views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "primary": "unavailable",
        "replica": "none",
        "cache": "ok",
    }


def test_healthz_names_a_dead_redis_and_still_answers_ok(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "cicte.redis_cache.FailOpenRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "primary": "ok",
        "replica": "none",
        "cache": "unavailable",
    }
