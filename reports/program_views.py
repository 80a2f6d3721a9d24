from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from cicte.page_cache import query_parameters
from cicte.slugs import follows_old_slugs
from programs.queries import public_programs
from reports.charts import events_per_year
from reports.maps import year_map
from reports.program_queries import program_page, programs_with_public_counts
from reports.queries import as_tree


@require_safe
def program_list(request):
    programs = programs_with_public_counts()
    return render(request, "programs/program_list.html", {"tree": as_tree(programs)})


@query_parameters("year")
@require_safe
@follows_old_slugs(public_programs)
def program_detail(request, slug):
    """The program's page, one year at a time: ten busy years on one page were 270 KB."""
    requested_year = request.GET.get("year", "")
    page = program_page(slug, requested_year)
    if page is None:
        raise Http404
    section = page.year_shown(requested_year)
    # Where the work of the program and its sub-programs reached, and each year's figures.
    context = {
        "program": page.program,
        "requested_year": requested_year,
        "page": page,
        "section": section,
        "years": page.figures,
        "country_map": year_map(page.figures, section.year.year) if section else None,
        "years_chart": events_per_year(page.figures),
    }
    return render(request, "programs/program_detail.html", context)
