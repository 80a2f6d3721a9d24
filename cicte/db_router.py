"""Public reads from a read replica, everything else from the primary (DATABASE_REPLICA_URL).

With a replica configured (settings: the "replica" database and this router), the anonymous
requests that ReplicaMiddleware marks read from it: the public pages, feeds and exports, which
are most of the traffic. Everything else reads and writes on "default": the admin and any
signed-in user (staff must see what they have just saved), POSTs, management commands and the
shell. A request that writes goes on reading from "default" after its first write.

A replica lags its primary by a little: a visitor may see an edit a moment late, but never an
inconsistent page, and the page cache stays right (cicte.data_version reads the version where
the data is read).
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

from cicte.page_cache import is_personal

REPLICA = "replica"

_use_replica: ContextVar[bool] = ContextVar("use_replica", default=False)


@contextmanager
def replica_reads(enabled: bool = True):
    """Within the block, reads go to the replica (when there is one)."""
    token = _use_replica.set(enabled)
    try:
        yield
    finally:
        _use_replica.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _use_replica.get() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        _use_replica.set(False)  # read your own writes for the rest of the request
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies of it

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def is_anonymous_read(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path_info.startswith("/admin/"):
        return False
    # A made-up session cookie does not send a visitor's reads to the primary.
    return not is_personal(request)


class ReplicaMiddleware:
    """Marks anonymous GETs and HEADs outside the admin as reading from the replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if REPLICA not in settings.DATABASES or not is_anonymous_read(request):
            return self.get_response(request)
        with replica_reads():
            response = self.get_response(request)
        if response.streaming:
            # Exports are written after the middleware returns: keep them on the replica.
            response.streaming_content = _on_replica(response.streaming_content)
        return response


def _on_replica(chunks):
    with replica_reads():
        yield from chunks
