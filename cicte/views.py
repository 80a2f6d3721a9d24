from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.db import DatabaseError, connection
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from cicte import queries
from cicte.charts import bars_by_label, events_per_month, events_per_year
from cicte.data_version import memoise
from cicte.db_router import is_routed, replica_health
from cicte.forms import SiteSearchForm
from cicte.maps import year_map
from cicte.models import ReportingYear
from cicte.page_cache import query_parameters
from cicte.redis_cache import FailOpenRedisCache
from events.enums import EventKind
from events.models import Event


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


@require_safe
def home(request):
    """The current public year at a glance; a short notice before any year is public. The
    year and its figures are kept until the next write; the rest is passed lazily, read only
    if the page's fragment (cicte.templatetags.fragments) renders: whether it is kept is known
    only then, as the same render may drop it."""
    year = memoise("home-year", queries.current_year_with_figures)
    if year is None:
        return render(request, "cicte/home.html", {"year": year})
    programs = SimpleLazyObject(lambda: queries.programs_of_year(year))
    years = SimpleLazyObject(queries.years_with_figures)
    context = {
        "year": year,
        "programs": programs,
        "month_chart": SimpleLazyObject(lambda: month_chart(year)),
        "program_chart": SimpleLazyObject(
            lambda: bars_by_label(
                (program.name, program.event_count) for program in programs if program.event_count
            )
        ),
        "years": years,
        "country_map": SimpleLazyObject(lambda: year_map(years, year.year)),
        "years_chart": SimpleLazyObject(lambda: events_per_year(years)),
        "latest_events": queries.latest_events(year),
        "latest_publications": queries.latest_publications(year),
    }
    return render(request, "cicte/home.html", context)


def month_chart(year):
    counts = list(Event.objects.published().filter(year=year).counts_by_month_and_kind())
    return events_per_month(counts, year=year.year, labels=dict(EventKind.choices))


@query_parameters("q")
@require_safe
def search(request):
    """The site search: what matches the words, grouped by kind; words that are too long or
    unreadable answer 400 with the reason."""
    form = SiteSearchForm(request.GET)
    words = form.cleaned_data["q"].strip() if form.is_valid() else ""
    context = {"form": form, "words": words, "groups": queries.site_search(words) if words else []}
    return render(request, "cicte/search.html", context, status=400 if form.errors else 200)


@require_safe
def report_list(request):
    years = ReportingYear.objects.public().order_by("-year")
    return render(request, "reports/report_list.html", {"years": years})


@require_safe
def report_detail(request, year):
    """The whole report of a public year: sections I to V and the four annexes, then where the
    work reached and how the year compares with the others."""
    year = queries.public_year(year, with_texts=True)
    if year is None:
        raise Http404
    years = SimpleLazyObject(queries.years_with_figures)
    context = {
        **queries.report_sections(year),
        "years": years,
        "country_map": SimpleLazyObject(lambda: year_map(years, year.year)),
        "years_chart": SimpleLazyObject(lambda: events_per_year(years)),
    }
    return render(request, "reports/report_detail.html", context)


ANNEXES = {
    1: ("annex_1", queries.annex_1),
    2: ("annex_2", queries.annex_2),
    3: ("annex_3", queries.annex_3),
    4: ("annex_4", queries.annex_4),
}


@require_safe
def annex(request, year, number):
    """One annex of a public year's report, as its own page: a fragment (annex_base.html), its
    list read only when it is not kept."""
    year = memoise(f"year:{year}", lambda: queries.public_year(year))
    if year is None:
        raise Http404
    name, entries = ANNEXES[number]
    context = {
        "year": year,
        "number": number,
        name: SimpleLazyObject(lambda: entries(year)),
        # The year switcher: the same annex of every public year.
        "years": SimpleLazyObject(
            lambda: memoise("public-year-numbers", queries.public_year_numbers)
        ),
    }
    return render(request, f"reports/annex_{number}.html", context)
