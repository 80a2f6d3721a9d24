"""The page cache: public pages for anonymous visitors, never stale, with 304s.

What is cached: the answer to a GET of a page of the public site (home, programs, events,
partners, publications, the reports and their documents, in every language) by a visitor
without a session or messages cookie, when it is a 200 without Set-Cookie or a Cache-Control
that forbids storing it. Nothing for staff, nothing under /admin/, no feeds, exports or
robots.txt, no error pages.

The key: host, scheme, full path with query string, active language and the data version
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
(cicte.data_version.memoise).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.translation import get_language

from cicte.data_version import data_version, public_request

# Cookies that make a page personal besides the session's: messages waiting to be shown.
PERSONAL_COOKIES = ("messages",)
# Headers of the stored answer that are replayed; the outer middleware add the rest again.
STORED_HEADERS = ("Content-Type", "Content-Language", "X-Frame-Options", "Vary")


# The public site's pages (and the report's documents), by URL namespace or name.
PUBLIC_NAMESPACES = frozenset({"programs", "events", "partners", "publications", "reports"})
PUBLIC_URL_NAMES = frozenset({"home"})


def is_public_page_request(request) -> bool:
    """A GET or HEAD of a page of the public site by a visitor without a personal cookie."""
    if request.method not in ("GET", "HEAD"):
        return False
    personal = (settings.SESSION_COOKIE_NAME, *PERSONAL_COOKIES)
    if any(name in request.COOKIES for name in personal):
        return False
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return False
    return match.namespace in PUBLIC_NAMESPACES or match.url_name in PUBLIC_URL_NAMES


def is_storable(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_public_page_request(request):
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
