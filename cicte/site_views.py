"""Site-wide answers that belong to no app: the health check and the web app manifest."""

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from cicte.db_router import is_routed, replica_health
from cicte.redis_cache import FailOpenRedisCache


@never_cache
@require_safe
def healthz(request):
    """For load balancers, the Dockerfile's HEALTHCHECK and monitoring: 200 while this server
    can serve, 503 when it cannot (the primary database does not answer), and each part's
    state (README "When a part fails"). A replica or a Redis that is down or lagging is named
    and the status "degraded", but the site serves without it, so the answer stays 200. Costs
    a query on the primary, one on the replica at most every ReplicaHealth.CHECK_SECONDS, and
    a call to Redis unless it failed a moment ago."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        primary = "ok"
    except DatabaseError:
        primary = "unavailable"
    cache = caches[DEFAULT_CACHE_ALIAS]
    cache_answers = not isinstance(cache, FailOpenRedisCache) or cache.answers()
    parts = {
        "primary": primary,
        "replica": replica_health.current() if is_routed() else "none",
        "cache": "ok" if cache_answers else "unavailable",
    }
    if primary != "ok":
        status = "unavailable"
    elif all(state in ("ok", "none") for state in parts.values()):
        status = "ok"
    else:
        status = "degraded"
    return JsonResponse({"status": status, **parts}, status=503 if primary != "ok" else 200)


@cache_control(max_age=24 * 60 * 60)
@require_safe
def web_manifest(request):
    """The web app manifest in the visitor's language: the name, icons and colours a phone
    uses for the site added to its home screen, which opens at the home page."""
    icons = [
        {"src": static("img/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
        *(
            {"src": static(f"img/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
            for size in (192, 512)
        ),
    ]
    manifest = {
        "name": _("Inter-American Committee against Terrorism (CICTE)"),
        "short_name": _("CICTE"),
        "description": _(
            "The work of the Inter-American Committee against Terrorism (CICTE) of the "
            "Organization of American States: programs, events, partners, publications and "
            "annual reports."
        ),
        "lang": get_language(),
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b2e59",
        "icons": icons,
    }
    return JsonResponse(
        manifest,
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )
