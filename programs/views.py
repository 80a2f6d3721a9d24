from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from cicte.data_version import memoise
from cicte.i18n import localized
from cicte.queries import as_tree
from programs.models import Program
from programs.queries import program_page


@require_safe
def program_list(request):
    # Counts over every public event and publication: memoised until the next write.
    programs = memoise(
        "programs-with-counts",
        lambda: list(
            Program.objects.with_public_counts().order_by("position", localized("name"), "pk")
        ),
    )
    return render(request, "programs/program_list.html", {"tree": as_tree(programs)})


@require_safe
def program_detail(request, slug):
    page = program_page(slug)
    if page is None:
        raise Http404
    return render(request, "programs/program_detail.html", {"page": page})
