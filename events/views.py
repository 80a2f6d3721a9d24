from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from cicte.data_version import memoise
from cicte.pagination import paginate
from cicte.templatetags.fragments import is_rendered
from events.filters import EventFilterSet
from events.models import Event

EVENTS_PER_PAGE = 20


@require_safe
def event_list(request):
    """Published events, newest first, filtered; invalid filters answer 400 with the reasons."""
    filterset = EventFilterSet(request.GET, queryset=Event.objects.published().newest_first())
    page, page_message = paginate(request, filterset.qs, EVENTS_PER_PAGE)
    return render(
        request,
        "events/event_list.html",
        {"filterset": filterset, "page": page, "page_message": page_message},
        status=400 if filterset.errors else 200,
    )


@require_safe
def event_detail(request, slug):
    """The event's page. Which event the address names is kept until the next write; the rest
    is read only when the page's fragments are not kept already (cicte.templatetags.fragments).
    """
    event = memoise(
        f"event:{slug}",
        lambda: Event.objects.published().only("slug", "title").filter(slug=slug).first(),
    )
    if event is None:
        raise Http404
    if not is_rendered("event-page", event.pk):
        event = Event.objects.for_detail().get(pk=event.pk)
    return render(request, "events/event_detail.html", {"event": event})
