from django.http import QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from cicte.page_cache import query_parameters
from cicte.pagination import paginate
from cicte.slugs import follows_old_slugs
from events.filters import EventFilterSet
from events.models import Event

EVENTS_PER_PAGE = 20


def export_query(request) -> str:
    """The list's filters for its feeds ("?kind=webinar", or ""): without the page, and
    without the empty values the form sends ("?q=&program=…"), which would only lengthen an
    address visitors copy."""
    filters = QueryDict(mutable=True)
    for name, values in request.GET.lists():
        if name != "page" and (kept := [value for value in values if value]):
            filters.setlist(name, kept)
    return f"?{filters.urlencode()}" if filters else ""


@query_parameters(*EventFilterSet.base_filters, "page")
@require_safe
def event_list(request):
    """Published events, newest first, filtered; invalid filters answer 400 with the reasons."""
    filterset = EventFilterSet(request.GET, queryset=Event.objects.published().newest_first())
    page, page_message = paginate(request, filterset.qs, EVENTS_PER_PAGE)
    exports = export_query(request)
    context = {
        "export_query": exports,
        "calendar_path": reverse("events-ics") + exports,
        "filterset": filterset,
        "page": page,
        "page_message": page_message,
    }
    status = 400 if filterset.errors else 200
    return render(request, "events/event_list.html", context, status=status)


@require_safe
@follows_old_slugs(Event.objects.published)
def event_detail(request, slug):
    event = get_object_or_404(Event.objects.visible_to(request.user).for_detail(), slug=slug)
    return render(request, "events/event_detail.html", {"event": event})
