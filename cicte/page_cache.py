"""The page cache: public pages for anonymous visitors, never stale, with 304s.

What is cached: the answer to a GET of a page of the public site (home, the search, programs,
events, partners, publications, the reports and their documents, in every language) by an
anonymous visitor, when it is a 200 without Set-Cookie or a Cache-Control that forbids storing it.
Nothing for a signed-in user or a visitor with messages waiting (`is_personal`: a made-up or
stale session or messages cookie does not count), nothing under /admin/, no feeds, exports or
robots.txt, no error pages.

A page reads only the query parameters its view declares (`query_parameters`): the others are
dropped from the request before the view sees it, so `?cb=<random>` is the same page, answered
from the cache, and the page's links do not carry it.

The key: host, scheme, full path with the query string kept, active language and the data version
(cicte.data_version), which every write to the report's records increases in its own
transaction. Each worker knows the version from PostgreSQL's notification of each write (or,
without notifications, reads it from the database once per request, a cached page's one
query), so an edit reaches every worker and every server at once, whatever the cache backend
(per-process memory by default, Redis with REDIS_URL): nothing is served from before the last
write. Old entries are never looked up again and expire (PAGE_CACHE_SECONDS).

Conditional requests: each such page carries an ETag made of its key; an If-None-Match that
matches it gets 304 Not Modified without rendering or reading the cache. `Cache-Control:
no-cache` asks browsers to revalidate every time, so they never show an old page either.

Placed after LocaleMiddleware (the language is known) and before the middleware that adds
nothing to an anonymous public page; the outer ones (security headers, Content-Security-
Policy, Content-Length) run on every answer, cached or not. PAGE_CACHE_SECONDS=0 turns the
page cache off; the request is still marked public, so the filter choices stay memoised
(cicte.data_version.memoise). CACHE_DISABLED=true turns both off: the request is not marked
public, so nothing is memoised and no fragment kept.
"""

import hashlib

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.messages.storage import default_storage
from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.translation import get_language

from cicte.data_version import data_version, public_request

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


def keep_declared_parameters(request, view) -> None:
    """Drop from `request` the query parameters `view` does not declare (query_parameters)."""
    declared = getattr(view, "query_parameters", frozenset())
    if all(name in declared for name in request.GET):
        return
    kept = QueryDict(mutable=True)
    for name, values in request.GET.lists():
        if name in declared:
            kept.setlist(name, values)
    request.META["QUERY_STRING"] = kept.urlencode()
    request.GET = QueryDict(request.META["QUERY_STRING"])


def is_storable(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = public_page(request)
        if match is None:
            return self.get_response(request)
        keep_declared_parameters(request, match.func)
        if settings.CACHE_DISABLED:
            # Outside a public request nothing is memoised and no fragment is kept.
            return self.get_response(request)
        with public_request():
            seconds = settings.PAGE_CACHE_SECONDS
            if not seconds:
                return self.get_response(request)
            key = self.key(request, data_version())
            etag = f'"{key.removeprefix("page:")}"'
            not_modified = get_conditional_response(request, etag=etag)
            if not_modified is not None:
                return self.finish(not_modified, etag)
            stored = cache.get(key)
            if stored is not None:
                status, headers, content = stored
                response = HttpResponse(content, status=status)
                for name, value in headers.items():
                    response[name] = value
                return self.finish(response, etag)
            response = self.get_response(request)
            if request.method == "GET" and is_storable(response):
                self.finish(response, etag)
                headers = {name: response[name] for name in STORED_HEADERS if name in response}
                cache.set(key, (response.status_code, headers, response.content), seconds)
            return response

    @staticmethod
    def key(request, version: str) -> str:
        page = "|".join(
            [request.scheme, request.get_host(), request.get_full_path(), get_language() or ""]
        )
        digest = hashlib.sha256(page.encode()).hexdigest()[:32]
        return f"page:{version}-{digest}"

    @staticmethod
    def finish(response, etag: str):
        response["ETag"] = etag
        response["Cache-Control"] = "no-cache"
        # A shared cache must not hand this page to a signed-in member of staff.
        patch_vary_headers(response, ["Cookie"])
        return response
