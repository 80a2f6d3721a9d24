import datetime

import pytest
from django.urls import reverse

from cicte.enums import ContentStatus, YearStatus
from cicte.models import ReportingYear
from events.enums import EventAnnex
from tests.factories.cicte import ReportingYearFactory
from tests.factories.events import EventDateFactory, EventFactory, EventPartnerFactory
from tests.factories.partners import PartnerYearFactory
from tests.factories.programs import ActivityFactory, ProgramFactory, ProgramYearFactory
from tests.factories.publications import EditionFactory, PublicationFactory
from tests.factories.users import EditorFactory, ProgramOfficerFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

HOME = reverse("admin:index")


def program_in(year, name, **fields):
    program = ProgramFactory(name=name, name_es=name, **fields)
    ProgramYearFactory(program=program, year=year, narrative_es="Lo que hizo.")
    return program


def event_in(year, programs, **fields):
    event = EventFactory(year=year, programs=programs, title_es="Evento", **fields)
    EventDateFactory(event=event, start=datetime.date(year.year, 3, 2))
    return event


def rows(response):
    """(program, its counts, its blocking and advisory items) per row of the programs table."""
    return [
        (
            row.program.name,
            row.mine,
            [(tally.label, tally.count) for tally in row.counts],
            [(f.check.slug, f.count) for f in row.blocking],
            [(f.check.slug, f.count) for f in row.advisory],
        )
        for row in response.context["glance"]["programs"]
    ]


@pytest.fixture
def years():
    published = ReportingYearFactory(year=2020, status=YearStatus.PUBLISHED, title_es="Informe")
    draft = ReportingYearFactory(year=2021, status=YearStatus.DRAFT, title_es="Informe")
    return published, draft


def test_open_year_is_the_latest_draft_else_the_latest_published(years):
    published, draft = years

    assert ReportingYear.objects.open() == draft
    draft.status = YearStatus.PUBLISHED
    draft.save()
    assert ReportingYear.objects.open() == draft
    draft.delete()
    assert ReportingYear.objects.open() == published
    published.delete()
    assert ReportingYear.objects.open() is None


def test_home_shows_the_open_year_per_program_to_an_editor(client, years):
    _published, year = years
    cyber = program_in(year, "Cybersecurity", position=1)
    maritime = program_in(year, "Maritime security", position=2)
    ActivityFactory(year=year, program=cyber, title_es="Actividad")
    shared = event_in(year, [cyber, maritime], participation_level="officials")
    EventPartnerFactory(event=shared, partner__name_es="Socio")
    EventFactory(year=year, programs=[maritime], title_es="Sin fechas", status=ContentStatus.DRAFT)
    publication = PublicationFactory(year=year, programs=[cyber], title_es="Publicación")
    EditionFactory(publication=publication)
    PartnerYearFactory(year=year, partner__name_es="Donante")
    client.force_login(EditorFactory())

    response = client.get(HOME)

    assert response.context["glance"]["year"] == year
    assert rows(response) == [
        (
            "Cybersecurity",
            False,
            [("activities", 1), ("events", 1), ("publications", 1), ("partners", 1)],
            [],
            [],
        ),
        (
            "Maritime security",
            False,
            [("activities", 0), ("events", 2), ("publications", 0), ("partners", 1)],
            [("event-without-dates", 1), ("event-draft", 1)],
            [],
        ),
    ]
    assert [(str(a.label), a.count) for a in response.context["glance"]["annexes"]] == [
        ("Annex 1: high-level international meetings", 1),
        ("Annex 2: webinars and virtual forums", 1),
        ("Annex 3: publications", 1),
        ("Annex 4: donors and institutional partners", 1),
    ]
    content = response.content.decode()
    assert "2 items must be fixed before the report is published." in content
    draft_events = (
        f"/admin/events/event/?check=event-draft&amp;year__id__exact={year.pk}"
        f"&amp;programs__id__exact={maritime.pk}"
    )
    assert f'<a href="{draft_events}">Events not yet published: ' in content
    assert (
        f'<a href="/admin/events/event/?year__id__exact={year.pk}&amp;annex__exact=annex-1">'
        in content
    )
    assert '<a href="?year=2020">2020</a>' in content


def test_home_item_disappears_once_fixed(client, years):
    _published, year = years
    program = program_in(year, "Cybersecurity")
    event = EventFactory(year=year, programs=[program], title_es="Evento")
    client.force_login(EditorFactory())
    assert rows(client.get(HOME))[0][3] == [("event-without-dates", 1)]

    EventDateFactory(event=event, start=datetime.date(2021, 4, 1))

    response = client.get(HOME)
    assert rows(response)[0][3] == []
    assert "Nothing blocks the report." in response.content.decode()


def test_home_shows_an_officer_their_programs_first(client, years):
    _published, year = years
    program_in(year, "Cybersecurity", position=1)
    maritime = program_in(year, "Maritime security", position=2)
    client.force_login(ProgramOfficerFactory(programs=[maritime]))

    response = client.get(HOME)

    assert [(name, mine) for name, mine, *_ in rows(response)] == [
        ("Maritime security", True),
        ("Cybersecurity", False),
    ]
    assert "your program" in response.content.decode()


def test_home_shows_another_year_when_asked(client, years):
    published, _draft = years
    program_in(published, "Cybersecurity")
    client.force_login(EditorFactory())

    response = client.get(HOME, {"year": "2020"})

    assert response.context["glance"]["year"] == published
    assert [name for name, *_ in rows(response)] == ["Cybersecurity"]


@pytest.mark.parametrize(
    "asked", ["1999", "abc", "20201", "99999999999", "\uff12\uff10\uff12\uff10", ""]
)
def test_home_answers_404_for_a_year_that_does_not_exist(client, years, asked):
    client.force_login(EditorFactory())

    response = client.get(HOME, {"year": asked})

    assert response.status_code == 404


def test_home_without_any_year_lists_the_models(client):
    client.force_login(EditorFactory())

    response = client.get(HOME)

    assert response.status_code == 200
    assert "glance" not in response.context
    assert response.context["app_list"]
    assert '<a href="/admin/changes/">Every change, newest first</a>' in response.content.decode()


def test_home_shows_no_year_to_staff_without_the_report(client, years):
    client.force_login(StaffUserFactory())

    response = client.get(HOME)

    assert response.status_code == 200
    assert "glance" not in response.context


@pytest.mark.parametrize("programs", [1, 12])
def test_home_queries_do_not_grow_with_programs(client, django_assert_num_queries, programs):
    year = ReportingYearFactory(year=2021, status=YearStatus.DRAFT)
    for number in range(programs):
        program = program_in(year, f"Program {number}")
        event_in(year, [program], annex=EventAnnex.VIRTUAL_FORUM, status=ContentStatus.DRAFT)
        ActivityFactory(year=year, program=program)
    client.force_login(EditorFactory())

    with django_assert_num_queries(31):
        response = client.get(HOME)

    assert len(response.context["glance"]["programs"]) == programs


def test_home_speaks_spanish(client, years):
    _published, year = years
    program = program_in(year, "Cybersecurity")
    EventFactory(year=year, programs=[program], title_es="Evento")
    client.force_login(EditorFactory())

    content = client.get(HOME, headers={"accept-language": "es"}).content.decode()

    assert "El informe de 2021" in content
    assert "Hay que corregir 1 elemento antes de publicar el informe." in content
    assert "Eventos sin fechas: " in content
    assert "Todos los cambios, del más reciente al más antiguo" in content
