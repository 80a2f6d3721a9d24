from functools import cached_property

from django.http import QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe

from cicte.data_version import memoise
from cicte.page_cache import query_parameters
from cicte.pagination import paginate
from cicte.slugs import follows_old_slugs
from cicte.templatetags.fragments import page_record
from events.filters import EventFilterSet
from events.models import Event

EVENTS_PER_PAGE = 20


class EventListing:
    """The events list asked for by one request, read only when a fragment of its page is
    not kept already (the filters' form by the filters, the results by filters and page)."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def filterset(self):
        return EventFilterSet(self.request.GET, queryset=Event.objects.published().newest_first())

    @cached_property
    def paginated(self):
        return paginate(self.request, self.filterset.qs, EVENTS_PER_PAGE)


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
    listing = EventListing(request)
    filters = request.GET.copy()
    filters.pop("page", None)
    filter_query = filters.urlencode()
    exports = export_query(request)
    invalid = memoise(
        f"event-filters-invalid:{filter_query}", lambda: bool(listing.filterset.errors)
    )
    context = {
        "query": request.GET.urlencode(),
        "filter_query": filter_query,
        "export_query": exports,
        "calendar_path": reverse("events-ics") + exports,
        "filterset": SimpleLazyObject(lambda: listing.filterset),
        "page": SimpleLazyObject(lambda: listing.paginated[0]),
        "page_message": SimpleLazyObject(lambda: listing.paginated[1]),
    }
    return render(request, "events/event_list.html", context, status=400 if invalid else 200)


@require_safe
@follows_old_slugs(Event.objects.published)
def event_detail(request, slug):
    """The event's page, its fragments kept (cicte.templatetags.fragments.page_record)."""
    event = page_record(request, Event, slug)
    return render(request, "events/event_detail.html", {"event": event})
