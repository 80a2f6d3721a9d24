from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from cicte.models import ReportingYear
from cicte.page_cache import query_parameters
from events.enums import EventKind
from events.models import Event
from reports import queries
from reports.charts import bars_by_label, events_per_month, events_per_year
from reports.figures import years_with_figures
from reports.forms import SiteSearchForm
from reports.maps import year_map


@require_safe
def home(request):
    """The current public year at a glance; a short notice before any year is public. The
    latest public year is the year shown, with its figures; every public year's below."""
    year = queries.current_year_with_figures()
    if year is None:
        return render(request, "cicte/home.html", {"year": None})
    programs = queries.programs_of_year(year)
    years = years_with_figures()
    context = {
        "year": year,
        "programs": programs,
        "month_chart": month_chart(year),
        "program_chart": bars_by_label(
            (program.name, program.event_count) for program in programs if program.event_count
        ),
        "years": years,
        "country_map": year_map(years, year.year),
        "years_chart": events_per_year(years),
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
    """The whole report of a year the user may read: sections I to V and the four annexes,
    then where the work reached and how the year compares with the others."""
    year = queries.report_year(year, request.user, with_sections=True, with_figures=True)
    if year is None:
        raise Http404
    context = {
        **queries.report_sections(year),
        "years": year.figures,
        "country_map": year_map(year.figures, year.year),
        "years_chart": events_per_year(year.figures),
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
    """One annex of the report of a year the user may read, as its own page."""
    year = queries.report_year(year, request.user)
    if year is None:
        raise Http404
    name, entries = ANNEXES[number]
    context = {
        "year": year,
        "number": number,
        name: entries(year),
        # The year switcher: the same annex of every public year.
        "years": queries.public_year_numbers(),
    }
    return render(request, f"reports/annex_{number}.html", context)
