"""The site's data version: a token that changes with every write to the report's records.

One receiver, connected for every model of the report's apps (cicte, programs, events,
partners, publications — their history and many-to-many rows included), increases
DataVersion.number in the same transaction as the write. A request reads the version before
the data, so whatever it stores under a version was made from data at least as new as that
version, and the first write after it makes a new version, under which nothing is stored yet.
The page cache (cicte.page_cache) and the memoised filter choices (`memoise`) key on it: one
write invalidates them all at once, in every worker and on every server, with or without a
shared cache, and with a replica as long as the version is read where the data is.

The token is the row's number and its epoch, a random id the row gets when a database is
created: a restore into a new database starts again from 0 but in another epoch, so a shared
cache never mistakes the new database's pages for the old one's.

Writes that bypass the ORM's signals (bulk_create, QuerySet.update, raw SQL, migrations) call
bump_data_version() themselves, as seed_synthetic does.

Reading the version costs a round trip to the database, as much as the rest of a cached page.
On PostgreSQL (DATA_VERSION_NOTIFICATIONS) a trigger on the version's row sends a notification
when a write commits (NOTIFY, migration 0007), and each worker listens on a connection of its
own (NotifiedVersion): it reads the version again only after a notification, so a public
request costs no query until the next write.
"""

import select
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager
from contextvars import ContextVar

import psycopg
from django.conf import settings
from django.db import (
    DEFAULT_DB_ALIAS,
    InterfaceError,
    OperationalError,
    connections,
    router,
    transaction,
)
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

REPORT_APPS = frozenset({"cicte", "programs", "events", "partners", "publications"})
# Models of those apps that are not report data: the version itself, and the documents built
# from it (reports.documents).
NOT_REPORT_DATA = frozenset({"cicte.dataversion", "cicte.storeddocument"})
# The channel of the notification a write of the version's row sends (migration 0007).
CHANNEL = "cicte_data_version"


class RequestVersion:
    """The version of one public request, read from the database the first time it is needed
    (so a page that needs none costs no query) and then kept for the rest of the request."""

    def __init__(self):
        self.token = None

    def get(self) -> str:
        if self.token is None:
            notified = settings.DATA_VERSION_NOTIFICATIONS
            self.token = _notified_version.get() if notified else read_data_version()
        return self.token


# Set by cicte.page_cache for the public pages of anonymous visitors.
_request_version: ContextVar[RequestVersion | None] = ContextVar("data_version", default=None)
# The databases written inside `bumped_once`, which bumps each once at its end.
_held_bumps: ContextVar[set | None] = ContextVar("held_bumps", default=None)


def bump_data_version(using: str = DEFAULT_DB_ALIAS) -> None:
    """Increase the data version, in the current transaction of `using` (inside
    `bumped_once`, once as the block ends)."""
    from cicte.models import DataVersion

    held = _held_bumps.get()
    if held is not None:
        held.add(using)
        return

    versions = DataVersion.objects.using(using)
    if not versions.filter(pk=1).update(number=F("number") + 1):
        versions.get_or_create(pk=1, defaults={"number": 1})
    # The writing process reads the new version without waiting for the notification.
    transaction.on_commit(_notified_version.expire, using=using)


def read_data_version() -> str:
    """The version as the database says now ("epoch.number"): one query, on the database the
    public reads use. Plain SQL: this runs for every public page, cached or not, and the ORM
    would cost more than the query itself.

    It is a public request's first query, so it is also its connection's health check
    (CONN_HEALTH_CHECKS), which would otherwise cost a round trip of its own: a persistent
    connection that the database closed meanwhile fails it, and it is read again on a new one.
    """
    from cicte.models import DataVersion

    connection = connections[router.db_for_read(DataVersion)]
    try:
        row = _select_version_checked(connection, DataVersion._meta)
    except (InterfaceError, OperationalError):
        if connection.alias == DEFAULT_DB_ALIAS:
            raise
        # The replica is gone: this request reads from the primary, its version first.
        # Imported here: cicte.db_router imports this module (through the page cache).
        from cicte.db_router import leave_replica

        leave_replica()
        row = _select_version_checked(connections[DEFAULT_DB_ALIAS], DataVersion._meta)
    if row is None:
        return "none.0"
    return f"{str(row[0]).replace('-', '')[:12]}.{row[1]}"


def _select_version_checked(connection, meta):
    checking = (
        connection.connection is not None
        and connection.health_check_enabled
        and not connection.health_check_done
        and not connection.in_atomic_block
    )
    if checking:
        connection.health_check_done = True
    try:
        return _select_version(connection, meta)
    except (InterfaceError, OperationalError):
        if not checking:
            raise
        connection.close()
        return _select_version(connection, meta)


def _select_version(connection, meta):
    epoch, number = meta.get_field("epoch").column, meta.get_field("number").column
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{epoch}", "{number}" FROM "{meta.db_table}" WHERE "id" = 1')
        return cursor.fetchone()


