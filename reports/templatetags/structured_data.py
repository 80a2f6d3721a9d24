"""{% event_json_ld event %}, {% publication_json_ld publication %}, {% partner_json_ld partner %}:
the page's schema.org description (reports.structured_data)."""

from django import template

from reports import structured_data

register = template.Library()


@register.simple_tag(takes_context=True)
def event_json_ld(context, event):
    return structured_data.json_ld(structured_data.event_data(event, context["request"]))


@register.simple_tag(takes_context=True)
def publication_json_ld(context, publication):
    return structured_data.json_ld(
        structured_data.publication_data(publication, context["request"])
    )


@register.simple_tag(takes_context=True)
def partner_json_ld(context, partner):
    return structured_data.json_ld(structured_data.partner_data(partner, context["request"]))
