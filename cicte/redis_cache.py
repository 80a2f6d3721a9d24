"""The shared cache in Redis (REDIS_URL), failing open: a Redis that is down makes the site
slower, never broken.

Every call to Django's Redis backend goes through FailOpenRedisCache: the page cache's and the
sessions' (whose cached_db engine keeps them in the database too). When Redis fails
(refused, reset, timed out, out of memory…) a read is a miss and a write does nothing, as if
the value had expired at once. After a
failure Redis is not asked for RETRY_SECONDS, so a dead or hung Redis costs one timeout per
RETRY_SECONDS in each process, not one per request; the first call after that asks again, and
the first answer ends the outage.

A key that could not be deleted is deleted when Redis answers again, before anything is read
from it: a Redis that was hung, or cut off from this server, still holds what it held, and a
session signed out meanwhile (deleted from the database, not from Redis) must not come back.

An outage is logged when it starts, again at most every LOG_SECONDS while it lasts, and when
it ends: a few lines, not one per request. The state is each process's (each thread's in a
threaded server: Django gives each thread its own cache object).
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis import RedisError

logger = logging.getLogger(__name__)

# What a failed call answers where its own answer could be anything (None, a bool).
MISSED = object()


class FailOpenRedisCache(RedisCache):
    RETRY_SECONDS = 5.0
    LOG_SECONDS = 60.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self.failed_at = None  # when the outage began; None while Redis answers
        self.retry_at = 0.0
        self.logged_at = 0.0
        self.undeleted = set()  # (key, version) of the deletes that failed

    def answers(self) -> bool:
        """Whether Redis answers: asked now, unless it failed in the last RETRY_SECONDS."""
        self.has_key("healthz")
        return self.failed_at is None

    def attempt(self, fallback, operation, *args):
        """operation(*args), or `fallback` when Redis fails now or failed a moment ago."""
        now = time.monotonic()
        if now < self.retry_at:
            return fallback
        try:
            if self.failed_at is not None:
                self.delete_undeleted()
            result = operation(*args)
        except RedisError as error:
            self.retry_at = now + self.RETRY_SECONDS
            if self.failed_at is None or now - self.logged_at >= self.LOG_SECONDS:
                logger.warning(
                    "Redis does not answer (%s): the site runs without its cache, asking "
                    "again every %.0f s.",
                    error,
                    self.RETRY_SECONDS,
                )
                self.logged_at = now
            if self.failed_at is None:
                self.failed_at = now
            return fallback
        if self.failed_at is not None:
            logger.warning("Redis answers again after %.0f s.", now - self.failed_at)
            self.failed_at = None
        return result

    def delete_undeleted(self) -> None:
        for key, version in list(self.undeleted):
            super().delete(key, version)
            self.undeleted.discard((key, version))

    def get(self, key, default=None, version=None):
        return self.attempt(default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self.attempt({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self.attempt(False, super().has_key, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.attempt(False, super().add, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self.attempt(None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self.attempt(list(data), super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self.attempt(False, super().touch, key, timeout, version)

    def incr(self, key, delta=1, version=None):
        value = self.attempt(None, super().incr, key, delta, version)
        if value is None:  # decr too: with Redis down every key is missing
            raise ValueError(f"Key '{key}' not found.")
        return value

    def delete(self, key, version=None):
        deleted = self.attempt(MISSED, super().delete, key, version)
        if deleted is MISSED:
            self.undeleted.add((key, version))
            return False
        return deleted

    def delete_many(self, keys, version=None):
        if self.attempt(MISSED, super().delete_many, keys, version) is MISSED:
            self.undeleted.update((key, version) for key in keys)

    def clear(self):
        return self.attempt(False, super().clear)
