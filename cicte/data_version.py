"""The site's data version: a token that changes with every write to the report's records.

One receiver, connected for every model of the report's apps (cicte, programs, events,
partners, publications — their history and many-to-many rows included), increases
DataVersion.number in the same transaction as the write. A request reads the version before
the data, so whatever it stores under a version was made from data at least as new as that
version, and the first write after it makes a new version, under which nothing is stored yet.
The page cache (cicte.page_cache) keys on it: one write invalidates every page at once, in
every worker and on every server, with or without a shared cache, and with a replica as long
as the version is read where the data is.

The token is the row's number and its epoch, a random id the row gets when a database is
created: a restore into a new database starts again from 0 but in another epoch, so a shared
cache never mistakes the new database's pages for the old one's.

Writes that bypass the ORM's signals (bulk_create, QuerySet.update, raw SQL, migrations) call
bump_data_version() themselves, as seed_synthetic does.

Reading the version is one primary-key query, a cached page's only one. The row also says which
older versions' pages may still be served while the current one's are built: those from
`previous_number` on, until STALE_SECONDS after `previous_until`, when that version stopped
being the current one. A write moves them on once they are STALE_SECONDS old, so a page served
from them is never more than STALE_SECONDS behind the data, even under a steady stream of
writes (cicte.page_cache).
"""

import datetime
from contextlib import contextmanager
from contextvars import ContextVar
from typing import NamedTuple

from django.apps import apps as installed_apps
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections, router
from django.db.models import Case, F, Q, When
from django.db.models.functions import Now
from django.db.models.signals import m2m_changed, post_delete, post_save

REPORT_APPS = frozenset({"cicte", "programs", "events", "partners", "publications"})
# Models of those apps that are not report data: the version itself, and the documents built
# from it (reports.documents).
NOT_REPORT_DATA = frozenset({"cicte.dataversion", "cicte.storeddocument"})

# How long a page may be served after the data it shows changed, while its new version is built.
STALE_SECONDS = 1
# The databases written inside `bumped_once`, which bumps each once at its end.
_held_bumps: ContextVar[set | None] = ContextVar("held_bumps", default=None)


class Version(NamedTuple):
    """The data version as one read saw it."""

    token: str  # "epoch.number"
    previous_number: int  # pages of this version and later ones may still be served…
    previous_age: float  # …if this is under STALE_SECONDS: seconds since it stopped being current

    def may_serve(self, token: str) -> bool:
        """A page built under `token` (an older version) may be served now."""
        epoch, _, number = token.partition(".")
        return (
            epoch == self.token.partition(".")[0]
            and int(number) >= self.previous_number
            and self.previous_age < STALE_SECONDS
        )


def bump_data_version(using: str = DEFAULT_DB_ALIAS) -> None:
    """Increase the data version, in the current transaction of `using` (inside
    `bumped_once`, once as the block ends)."""
    from cicte.models import DataVersion

    held = _held_bumps.get()
    if held is not None:
        held.add(using)
        return

    versions = DataVersion.objects.using(using)
    # The version before this write becomes the oldest that may still be served, unless the
    # one that is has stopped being current less than STALE_SECONDS ago.
    moves_on = Q(previous_until__isnull=True) | Q(
        previous_until__lte=Now() - datetime.timedelta(seconds=STALE_SECONDS)
    )
    bumped = versions.filter(pk=1).update(
        number=F("number") + 1,
        previous_number=Case(When(moves_on, then=F("number")), default=F("previous_number")),
        previous_until=Case(When(moves_on, then=Now()), default=F("previous_until")),
    )
    if not bumped:
        versions.get_or_create(pk=1, defaults={"number": 1, "previous_until": Now()})


def read_data_version() -> str:
    """The version's token as the database says now ("epoch.number")."""
    return read_version().token


def read_version() -> Version:
    """The version as the database says now: one query, on the database the
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
        return Version("none.0", 0, float("inf"))
    epoch, number, previous_number, previous_age = row
    epoch = str(epoch).replace("-", "")[:12]
    age = float("inf") if previous_age is None else previous_age
    return Version(f"{epoch}.{number}", previous_number, age)


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
    epoch, number, previous_number, previous_until = (
        f'"{meta.get_field(name).column}"'
        for name in ("epoch", "number", "previous_number", "previous_until")
    )
    # The age by the clock that wrote previous_until (Now(): STATEMENT_TIMESTAMP()), not by
    # this server's, which may differ.
    age = f"EXTRACT(EPOCH FROM STATEMENT_TIMESTAMP() - {previous_until})::float"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {epoch}, {number}, {previous_number}, {age} "
            f'FROM "{meta.db_table}" WHERE "id" = 1'
        )
        return cursor.fetchone()


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
    if sender._meta.apps is not installed_apps:
        return  # a migration's historical model: migrations bump the version themselves
    if sender._meta.app_label not in REPORT_APPS or sender._meta.label_lower in NOT_REPORT_DATA:
        return
    if kwargs.get("action", "post_").startswith("pre_"):
        return  # m2m_changed fires before and after: the "post_" one counts
    bump_data_version(using)


def connect() -> None:
    """Connect the one receiver for every model (called from CicteConfig.ready)."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_write, dispatch_uid=f"data_version:{signal!r}")