class NotifiedVersion:
    """The data version as this process last read it, read again only when it may have changed:

    - after PostgreSQL notified a write on CHANNEL, which this process LISTENs to on a
      connection of its own, polled without waiting at the start of each request;
    - at the latest RECHECK_SECONDS after the last read, should a notification ever be lost;
    - on every request while there is no listening connection (it is opened again, at most
      every RETRY_SECONDS, after it failed or the database closed it).

    The connection listens before the version is read, so a write committed after the read is
    always notified. PostgreSQL sends the notification at commit: a request that begins a
    moment after it, before the notification reaches its worker, may still be answered from
    the version before (the README's "Performance" section measures how long that moment is).
    """

    RECHECK_SECONDS = 1.0
    RETRY_SECONDS = 5.0

    def __init__(self):
        self.listener = None
        self.readable = None  # a poll of the listening connection's socket
        self.token = None
        self.read_at = 0.0
        self.retry_at = 0.0
        self.lock = threading.Lock()

    def get(self) -> str:
        with self.lock:
            now = time.monotonic()
            if not self.listening(now) or self.notified():
                self.token = None
            if self.token is None or now - self.read_at > self.RECHECK_SECONDS:
                self.token = read_data_version()
                self.read_at = now
            return self.token

    def listening(self, now: float) -> bool:
        if self.listener is None and now >= self.retry_at:
            database = connections[DEFAULT_DB_ALIAS]
            try:
                self.listener = database.get_new_connection(database.get_connection_params())
                self.listener.autocommit = True
                self.listener.execute(f"LISTEN {CHANNEL}")
                # poll, not select: a worker with many open files may number this one past
                # select's limit (1024).
                self.readable = select.poll()
                self.readable.register(self.listener.pgconn.socket, select.POLLIN)
            except psycopg.Error:
                self.forget()
                self.retry_at = now + self.RETRY_SECONDS
        return self.listener is not None

    def notified(self) -> bool:
        """Whether the server sent anything since the last call: a notification, or news of
        the connection's end (then closed, to be opened again)."""
        pgconn, sent = self.listener.pgconn, False
        while self.readable.poll(0):
            sent = True
            try:
                pgconn.consume_input()
            except psycopg.Error:
                self.forget()
                break
            while pgconn.notifies() is not None:
                pass
        return sent

    def expire(self) -> None:
        """Read the version again on the next request (this process has just written)."""
        self.token = None

    def forget(self) -> None:
        """Close the listening connection; the version is read again, then a new one opened."""
        if self.listener is not None:
            self.listener.close()
        self.listener, self.readable, self.token, self.retry_at = None, None, None, 0.0


# Like Django's connections, opened by each worker itself, on its first public request.
_notified_version = NotifiedVersion()


def data_version() -> str:
    """The version of this public request, or the database's now outside one."""
    version = _request_version.get()
    return read_data_version() if version is None else version.get()


def read_before_data() -> None:
    """In a public request, read the version now if it is not yet: before data that will be
    kept under it (so nothing is ever kept under a version newer than its data)."""
    version = _request_version.get()
    if version is not None:
        version.get()


@contextmanager
def public_request():
    """Within the block, data_version() is read once and memoise() keeps what it builds."""
    token = _request_version.set(RequestVersion())
    try:
        yield
    finally:
        _request_version.reset(token)


class Memo:
    """Values kept in this process, the least recently used dropped first when there are more
    than `size` of them or their text is longer than `characters` in all: the filters'
    choices, the lookups and the rendered fragments (an event's summary is under a kilobyte,
    a page of the events list's results about 35). A crawler asking for every filter and page
    fills it to the limit and no further."""

    def __init__(self, size: int, characters: int):
        self.size, self.characters = size, characters
        self.values: OrderedDict = OrderedDict()
        self.kept_characters = 0

    def __contains__(self, key) -> bool:
        return key in self.values

    def get(self, key):
        """The value kept under `key` (KeyError if none), now the most recently used."""
        self.values.move_to_end(key)
        return self.values[key][0]

    def keep(self, key, value) -> None:
        length = len(value) if isinstance(value, str) else 0
        self.values[key] = (value, length)
        self.kept_characters += length
        while len(self.values) > self.size or self.kept_characters > self.characters:
            _key, (_value, dropped) = self.values.popitem(last=False)
            self.kept_characters -= dropped

    def clear(self) -> None:
        self.values.clear()
        self.kept_characters = 0


_memo = Memo(size=4096, characters=16 * 2**20)


def memoise(name: str, build, *, per_version: bool = True):
    """build() once per data version and language in this process, then the stored value
    until the next write anywhere (e.g. a filter's choices: every public partner). Only in
    a public request, whose version is read before its data; elsewhere build() every time.
    With per_version=False, once per language for the process's life: what depends on no
    data (the site's frame), which then needs no version either."""
    version = _request_version.get()
    if version is None:
        return build()
    key = (name, get_language(), version.get() if per_version else None)
    try:
        return _memo.get(key)
    except KeyError:
        pass
    value = build()
    _memo.keep(key, value)
    return value


def is_memoised(name: str) -> bool:
    """memoise(name, …) would return a kept value (always False outside a public request)."""
    version = _request_version.get()
    return version is not None and (name, get_language(), version.get()) in _memo


def forget_memoised() -> None:
    """Drop every memoised value (tests: each starts from an empty memo)."""
    _memo.clear()


@contextmanager
def bumped_once():
    """Writes inside bump the version once, as the block ends, instead of once each (an
    import of a thousand rows: one query instead of thousands). Run it inside the writes'
    transaction: if the block raises, nothing is bumped and the transaction rolls back."""
    held = set()
    token = _held_bumps.set(held)
    try:
        yield
    finally:
        _held_bumps.reset(token)
    for using in held:
        bump_data_version(using)


def _on_write(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    if sender._meta.app_label not in REPORT_APPS or sender._meta.label_lower in NOT_REPORT_DATA:
        return
    if kwargs.get("action", "post_").startswith("pre_"):
        return  # m2m_changed fires before and after: the "post_" one counts
    bump_data_version(using)


def connect() -> None:
    """Connect the one receiver for every model (called from CicteConfig.ready)."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_write, dispatch_uid=f"data_version:{signal!r}")
