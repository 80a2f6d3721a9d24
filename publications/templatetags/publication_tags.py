"""How publications read in lists and in Annex 3 (from PublicationQuerySet.for_listing)."""

from django import template
from django.utils.translation import gettext as _

from cicte.text import and_list

register = template.Library()


@register.filter
def publishers(publication):
    """ "CICTE/OAS Secretariat and Inter-American Development Bank", in the report's order,
    each co-publisher named as Annex 3 prints it."""
    names = [link.printed_name for link in publication.co_publisher_links.all()]
    return and_list([_("CICTE/OAS Secretariat"), *names])


@register.filter
def languages(publication):
    """ "English, Spanish and Portuguese"."""
    return and_list([edition.get_language_display() for edition in publication.editions.all()])


@register.filter
def linked_editions(publication):
    return [edition for edition in publication.editions.all() if edition.url]
