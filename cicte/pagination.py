"""Pagination that never answers 404 for a page number a visitor typed or kept in a link."""

from django.core.paginator import Paginator
from django.utils.translation import gettext as _


def paginate(request, items, per_page):
    """(page, message): a page number that is not a number, or past the end, gives the
    nearest page and a message saying so."""
    paginator = Paginator(items, per_page)
    raw = request.GET.get("page", "")
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
