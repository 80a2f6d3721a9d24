"""The events text search (EventQuerySet.search): PostgreSQL full-text search on the stored,
indexed search_vector column, ranked, accent-insensitive, in English and Spanish."""

import datetime

import pytest
from django.db import connection
from django.utils import translation

from events.models import Event
from tests.factories.events import EventDateFactory, EventFactory

pytestmark = pytest.mark.django_db


def event(title, description="", day=1, **translations):
    made = EventFactory(title=title, description=description, **translations)
    EventDateFactory(event=made, start=datetime.date(2020, 3, day))
    return made


def found(text):
    return [e.title for e in Event.objects.published().newest_first().search(text)]


def test_search_keeps_the_order_given_newest_first():
    described = event("Regional meeting", "A session on port security.", day=20)
    titled = event("Port security workshop", day=2)

    assert found("port security") == [described.title, titled.title]


def test_search_by_relevance_ranks_a_title_match_above_a_description_match():
    described = event("Regional meeting", "A session on port security.", day=20)
    titled = event("Port security workshop", day=2)
    event("Budget review", day=25)

    ranked = Event.objects.published().newest_first().by_relevance("port security")

    assert [e.title for e in ranked] == [titled.title, described.title]


def test_search_ignores_accents_either_way():
    event("Workshop in Asunción")
    event("Reunión técnica en Bogota", day=2)

    assert found("Asuncion") == ["Workshop in Asunción"]
    assert found("asunción") == ["Workshop in Asunción"]
    assert found("bogotá") == ["Reunión técnica en Bogota"]
    assert found("reunion tecnica") == ["Reunión técnica en Bogota"]


def test_search_stems_english_words():
    event("Training national cybersecurity teams")

    assert found("trained team") == ["Training national cybersecurity teams"]


def test_search_in_spanish_stems_spanish_title_words():
    event(
        "Webinar on women in cybersecurity",
        title_es="Webinario sobre mujeres en ciberseguridad",
    )

    with translation.override("es"):
        assert found("webinarios") == ["Webinario sobre mujeres en ciberseguridad"]
        assert found("mujeres ciberseguridad") == ["Webinario sobre mujeres en ciberseguridad"]
        assert found("women") == ["Webinario sobre mujeres en ciberseguridad"]
    assert found("webinarios") == []  # in English, the English text only


def test_search_in_spanish_ignores_accents_in_spanish_words():
    event("Data protection forum", title_es="Foro de protección de datos")

    with translation.override("es"):
        assert found("proteccion de datos") == ["Foro de protección de datos"]


def test_search_reads_quotes_and_minus_as_a_search_engine_does():
    event("Port security workshop")
    event("Security of ports and airports", day=2)

    assert found('"port security"') == ["Port security workshop"]
    assert found("security -workshop") == ["Security of ports and airports"]


def test_search_with_only_stop_words_finds_nothing():
    event("The meeting of the year")

    assert found("the of") == []


def test_search_columns_are_stored_and_indexed():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name, is_generated FROM information_schema.columns "
            "WHERE table_name = 'events_event' AND column_name LIKE 'search_%' "
            "ORDER BY column_name"
        )
        columns = cursor.fetchall()
        cursor.execute(
            "SELECT indexname, indexdef LIKE '%USING gin%' FROM pg_indexes "
            "WHERE indexname LIKE 'event_search_%' ORDER BY indexname"
        )
        indexes = cursor.fetchall()

    assert columns == [(f"search_{code}", "ALWAYS") for code in ("en", "es", "fr", "pt")]
    assert indexes == [(f"event_search_{code}_idx", True) for code in ("en", "es", "fr", "pt")]
