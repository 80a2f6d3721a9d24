from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from cicte.data_version import memoise
from cicte.pagination import paginate
from cicte.templatetags.fragments import page_is_rendered
from publications.filters import PublicationFilterSet
from publications.models import Publication

PUBLICATIONS_PER_PAGE = 20


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
def publication_detail(request, slug):
    """The publication's page. Which publication the address names is kept until the next
    write; the rest is read only when the page's fragments are not kept already
    (cicte.templatetags.fragments)."""
    publication = memoise(
        f"publication:{slug}",
        lambda: Publication.objects.published().only("slug", "title").filter(slug=slug).first(),
    )
    if publication is None:
        raise Http404
    if not page_is_rendered(request, "publication", publication.pk):
        publication = Publication.objects.for_detail().get(pk=publication.pk)
    return render(request, "publications/publication_detail.html", {"publication": publication})
