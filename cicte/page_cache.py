"""The page cache: public pages for anonymous visitors, never stale, with 304s.

What is cached: the answer to a GET of a page of the public site (home, the search, programs,
events, partners, publications, the reports and their documents, in every language) by an
anonymous visitor, when it is a 200 without Set-Cookie or a Cache-Control that forbids storing it.
Nothing for a signed-in user or a visitor with messages waiting (`is_personal`: a made-up or
stale session or messages cookie does not count), nothing under /admin/, no feeds, exports or
robots.txt, no error pages.

A page reads only the query parameters its view declares (`query_parameters`), and the
request the view sees holds them normalised: the others dropped, each one's last value (the
one a form reads), empty ones dropped, in name order. `?cb=<random>` or `?utm_source=x` is
the same page, answered from the same entry, and the page's links do not carry it.

The entry: one per page, under a key made of scheme, host, normalised address and active
language; it holds the data version (cicte.data_version) it was built under, which every write
to the report's records increases in its own transaction. Each request reads the version (one
primary-key query, a cached page's only one) and serves the entry only if it was built under
that version, so an edit reaches every worker and every server at once, whatever the cache
backend (per-process memory by default, Redis with REDIS_URL).

The stampede after a write: the first request for a page under the new version takes a lock
(cache.add, for STALE_SECONDS) and builds it; while it does, the others are served the entry
of a version before, as long as that was the current one less than STALE_SECONDS ago
(cicte.data_version.Version.may_serve). After that they build the page themselves.
Signed-in staff are never served an entry, so the writer sees the new data at once.

Bounded: bodies are stored compressed, and one over PAGE_CACHE_MAX_BYTES compressed is not
stored; the cache backend bounds the number of entries (settings.CACHES).

Conditional requests: each such page carries an ETag made of its version and key; an
If-None-Match that matches it gets 304 Not Modified without rendering or reading the cache.
`Cache-Control: no-cache` asks browsers to revalidate every time, so they never show an old
page for longer either.

Placed after LocaleMiddleware (the language is known) and before the middleware that adds
nothing to an anonymous public page; the outer ones (security headers, Content-Security-
Policy, Content-Length) run on every answer, cached or not. PAGE_CACHE_SECONDS=0 turns the
page cache off (CACHE_DISABLED=true sets it so).
"""

import hashlib
import zlib

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.messages.storage import default_storage
from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.translation import get_language

from cicte.data_version import STALE_SECONDS, Version, read_version

# Headers of the stored answer that are replayed; the outer middleware add the rest again.
STORED_HEADERS = ("Content-Type", "Content-Language", "Vary")


# The public site's pages (and the report's documents), by URL namespace or name.
PUBLIC_NAMESPACES = frozenset({"programs", "events", "partners", "publications", "reports"})
PUBLIC_URL_NAMES = frozenset({"home", "search"})


def query_parameters(*names: str):
    """Declares the query parameters a public page's view reads (its filters, `page`); the
    page cache drops any other from the request. A view without it reads none."""

    def declare(view):
        view.query_parameters = frozenset(names)
        return view

    return declare


def is_personal(request) -> bool:
    """The request is a signed-in user's (a valid session, which names a user) or a visitor's
    with messages waiting (a validly signed messages cookie that holds some): their pages are
    theirs. A made-up or stale cookie is not: that visitor is anonymous. A well-formed session
    key costs one indexed query to check (none when it is malformed); a messages cookie, its
    signature's check."""
    if settings.SESSION_COOKIE_NAME in request.COOKIES and SESSION_KEY in request.session:
        return True
    return "messages" in request.COOKIES and len(default_storage(request)) > 0


def public_page(request):
    """The URL match of a GET or HEAD of a page of the public site by an anonymous visitor,
    else None."""
    if request.method not in ("GET", "HEAD"):
        return None
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return None
    public = match.namespace in PUBLIC_NAMESPACES or match.url_name in PUBLIC_URL_NAMES
    return match if public and not is_personal(request) else None


def normalise_parameters(request, view) -> None:
    """Leave in `request` only the query parameters `view` declares (query_parameters), each
    with its last value, without the empty ones, in name order."""
    declared = getattr(view, "query_parameters", frozenset())
    kept = QueryDict(mutable=True)
    for name in sorted(request.GET):
        value = request.GET[name]  # the last one
        if name in declared and value:
            kept[name] = value
    query = kept.urlencode()
    if query != request.META.get("QUERY_STRING", ""):
        request.META["QUERY_STRING"] = query
        request.GET = QueryDict(query)


def page_key(request) -> str:
    """The page's entry: scheme, host, normalised address and language, hashed."""
    page = "|".join(
        [request.scheme, request.get_host(), request.get_full_path(), get_language() or ""]
    )
    return "page:" + hashlib.sha256(page.encode()).hexdigest()[:32]


def is_storable(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


def is_servable(built_under: str, version: Version, key: str) -> bool:
    """An entry built under `built_under` may answer now: it is the current version's, or one
    from less than STALE_SECONDS before (Version.may_serve) while another worker builds the
    current one (if none does, this one takes the build's lock and builds it)."""
    if built_under == version.token:
        return True
    if not version.may_serve(built_under):
        return False
    return not cache.add(build_lock(key, version.token), True, STALE_SECONDS)


def build_lock(key: str, version: str) -> str:
    """The entry a worker adds while it builds page `key` under `version`."""
    return f"{key}:building:{version}"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = public_page(request)
        if match is None:
            return self.get_response(request)
        normalise_parameters(request, match.func)
        if not settings.PAGE_CACHE_SECONDS:
            return self.get_response(request)
        version, key = read_version(), page_key(request)
        not_modified = get_conditional_response(request, etag=self.etag(version.token, key))
        if not_modified is not None:
            return self.finish(not_modified, version.token, key)
        stored = cache.get(key)
        if stored is not None and is_servable(stored[0], version, key):
            built_under, status, headers, body = stored
            response = HttpResponse(zlib.decompress(body), status=status)
            for name, value in headers.items():
                response[name] = value
            return self.finish(response, built_under, key)
        response = self.get_response(request)
        if request.method == "GET" and is_storable(response):
            self.finish(response, version.token, key)
            body = zlib.compress(response.content)
            if len(body) <= settings.PAGE_CACHE_MAX_BYTES:
                headers = {name: response[name] for name in STORED_HEADERS if name in response}
                stored = (version.token, response.status_code, headers, body)
                cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
                cache.delete(build_lock(key, version.token))  # built: nobody waits on it now
        return response

    @staticmethod
    def etag(version: str, key: str) -> str:
        return f'"{version}-{key.removeprefix("page:")}"'

    @classmethod
    def finish(cls, response, version: str, key: str):
        response["ETag"] = cls.etag(version, key)
        response["Cache-Control"] = "no-cache"
        # A shared cache must not hand this page to a signed-in member of staff.
        patch_vary_headers(response, ["Cookie"])
        return response
