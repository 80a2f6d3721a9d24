"""The site's data version: a number that changes with every write to the report's records.

One receiver, connected for every model of the report's apps (cicte, programs, events,
partners, publications — their history and many-to-many rows included), increases
DataVersion.number in the same transaction as the write. A request reads the version before
the data, so whatever it stores under version n was made from data at least as new as n, and
the first write after that makes n + 1, under which nothing is stored yet. The page cache
(cicte.page_cache) and the memoised filter choices (`memoise`) key on it: one write
invalidates them all at once, in every worker and on every server, with or without a shared
cache, and with a replica as long as the version is read where the data is.

Writes that bypass the ORM's signals (bulk_create, QuerySet.update, raw SQL, migrations) call
bump_data_version() themselves, as seed_synthetic does.
"""

from collections import OrderedDict
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

REPORT_APPS = frozenset({"cicte", "programs", "events", "partners", "publications"})

# The version read once at the start of a public request (cicte.page_cache), so that the
# page cache and the filter choices of that request agree and cost one query together.
_request_version: ContextVar[int | None] = ContextVar("data_version", default=None)


def bump_data_version(using: str = DEFAULT_DB_ALIAS) -> None:
    """Increase the data version, in the current transaction of `using`."""
    from cicte.models import DataVersion

    versions = DataVersion.objects.using(using)
    if not versions.filter(pk=1).update(number=F("number") + 1):
        versions.get_or_create(pk=1, defaults={"number": 1})


def read_data_version() -> int:
    """The version as the database says now: one query, on the database public reads use."""
    from cicte.models import DataVersion

    return DataVersion.objects.filter(pk=1).values_list("number", flat=True).first() or 0


def data_version() -> int:
    """The version this request started with, or the database's now outside a public request."""
    version = _request_version.get()
    return read_data_version() if version is None else version


@contextmanager
def request_data_version(version: int):
    """Within the block, data_version() is `version` (no further query)."""
    token = _request_version.set(version)
    try:
        yield version
    finally:
        _request_version.reset(token)


_memo: OrderedDict = OrderedDict()
MEMO_SIZE = 64


def memoise(name: str, build):
    """build() once per data version and language in this process (e.g. a filter's choices:
    a list of every partner), then the stored value until the next write anywhere."""
    key = (name, get_language(), data_version())
    try:
        _memo.move_to_end(key)
        return _memo[key]
    except KeyError:
        pass
    value = build()
    _memo[key] = value
    while len(_memo) > MEMO_SIZE:
        _memo.popitem(last=False)
    return value


def _on_write(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    if sender._meta.app_label not in REPORT_APPS or sender._meta.model_name == "dataversion":
        return
    if kwargs.get("action", "post_").startswith("pre_"):
        return  # m2m_changed fires before and after: the "post_" one counts
    bump_data_version(using)


def connect() -> None:
    """Connect the one receiver for every model (called from CicteConfig.ready)."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_write, dispatch_uid=f"data_version:{signal!r}")
