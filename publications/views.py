from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from cicte.page_cache import query_parameters
from cicte.pagination import paginate
from cicte.slugs import follows_old_slugs
from publications.filters import PublicationFilterSet
from publications.models import Publication

PUBLICATIONS_PER_PAGE = 20


@query_parameters(*PublicationFilterSet.base_filters, "page")
@require_safe
def publication_list(request):
    """Published publications, newest first, filtered; invalid filters answer 400."""
    filterset = PublicationFilterSet(
        request.GET, queryset=Publication.objects.published().newest_first().for_listing()
    )
    page, page_message = paginate(request, filterset.qs, PUBLICATIONS_PER_PAGE)
    return render(
        request,
        "publications/publication_list.html",
        {"filterset": filterset, "page": page, "page_message": page_message},
        status=400 if filterset.errors else 200,
    )


@require_safe
@follows_old_slugs(Publication.objects.published)
def publication_detail(request, slug):
    publication = get_object_or_404(
        Publication.objects.visible_to(request.user).for_detail(), slug=slug
    )
    return render(request, "publications/publication_detail.html", {"publication": publication})
