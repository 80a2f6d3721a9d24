"""Fragments (cicte.templatetags.fragments): parts of public pages kept per data version, with
the page cache off (the tests' default), so that only the fragments can keep anything."""

import datetime
import json

import pytest
from django.urls import reverse

from tests.factories.cicte import ReportingYearFactory
from tests.factories.events import EventDateFactory, EventFactory, EventPartnerFactory
from tests.factories.partners import PartnerFactory
from tests.factories.users import EditorFactory
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    event = EventFactory(title="Regional webinar on cybersecurity", title_es="Seminario web")
    EventDateFactory(event=event, start=datetime.date(2020, 3, 4))
    return event


def summary_titles(response):
    return [title.text for title in parse(response).select(class_="summary-title")]


def test_an_event_summary_is_rendered_again_after_a_write(client, event):
    assert summary_titles(client.get(reverse("events:list"))) == [
        "Regional webinar on cybersecurity"
    ]

    event.title = "Regional workshop on cybersecurity"
    event.save()

    assert summary_titles(client.get(reverse("events:list"))) == [
        "Regional workshop on cybersecurity"
    ]


def test_an_event_page_is_rendered_again_after_a_write_to_its_dates(client, event):
    client.get(event.get_absolute_url())

    EventDateFactory(event=event, start=datetime.date(2020, 4, 1))

    lede = parse(client.get(event.get_absolute_url())).one("p", class_="lede").text
    assert lede == "March 4 and April 1, 2020"


def test_a_kept_event_page_reads_only_the_version(client, event, django_assert_num_queries):
    client.get(event.get_absolute_url())

    with django_assert_num_queries(1):
        response = client.get(event.get_absolute_url())

    assert parse(response).one("h1").text == "Regional webinar on cybersecurity"


def test_a_kept_event_page_read_by_another_scheme_gets_its_own_json_ld(
    client, event, django_assert_num_queries
):
    client.get(event.get_absolute_url())

    # The JSON-LD holds absolute addresses: the event is read whole again for https.
    with django_assert_num_queries(5):
        response = client.get(event.get_absolute_url(), secure=True)

    (script,) = parse(response).select("script", type="application/ld+json")
    assert json.loads(script.text)["url"] == f"https://testserver{event.get_absolute_url()}"


def test_fragments_are_kept_per_language(client, event):
    client.get(event.get_absolute_url())

    with_spanish = client.get(reverse("events:list").replace("/en/", "/es/"))

    assert summary_titles(with_spanish) == ["Seminario web"]


def test_a_kept_annex_reads_only_the_version(client, django_assert_num_queries):
    year = ReportingYearFactory(year=2020)
    EventFactory(year=year, title="Meeting", participation_level="officials")
    url = reverse("reports:annex", args=[2020, 1])
    client.get(url)

    with django_assert_num_queries(1):
        response = client.get(url)

    assert [li.text.split(".")[0] for li in parse(response).one(class_="annex-1").select("li")] == [
        "Meeting"
    ]


def test_staff_get_pages_rendered_for_them(client, event):
    client.get(event.get_absolute_url())  # kept for visitors
    # A write that bypasses the signals (and so the data version): only rendering shows it.
    type(event).objects.filter(pk=event.pk).update(title_en="Renamed")

    as_visitor = parse(client.get(event.get_absolute_url())).one("h1").text
    client.force_login(EditorFactory())
    as_staff = parse(client.get(event.get_absolute_url())).one("h1").text

    assert (as_visitor, as_staff) == ("Regional webinar on cybersecurity", "Renamed")


def test_a_kept_events_list_reads_only_the_version(client, event, django_assert_num_queries):
    url = reverse("events:list") + "?kind=webinar"
    client.get(url)

    with django_assert_num_queries(1):
        response = client.get(url)

    assert summary_titles(response) == ["Regional webinar on cybersecurity"]


def test_invalid_filters_answer_400_also_when_kept(client, event):
    url = reverse("events:list") + "?start=2020-02-31"

    statuses = [client.get(url).status_code for _ in range(2)]

    assert statuses == [400, 400]


def test_a_kept_partner_page_reads_only_the_version(client, event, django_assert_num_queries):
    partner = PartnerFactory(name="Organization of American States")
    EventPartnerFactory(event=event, partner=partner)
    client.get(partner.get_absolute_url())

    with django_assert_num_queries(1):
        response = client.get(partner.get_absolute_url())

    assert parse(response).one("h1").text == "Organization of American States"
    assert summary_titles(response) == ["Regional webinar on cybersecurity"]


def test_an_unknown_partner_is_not_found_also_when_kept(client):
    url = reverse("partners:detail", args=["nobody"])

    statuses = [client.get(url).status_code for _ in range(2)]

    assert statuses == [404, 404]


def test_the_frame_is_kept_per_address_and_language(client):
    def switcher(url):
        nav = parse(client.get(url)).one("nav", class_="language-switcher")
        return [a.attrs["href"] for a in nav.select("a")][:2]

    assert switcher("/en/events/?kind=webinar") == [
        "/en/events/?kind=webinar",
        "/es/events/?kind=webinar",
    ]
    assert switcher("/en/events/?kind=workshop") == [
        "/en/events/?kind=workshop",
        "/es/events/?kind=workshop",
    ]
    assert switcher("/es/events/?kind=webinar") == [
        "/en/events/?kind=webinar",
        "/es/events/?kind=webinar",
    ]


def test_a_kept_home_page_reads_only_the_version_and_the_years(
    client, event, django_assert_num_queries
):
    client.get(reverse("home"))

    # The version; the public years with their figures, their venue and beneficiary
    # countries (the year shown, in the page's title, is the latest of them).
    with django_assert_num_queries(4):
        response = client.get(reverse("home"))

    assert summary_titles(response) == ["Regional webinar on cybersecurity"]
