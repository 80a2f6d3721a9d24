from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from partners.queries import (
    partner_activity_roles,
    partner_event_roles,
    partner_publications,
    partners_for_listing,
    public_partner_years,
    public_partners,
)


@require_safe
def partner_list(request):
    return render(request, "partners/partner_list.html", {"partners": partners_for_listing()})


@require_safe
def partner_detail(request, slug):
    partner = get_object_or_404(public_partners(), slug=slug)
    context = {
        "partner": partner,
        "events": partner_event_roles(partner),
        "publications": partner_publications(partner),
        "activity_roles": partner_activity_roles(partner),
        "years": public_partner_years()
        .filter(partner=partner)
        .select_related("year")
        .order_by("-year__year"),
    }
    return render(request, "partners/partner_detail.html", context)
