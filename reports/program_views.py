from django.http import Http404
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe

from cicte.data_version import memoise
from cicte.page_cache import query_parameters
from cicte.slugs import follows_old_slugs
from programs.queries import public_programs
from reports.charts import events_per_year
from reports.maps import year_map
from reports.program_queries import program_page, programs_with_public_counts
from reports.queries import as_tree


@require_safe
def program_list(request):
    # Counts over every public event and publication: memoised until the next write.
    programs = memoise("programs-with-counts", programs_with_public_counts)
    return render(request, "programs/program_list.html", {"tree": as_tree(programs)})


@query_parameters("year")
@require_safe
@follows_old_slugs(public_programs)
def program_detail(request, slug):
    """The program's page. The program the address names, with its parent and sub-programs,
    is kept until the next write; the rest is passed lazily, read only if the page's fragment
    (cicte.templatetags.fragments) renders: whether it is kept is known only then, as the
    same render may drop it."""
    family = memoise(f"program-family:{slug}", lambda: list(public_programs().family(slug)))
    program = next((p for p in family if p.slug == slug), None)
    if program is None:
        raise Http404
    # One year at a time: ten busy years on one page were 270 KB.
    requested_year = request.GET.get("year", "")
    page = SimpleLazyObject(lambda: program_page(slug, family))
    section = SimpleLazyObject(lambda: page.year_shown(requested_year))
    # Where the work of the program and its sub-programs reached, and each year's figures.
    years = SimpleLazyObject(lambda: page.figures)
    context = {
        "program": program,
        "requested_year": requested_year,
        "page": page,
        "section": section,
        "years": years,
        "country_map": SimpleLazyObject(lambda: year_map(years, section.year.year)),
        "years_chart": SimpleLazyObject(lambda: events_per_year(years)),
    }
    return render(request, "programs/program_detail.html", context)
