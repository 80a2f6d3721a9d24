"""Public reads from a read replica, everything else from the primary (DATABASE_REPLICA_URL).

With a replica configured (settings: the "replica" database and this router), the anonymous
requests that ReplicaMiddleware marks read from it: the public pages, feeds and exports, which
are most of the traffic. Everything else reads and writes on "default": the admin and any
signed-in user (staff must see what they have just saved), POSTs, management commands and the
shell. A request that writes goes on reading from "default" after its first write.

A replica lags its primary by a little: a visitor may see an edit a moment late, but never an
inconsistent page, and the page cache stays right (cicte.data_version reads the version where
the data is read).

A replica that is down, or lags more than DATABASE_REPLICA_MAX_LAG seconds, is left alone:
public reads go to the primary until it is back (ReplicaHealth). Each request decides as it
begins, or at its first read (the data version's) should the replica fail it, so that its
data version and its data come from the same database. A replica that fails a request after
its first read fails that request.
"""

import logging
import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from cicte.page_cache import is_personal

logger = logging.getLogger(__name__)

REPLICA = "replica"
ROUTER = "cicte.db_router.ReplicaRouter"
# How far the replica's data is behind the primary's, in seconds: 0 while it has replayed
# all it received from the primary it streams from; else the time since the last transaction
# it replayed was committed, which is never less than the lag (more when the primary wrote
# nothing since). 0 on a server that is no replica. NULL (nothing replayed yet): unknown.
# pg_stat_wal_receiver has a row, readable by any user, only while the replica streams.
LAG = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN pg_last_wal_replay_lsn() >= pg_last_wal_receive_lsn()
        AND EXISTS (SELECT FROM pg_stat_wal_receiver) THEN 0
    ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp())
END
"""

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


class ReplicaHealth:
    """Whether this process may read from the replica: "ok" while it answers and lags at most
    DATABASE_REPLICA_MAX_LAG seconds, else "lagging" or "unavailable". Measured (one query
    on the replica) by the first request CHECK_SECONDS or more after the last measure, and
    "unavailable" at once when a read there fails. A change is logged, not each measure."""

    CHECK_SECONDS = 2.0

    def __init__(self):
        self.state = "ok"
        self.checked_at = None
        self.lock = threading.Lock()

    def current(self) -> str:
        with self.lock:
            now = time.monotonic()
            if self.checked_at is None or now - self.checked_at >= self.CHECK_SECONDS:
                self.change(measured_state(), now)
            return self.state

    def failed(self) -> None:
        with self.lock:
            self.change("unavailable", time.monotonic())

    def change(self, state: str, now: float) -> None:
        if state != self.state:
            if state == "ok":
                logger.warning("The replica is back: public reads go to it again.")
            else:
                logger.warning("The replica is %s: public reads go to the primary.", state)
        self.state, self.checked_at = state, now


def measured_state() -> str:
    replica = connections[REPLICA]
    try:
        with replica.cursor() as cursor:
            cursor.execute(LAG)
            (lag,) = cursor.fetchone()
    except DatabaseError:
        replica.close()  # opened again by the next measure
        return "unavailable"
    return "ok" if lag is not None and lag <= settings.DATABASE_REPLICA_MAX_LAG else "lagging"


# This process's, like Django's connections.
replica_health = ReplicaHealth()


def is_routed() -> bool:
    """Whether this deployment reads from a replica (DATABASE_REPLICA_URL)."""
    return ROUTER in settings.DATABASE_ROUTERS


def leave_replica() -> None:
    """A read of this request failed on the replica: the rest of the request, and the
    requests until it is back, read from the primary."""
    connections[REPLICA].close()
    replica_health.failed()
    _use_replica.set(False)


class ReplicaMiddleware:
    """Marks anonymous GETs and HEADs outside the admin as reading from the replica, while
    it is healthy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        routed = is_routed() and is_anonymous_read(request)
        if not routed or replica_health.current() != "ok":
            return self.get_response(request)
        with replica_reads():
            response = self.get_response(request)
            on_replica = _use_replica.get()  # not if a read there failed (leave_replica)
        if response.streaming and on_replica:
            # Exports are written after the middleware returns: keep them on the replica.
            response.streaming_content = _on_replica(response.streaming_content)
        return response


def _on_replica(chunks):
    with replica_reads():
        yield from chunks
