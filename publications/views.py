from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from cicte.data_version import memoise
from cicte.pagination import paginate
from cicte.templatetags.fragments import is_rendered
from publications.filters import PublicationFilterSet
from publications.models import Publication

PUBLICATIONS_PER_PAGE = 20

# What the publication page reads outside its fragments (the <title> and the crumbs): all that
# is kept of a publication between requests.
READ_OUTSIDE_FRAGMENTS = ("slug", "title")


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


def outside_fragments(publication):
    """The publication as `.only(*READ_OUTSIDE_FRAGMENTS)` reads it (its pk, slug and title in
    each language), taken from one read whole: kept whole, with its editions, co-publishers
    and programs, it would hold far more memory."""
    fields = [
        field
        for field in Publication._meta.concrete_fields
        # A translation's column (title_es) counts as the field it translates (title).
        if field.primary_key
        or getattr(field, "translated_field", field).name in READ_OUTSIDE_FRAGMENTS
    ]
    return Publication.from_db(
        publication._state.db,
        [field.attname for field in fields],
        # The columns as read, not as the active language reads them (publication.title).
        [vars(publication)[field.attname] for field in fields],
    )


@require_safe
def publication_detail(request, slug):
    """The publication's page. Which publication the address names is kept until the next
    write; the rest is read only when the page's fragments are not kept already
    (cicte.templatetags.fragments).

    The first request of a data version finds it by its slug and reads it whole at once (no
    fragment can be kept before the publication is), then keeps only what is read outside the
    fragments.
    """
    read_whole = []

    def look_up():
        found = list(Publication.objects.published().for_detail().filter(slug=slug))
        read_whole.extend(found)
        return outside_fragments(found[0]) if found else None

    publication = memoise(f"publication:{slug}", look_up)
    if publication is None:
        raise Http404
    if read_whole:
        publication = read_whole[0]
    elif not all(
        [
            is_rendered("publication-description", publication.pk),
            is_rendered("publication-json-ld", publication.pk, request.scheme, request.get_host()),
            is_rendered("publication-page", publication.pk),
        ]
    ):
        publication = Publication.objects.for_detail().get(pk=publication.pk)
    return render(request, "publications/publication_detail.html", {"publication": publication})
