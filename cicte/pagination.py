"""Pagination that never answers 404 for a page number a visitor typed or kept in a link, and
never counts a whole table to show one page of it.

The count stops COUNT_AHEAD rows past the start of the page asked for: "More than 1,000 events"
on the first page of 100,000 costs a thousand index entries, not a hundred thousand. Each page
further on counts its own thousand ahead, so Next always leads on; only a page number past the
end is the case where the exact count is known (and is small enough to be read).
"""

from functools import cached_property

from django.core.paginator import Paginator
from django.utils.translation import gettext as _

# Rows counted past the start of the page shown: 50 pages of 20 ahead of the visitor.
COUNT_AHEAD = 1000


class CappedPaginator(Paginator):
    """A Paginator whose count stops at `start + COUNT_AHEAD` rows (`count_is_exact` says
    whether it did): the page range then ends at the last page counted."""

    def __init__(self, object_list, per_page, *, start=0, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_limit = start + COUNT_AHEAD

    @cached_property
    def counted(self):
        """Rows up to one past the limit: one query, at most count_limit + 1 rows read. In
        primary key order, so that the database reads the start of an index, never a whole
        table, whatever the list's own order."""
        return self.object_list.order_by("pk")[: self.count_limit + 1].count()

    @cached_property
    def count(self):
        return min(self.counted, self.count_limit)

    @property
    def count_is_exact(self):
        return self.counted <= self.count_limit


def requested_number(raw: str) -> int:
    """The page number asked for, between 1 and a number no list reaches (a typed 10**30
    must not overflow the count's LIMIT)."""
    try:
        return min(max(int(raw), 1), 10**8)
    except ValueError:
        return 1


def paginate(request, items, per_page):
    """(page, message): a page number that is not a number, or past the end, gives the
    nearest page and a message saying so. Two queries: the bounded count and the page."""
    raw = request.GET.get("page", "")
    start = (requested_number(raw) - 1) * per_page
    paginator = CappedPaginator(items, per_page, start=start)
    page = paginator.get_page(raw)
    if raw == "":
        return page, ""
    try:
        number = int(raw)
    except ValueError:
        return page, _("That is not a page number; here is the first page.")
    if number > paginator.num_pages:
        return page, _("There are fewer pages than that; here is the last one.")
    if number < 1:
        return page, _("Pages start at 1; here is the first page.")
    return page, ""
