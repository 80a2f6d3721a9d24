"""schema.org JSON-LD on the detail pages: valid JSON with the right types, escaped."""

import datetime
import json

import pytest

from tests.factories.events import EventDateFactory, EventFactory, EventPartnerFactory
from tests.factories.partners import PartnerFactory
from tests.factories.programs import ProgramFactory
from tests.factories.publications import CoPublisherFactory, EditionFactory, PublicationFactory
from tests.html import parse

pytestmark = pytest.mark.django_db


def json_ld(response):
    (script,) = parse(response).select("script", type="application/ld+json")
    return json.loads(script.text)


def test_event_page_describes_a_virtual_event(client):
    event = EventFactory(
        title="Webinar “Women in cybersecurity”",
        slug="women-webinar",
        format="virtual",
        secretariat_role="co_organiser",
        programs=[ProgramFactory(name="Cybersecurity")],
    )
    EventDateFactory(event=event, start=datetime.date(2020, 6, 30))
    EventPartnerFactory(
        event=event,
        partner=PartnerFactory(name="Trend Micro", slug="trend-micro"),
        role="co_organiser",
    )

    data = json_ld(client.get(event.get_absolute_url()))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "Webinar “Women in cybersecurity”"
    assert data["startDate"] == data["endDate"] == "2020-06-30"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {
        "@type": "VirtualLocation",
        "url": "http://testserver/en/events/women-webinar/",
    }
    assert [o["@type"] for o in data["organizer"]] == ["Organization", "Organization"]
    assert data["organizer"][1] == {
        "@type": "Organization",
        "name": "Trend Micro",
        "url": "http://testserver/en/partners/trend-micro/",
    }
    assert data["keywords"] == ["Cybersecurity"]


def test_event_page_describes_an_in_person_event_with_its_place(client):
    event = EventFactory(format="in_person", city="Bogotá", country="CO")
    EventDateFactory(event=event, start=datetime.date(2020, 1, 19), end=datetime.date(2020, 1, 20))

    data = json_ld(client.get(event.get_absolute_url()))

    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert (data["startDate"], data["endDate"]) == ("2020-01-19", "2020-01-20")
    assert data["location"] == {
        "@type": "Place",
        "name": "Bogotá, Colombia",
        "address": {"@type": "PostalAddress", "addressLocality": "Bogotá", "addressCountry": "CO"},
    }


def test_event_json_ld_cannot_be_closed_by_what_staff_type(client):
    event = EventFactory(description="</script><script>alert(1)</script> & more")

    response = client.get(event.get_absolute_url())

    assert b"</script><script>alert(1)" not in response.content
    assert json_ld(response)["description"] == "</script><script>alert(1)</script> & more"


def test_publication_page_describes_a_report_in_its_languages(client):
    publication = PublicationFactory(title="Cybersecurity Report", kind="report")
    EditionFactory(publication=publication, language="en", url="https://example.org/en.pdf")
    EditionFactory(publication=publication, language="es", url="")
    CoPublisherFactory(publication=publication, partner=PartnerFactory(name="IDB", slug="idb"))

    data = json_ld(client.get(publication.get_absolute_url()))

    assert data["@type"] == "Report"
    assert data["inLanguage"] == ["en", "es"]
    assert data["datePublished"] == "2020-07"
    assert [p["name"] for p in data["publisher"]] == [
        "Secretariat of the Inter-American Committee against Terrorism (CICTE)",
        "IDB",
    ]
    assert data["workExample"] == [
        {"@type": "CreativeWork", "inLanguage": "en", "url": "https://example.org/en.pdf"}
    ]


def test_publication_page_describes_a_white_paper_as_a_creative_work(client):
    publication = PublicationFactory(kind="white_paper")

    assert json_ld(client.get(publication.get_absolute_url()))["@type"] == "CreativeWork"


def test_partner_page_describes_an_organization(client):
    partner = PartnerFactory(
        name="Inter-American Development Bank",
        acronym="IDB",
        slug="idb",
        website="https://www.iadb.org",
    )
    EventPartnerFactory(partner=partner)

    data = json_ld(client.get(partner.get_absolute_url()))

    assert data == {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": "Inter-American Development Bank",
        "url": "http://testserver/en/partners/idb/",
        "alternateName": "IDB",
        "sameAs": "https://www.iadb.org",
    }
