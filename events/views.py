from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from cicte.pagination import paginate
from events.filters import EventFilterSet
from events.models import Event

EVENTS_PER_PAGE = 20


@require_safe
def event_list(request):
    """Published events, newest first, filtered; invalid filters answer 400 with the reasons."""
    filterset = EventFilterSet(
        request.GET, queryset=Event.objects.published().newest_first().for_listing()
    )
    page, page_message = paginate(request, filterset.qs, EVENTS_PER_PAGE)
    return render(
        request,
        "events/event_list.html",
        {"filterset": filterset, "page": page, "page_message": page_message},
        status=400 if filterset.errors else 200,
    )


@require_safe
def event_detail(request, slug):
    event = get_object_or_404(Event.objects.published().for_detail(), slug=slug)
    return render(request, "events/event_detail.html", {"event": event})
