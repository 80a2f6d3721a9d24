"""schema.org descriptions (JSON-LD) of the event, publication and partner pages.

Built from what the pages' querysets already preload (for_detail, public_partners), so the
block costs no query. `json_ld` writes it as a non-executable <script type="application/ld+json">
with <, > and & escaped, as django.utils.html.json_script does: text typed by staff can never
close the element.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from events.enums import EventFormat
from publications.enums import PublicationKind

SCHEMA = "https://schema.org"
ATTENDANCE_MODES = {
    EventFormat.VIRTUAL: f"{SCHEMA}/OnlineEventAttendanceMode",
    EventFormat.IN_PERSON: f"{SCHEMA}/OfflineEventAttendanceMode",
    EventFormat.HYBRID: f"{SCHEMA}/MixedEventAttendanceMode",
}
# Publication kinds that schema.org calls a Report; the others are CreativeWorks.
REPORT_KINDS = {PublicationKind.REPORT, PublicationKind.CAPACITY_REVIEW}
ORGANISING_ROLES = {"organiser", "co_organiser"}

# The same escapes as django.utils.html.json_script.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld(data: dict) -> str:
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def secretariat():
    return {
        "@type": "Organization",
        "name": _("Secretariat of the Inter-American Committee against Terrorism (CICTE)"),
        "parentOrganization": {
            "@type": "Organization",
            "name": _("Organization of American States"),
        },
    }


def organization(partner, url):
    data = {"@type": "Organization", "name": partner.name, "url": url}
    if partner.acronym:
        data["alternateName"] = partner.acronym
    return data


def _place(event):
    address = {"@type": "PostalAddress"}
    if event.city:
        address["addressLocality"] = event.city
    if event.country:
        address["addressCountry"] = event.country.code
    name = ", ".join(
        part for part in (event.city, event.country.name if event.country else "") if part
    )
    return {"@type": "Place", "name": name, "address": address}


def event_data(event, request) -> dict:
    url = request.build_absolute_uri(event.get_absolute_url())
    locations = []
    if event.city or event.country:
        locations.append(_place(event))
    if event.format in (EventFormat.VIRTUAL, EventFormat.HYBRID):
        # The meeting link is not public: the event's own page stands for it.
        locations.append({"@type": "VirtualLocation", "url": url})
    organisers = [secretariat()] if event.secretariat_role in ORGANISING_ROLES else []
    organisers += [
        organization(role.partner, request.build_absolute_uri(role.partner.get_absolute_url()))
        for role in event.partner_roles.all()
        if role.role in ORGANISING_ROLES
    ]
    data = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": event.title,
        "url": url,
        "eventAttendanceMode": ATTENDANCE_MODES[event.format],
        "eventStatus": f"{SCHEMA}/EventScheduled",
        "organizer": organisers or [secretariat()],
        "keywords": [program.name for program in event.programs.all()],
    }
    if event.starts_on:
        data["startDate"] = event.starts_on.isoformat()
        data["endDate"] = event.ends_on.isoformat()
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    if event.description:
        data["description"] = event.description
    return data


def publication_data(publication, request) -> dict:
    url = request.build_absolute_uri(publication.get_absolute_url())
    editions = list(publication.editions.all())
    data = {
        "@context": SCHEMA,
        "@type": "Report" if publication.kind in REPORT_KINDS else "CreativeWork",
        "name": publication.title,
        "url": url,
        "datePublished": f"{publication.published_on:%Y-%m}",
        "inLanguage": [edition.language for edition in editions],
        "publisher": [secretariat()]
        + [
            organization(link.partner, request.build_absolute_uri(link.partner.get_absolute_url()))
            for link in publication.co_publisher_links.all()
        ],
        "keywords": [program.name for program in publication.programs.all()],
    }
    if publication.description:
        data["description"] = publication.description
    linked = [edition for edition in editions if edition.url]
    if linked:
        data["workExample"] = [
            {"@type": "CreativeWork", "inLanguage": edition.language, "url": edition.url}
            for edition in linked
        ]
    return data


def partner_data(partner, request) -> dict:
    data = organization(partner, request.build_absolute_uri(partner.get_absolute_url()))
    data = {"@context": SCHEMA, **data}
    if partner.website:
        data["sameAs"] = partner.website
    if partner.country:
        data["address"] = {"@type": "PostalAddress", "addressCountry": partner.country.code}
    if partner.description:
        data["description"] = partner.description
    return data
