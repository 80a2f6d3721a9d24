"""Lists count at most COUNT_AHEAD rows past the page shown (cicte.pagination)."""

import datetime

import pytest
from django.test import RequestFactory
from django.urls import reverse

from cicte import pagination
from events import views as event_views
from events.models import Event
from tests.factories.events import EventDateFactory, EventFactory
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    for day in range(1, 13):
        EventDateFactory(event=EventFactory(), start=datetime.date(2020, 1, day))
    return Event.objects.order_by("starts_on")


def page_of(events, query, per_page=2):
    return pagination.paginate(RequestFactory().get("/", query), events, per_page)


def test_paginate_counts_exactly_below_the_limit(events):
    page, message = page_of(events, {})

    assert (page.paginator.count, page.paginator.count_is_exact) == (12, True)
    assert (page.number, page.paginator.num_pages, message) == (1, 6, "")


def test_paginate_stops_counting_past_the_limit(events, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_AHEAD", 5)

    page, _message = page_of(events, {})

    assert (page.paginator.count, page.paginator.count_is_exact) == (5, False)
    assert page.paginator.num_pages == 3
    assert page.has_next()


def test_paginate_counts_ahead_of_the_page_asked_for(events, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_AHEAD", 5)

    page, message = page_of(events, {"page": "4"})

    assert (page.number, message) == (4, "")
    assert (page.paginator.count, page.paginator.count_is_exact) == (11, False)
    assert [event.starts_on.day for event in page.object_list] == [7, 8]


def test_paginate_past_the_end_gives_the_last_page(events, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_AHEAD", 5)

    page, message = page_of(events, {"page": "40"})

    assert (page.number, page.paginator.count_is_exact) == (6, True)
    assert message == "There are fewer pages than that; here is the last one."


def test_paginate_counts_one_query_bounded_by_the_limit(events, django_assert_num_queries):
    with django_assert_num_queries(2) as queries:
        page, _message = page_of(events, {})
        list(page.object_list)

    assert "LIMIT 1001" in queries.captured_queries[0]["sql"]


def test_event_list_says_more_than_when_the_count_stopped(client, events, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_AHEAD", 5)
    monkeypatch.setattr(event_views, "EVENTS_PER_PAGE", 2)

    response = client.get(reverse("events:list"))

    html = parse(response)
    assert html.one("h2", id="results-title").text == "More than 5 events"
    assert html.one("p", class_="results-range").text == "Showing 1 to 2 of more than 5."
    assert html.one("nav", class_="pagination").text == "1 Page 2 Page 3 … Next"
