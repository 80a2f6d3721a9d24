"""Atom feeds, sitemap.xml and robots.txt, parsed as XML and text."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from cicte.enums import ContentStatus
from tests.factories.cicte import ReportingYearFactory
from tests.factories.events import EventDateFactory, EventFactory, EventPartnerFactory
from tests.factories.partners import PartnerFactory
from tests.factories.programs import ProgramFactory
from tests.factories.publications import EditionFactory, PublicationFactory
from tests.html import parse

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def entries(response):
    feed = ET.fromstring(response.content)
    return [
        {
            "title": entry.find(f"{ATOM}title").text,
            "link": entry.find(f"{ATOM}link").attrib["href"],
            "updated": entry.find(f"{ATOM}updated").text,
            "summary": entry.find(f"{ATOM}summary").text,
            "categories": [c.attrib["term"] for c in entry.findall(f"{ATOM}category")],
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


def test_events_feed_lists_the_latest_public_events(client):
    program = ProgramFactory(name="Cybersecurity")
    event = EventFactory(title="Women in cybersecurity", programs=[program])
    EventDateFactory(event=event, start=datetime.date(2020, 6, 30))
    older = EventFactory(title="Telework")
    EventDateFactory(event=older, start=datetime.date(2020, 3, 19))
    EventFactory(title="Draft", status=ContentStatus.DRAFT)

    response = client.get(reverse("events-atom"))

    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert ET.fromstring(response.content).find(f"{ATOM}title").text == "CICTE: latest events"
    assert entries(response) == [
        {
            "title": "Women in cybersecurity",
            "link": f"http://testserver{event.get_absolute_url()}",
            "updated": "2020-06-30T00:00:00-04:00",
            "summary": "June 30, 2020 · Webinar · Virtual format",
            "categories": ["Cybersecurity"],
        },
        {
            "title": "Telework",
            "link": f"http://testserver{older.get_absolute_url()}",
            "updated": "2020-03-19T00:00:00-04:00",
            "summary": "March 19, 2020 · Webinar · Virtual format",
            "categories": [],
        },
    ]


def test_events_feed_keeps_the_latest_50(client):
    year = ReportingYearFactory(year=2020)
    for _number in range(55):
        EventDateFactory(event=EventFactory(year=year), start=datetime.date(2020, 1, 1))

    assert len(entries(client.get(reverse("events-atom")))) == 50


def test_publications_feed_lists_the_latest_public_publications(client):
    publication = PublicationFactory(title="Cybersecurity Report", published_on="2020-07-01")
    EditionFactory(publication=publication, language="en")
    PublicationFactory(title="Draft", status=ContentStatus.DRAFT)

    response = client.get(reverse("publications-atom"))

    assert entries(response) == [
        {
            "title": "Cybersecurity Report",
            "link": f"http://testserver{publication.get_absolute_url()}",
            "updated": "2020-07-01T00:00:00-04:00",
            "summary": "Report · CICTE/OAS Secretariat · Available in English.",
            "categories": [],
        }
    ]


def test_every_page_links_to_both_feeds(client):
    response = client.get(reverse("home"))

    links = parse(response).select("link", rel="alternate", type="application/atom+xml")
    assert [(link.attrs["type"], link.attrs["href"]) for link in links] == [
        ("application/atom+xml", reverse("events-atom")),
        ("application/atom+xml", reverse("publications-atom")),
    ]


def test_sitemap_lists_every_public_page(client):
    year = ReportingYearFactory(year=2020)
    ReportingYearFactory(year=2021, status="draft")
    program = ProgramFactory(slug="cybersecurity")
    event = EventFactory(slug="telework-2020", year=year, programs=[program])
    EventFactory(slug="draft-event", year=year, status=ContentStatus.DRAFT)
    publication = PublicationFactory(slug="cyber-report", year=year)
    partner = PartnerFactory(slug="trend-micro")
    EventPartnerFactory(event=event, partner=partner)
    PartnerFactory(slug="unknown-partner")

    response = client.get("/sitemap.xml")

    urlset = ET.fromstring(response.content)
    locations = [url.find(f"{SITEMAP}loc").text for url in urlset.findall(f"{SITEMAP}url")]
    paths = [location.removeprefix("http://testserver") for location in locations]
    assert paths == [
        reverse("home"),
        reverse("programs:list"),
        reverse("events:list"),
        reverse("partners:list"),
        reverse("publications:list"),
        reverse("reports:list"),
        program.get_absolute_url(),
        event.get_absolute_url(),
        partner.get_absolute_url(),
        publication.get_absolute_url(),
        year.get_absolute_url(),
        *(reverse("reports:annex", args=[2020, number]) for number in range(1, 5)),
    ]


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_admin_and_search(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /en/search/",
        "Disallow: /es/search/",
        "Disallow: /fr/search/",
        "Disallow: /pt/search/",
        "Sitemap: http://testserver/sitemap.xml",
    ]


def test_feeds_carry_staff_text_as_text_never_as_html(client):
    event = EventFactory(
        title="<b>Bold</b> webinar",
        description='<script>alert(1)</script> <a href="javascript:alert(2)">Register</a>\x0b',
        programs=[ProgramFactory(name="<i>Cyber</i>\x0c")],
    )
    EventDateFactory(event=event, start=datetime.date(2020, 6, 30))
    publication = PublicationFactory(description="<img src=x onerror=alert(3)>")
    EditionFactory(publication=publication, language="en")

    for name in ("events-atom", "publications-atom"):
        response = client.get(reverse(name))

        feed = ET.fromstring(response.content)
        summaries = feed.findall(f"{ATOM}entry/{ATOM}summary")
        assert [summary.attrib["type"] for summary in summaries] == ["text"]
        assert all(
            entry.find(f"{ATOM}title").attrib.get("type", "text") == "text"
            for entry in feed.findall(f"{ATOM}entry")
        )

    [entry] = entries(client.get(reverse("events-atom")))
    assert entry["title"] == "<b>Bold</b> webinar"
    assert entry["summary"] == (
        "June 30, 2020 · Webinar · Virtual format\n\n"
        '<script>alert(1)</script> <a href="javascript:alert(2)">Register</a>'
    )
    assert entry["categories"] == ["<i>Cyber</i>"]
    [publication_entry] = entries(client.get(reverse("publications-atom")))
    assert publication_entry["summary"].endswith("\n\n<img src=x onerror=alert(3)>")
