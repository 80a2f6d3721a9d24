from django.http import Http404
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe

from cicte.data_version import memoise
from cicte.page_cache import query_parameters
from cicte.pagination import paginate
from cicte.slugs import follows_old_slugs
from partners.enums import PartnerCategory
from partners.filters import PartnerFilterSet
from partners.models import Partner
from partners.queries import (
    partners_for_listing,
    public_partner_ids,
    public_partner_years,
    public_partners,
)
from reports.partner_queries import (
    partner_activity_roles,
    partner_event_roles,
    partner_key_programs,
    partner_publications,
)

# A page of partners is a list of names with year badges: a hundred read at a glance.
PARTNERS_PER_PAGE = 100


@query_parameters(*PartnerFilterSet.base_filters, "page")
@require_safe
def partner_list(request):
    """Public partners in Annex 4's order, a page at a time, by category if one is chosen; an
    unknown category answers 400 with the reason."""
    filterset = PartnerFilterSet(request.GET, queryset=Partner.objects.none())
    if filterset.is_valid():
        # Each page reads its hundred by id among the public partners, known once per
        # data version.
        filterset.queryset = partners_for_listing(
            Partner.objects.filter(pk__in=public_partner_ids())
        )
    # The page is sliced before it is read: the years are prefetched for its partners only.
    page, page_message = paginate(request, filterset.qs, PARTNERS_PER_PAGE)
    # The category shown ("" for all of them); None when the one asked for is unknown.
    current = filterset.form.cleaned_data["category"] if filterset.is_valid() else None
    context = {
        "filterset": filterset,
        "page": page,
        "page_message": page_message,
        "categories": PartnerCategory.choices,
        "current_category": current,
        "current_category_label": PartnerCategory(current).label if current else "",
    }
    return render(
        request,
        "partners/partner_list.html",
        context,
        status=400 if filterset.errors else 200,
    )


@require_safe
@follows_old_slugs(public_partners)
def partner_detail(request, slug):
    """The partner's page. The partner the address names is kept until the next write; its
    events, publications, activities and years are passed lazily, read only if the page's
    fragments (cicte.templatetags.fragments) render: whether they are kept is known only
    then, as the same render may drop them."""
    partner = memoise(f"partner:{slug}", lambda: public_partners().filter(slug=slug).first())
    if partner is None:
        raise Http404
    context = {
        "partner": partner,
        "events": SimpleLazyObject(lambda: partner_event_roles(partner)),
        "publications": partner_publications(partner),
        "activity_roles": partner_activity_roles(partner),
        "key_programs": partner_key_programs(partner),
        "years": public_partner_years()
        .filter(partner=partner)
        .select_related("year")
        .order_by("-year__year"),
    }
    return render(request, "partners/partner_detail.html", context)
