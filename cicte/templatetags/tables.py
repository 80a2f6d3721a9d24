"""Markup that the site's and the admin's data tables write alike.

{% column_headings _("Year") _("Events") %}   a table's <thead>, one column header per heading
"""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def column_headings(*headings):
    """A `<thead>` with one `<th scope="col">` per heading, in order; headings arrive translated
    (`_("Year")`) and are escaped here."""
    cells = format_html_join("", '<th scope="col">{}</th>', ((heading,) for heading in headings))
    return format_html("<thead><tr>{}</tr></thead>", cells)
