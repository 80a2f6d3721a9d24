import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cicte.enums import ContentStatus, YearStatus
from cicte.models import ReportingYear
from events.enums import EventFormat, EventKind, ParticipationLevel, SecretariatRole
from events.models import EventDate
from partners.models import Partner
from reports.report_checks import year_review
from tests.factories.cicte import EditorialNoteFactory, ReportingYearFactory
from tests.factories.events import EventDateFactory, EventFactory, EventPartnerFactory
from tests.factories.partners import PartnerYearFactory
from tests.factories.programs import ActivityFactory, ProgramFactory, ProgramYearFactory
from tests.factories.publications import EditionFactory, PublicationFactory
from tests.factories.users import EditorFactory

pytestmark = pytest.mark.django_db


def counts(year, programs=()):
    """{check slug: count} for the year, and for each program {pk: {slug: count}}."""
    review = year_review(year, programs)
    return (
        {finding.check.slug: finding.count for finding in review.findings},
        {
            pk: {finding.check.slug: finding.count for finding in findings}
            for pk, findings in review.by_program.items()
        },
    )


def blocking_and_advisory(year):
    review = year_review(year)
    return (
        [finding.check.slug for finding in review.blocking],
        [finding.check.slug for finding in review.advisory],
    )


@pytest.fixture
def year():
    return ReportingYearFactory(year=2021, status=YearStatus.DRAFT, title_es="Informe 2021")


@pytest.fixture
def program(year):
    program = ProgramFactory(name_es="Programa")
    ProgramYearFactory(program=program, year=year, narrative_es="Lo que hizo.")
    return program


def dated_event(year, program, start=datetime.date(2021, 5, 4), **fields):
    fields = {"title_es": "Evento", **fields}
    event = EventFactory(year=year, programs=[program], **fields)
    EventDateFactory(event=event, start=start)
    return event


def test_year_review_of_a_complete_year_lists_nothing(year, program):
    dated_event(year, program)

    assert counts(year, [program]) == ({}, {program.pk: {}})


def test_program_without_narrative_is_blocking_until_written(year, program):
    program_year = program.years.get()
    program_year.narrative = ""
    program_year.narrative_es = ""
    program_year.save()

    assert counts(year, [program]) == (
        {"program-without-narrative": 1},
        {program.pk: {"program-without-narrative": 1}},
    )

    program_year.narrative = "What it did."
    program_year.narrative_es = "Lo que hizo."
    program_year.save()
    assert counts(year) == ({}, {})


def test_event_without_dates_is_blocking_until_dated(year, program):
    event = EventFactory(year=year, programs=[program], title_es="Evento")

    assert counts(year, [program]) == (
        {"event-without-dates": 1},
        {program.pk: {"event-without-dates": 1}},
    )

    EventDateFactory(event=event, start=datetime.date(2021, 3, 1))
    assert counts(year) == ({}, {})


def test_event_without_program_is_blocking_for_the_year_only(year, program):
    event = dated_event(year, program)
    event.programs.clear()

    assert counts(year, [program]) == ({"event-without-program": 1}, {program.pk: {}})

    event.programs.set([program])
    assert counts(year) == ({}, {})


@pytest.mark.parametrize(
    ("field", "slug"), [("kind", "event-without-kind"), ("format", "event-without-format")]
)
def test_event_without_kind_or_format_is_blocking(year, program, field, slug):
    # Only a raw load can leave them empty: the admin requires both.
    event = dated_event(year, program)
    type(event).objects.filter(pk=event.pk).update(**{field: ""})

    assert counts(year) == ({slug: 1}, {})

    type(event).objects.filter(pk=event.pk).update(kind=EventKind.WEBINAR, format="virtual")
    assert counts(year) == ({}, {})


def test_high_level_meeting_without_participation_level_is_blocking(year, program):
    event = dated_event(
        year,
        program,
        kind=EventKind.HIGH_LEVEL_MEETING,
        secretariat_role=SecretariatRole.PARTICIPANT,
        annex="none",
    )
    EventPartnerFactory(event=event, role="organiser")

    assert counts(year, [program]) == (
        {"high-level-without-level": 1},
        {program.pk: {"high-level-without-level": 1}},
    )

    event.participation_level = ParticipationLevel.OFFICIALS
    event.save()
    assert counts(year) == ({}, {})


@pytest.mark.parametrize("event_format", [EventFormat.IN_PERSON, EventFormat.HYBRID])
def test_in_person_event_without_country_is_blocking(year, program, event_format):
    event = dated_event(year, program, format=event_format, city="Lima")

    assert counts(year) == ({"in-person-without-country": 1}, {})

    event.country = "PE"
    event.save()
    assert counts(year) == ({}, {})


def test_exchange_visit_without_country_is_not_listed(year, program):
    # Decision 25: a visit to two countries has none.
    dated_event(year, program, format=EventFormat.IN_PERSON, kind=EventKind.EXCHANGE_VISIT)

    assert counts(year) == ({}, {})


def test_event_dated_outside_its_year_is_blocking_until_redated(year, program):
    event = dated_event(year, program, start=datetime.date(2020, 12, 1))

    assert counts(year, [program]) == (
        {"event-outside-year": 1},
        {program.pk: {"event-outside-year": 1}},
    )

    date = event.dates.get()
    date.start = date.end = datetime.date(2021, 12, 1)
    date.save()
    assert counts(year) == ({}, {})


def test_event_across_the_new_year_belongs_to_either_year(year, program):
    event = dated_event(year, program, start=datetime.date(2020, 12, 30))
    EventDate.objects.filter(event=event).update(end=datetime.date(2021, 1, 2))
    EventFactory._meta.model.objects.filter(pk=event.pk).update(ends_on=datetime.date(2021, 1, 2))

    assert counts(year) == ({}, {})


def test_drafts_are_blocking_until_published(year, program):
    event = dated_event(year, program, status=ContentStatus.DRAFT)
    publication = PublicationFactory(
        year=year, programs=[program], status=ContentStatus.DRAFT, title_es="Publicación"
    )
    EditionFactory(publication=publication)

    assert counts(year, [program]) == (
        {"event-draft": 1, "publication-draft": 1},
        {program.pk: {"event-draft": 1, "publication-draft": 1}},
    )

    for record in (event, publication):
        record.status = ContentStatus.PUBLISHED
        record.save()
    assert counts(year) == ({}, {})


def test_financial_contributor_without_category_is_blocking(year):
    contributor = PartnerYearFactory(
        year=year, financial_contributor=True, partner__name_es="Socio"
    )
    Partner.objects.filter(pk=contributor.partner_id).update(category="")

    assert counts(year) == ({"contributor-without-category": 1}, {})

    Partner.objects.filter(pk=contributor.partner_id).update(category="member_state")
    assert counts(year) == ({}, {})


def test_event_without_partner_not_organised_alone_is_advisory(year, program):
    event = dated_event(year, program, secretariat_role=SecretariatRole.CO_ORGANISER)
    dated_event(
        year, program, secretariat_role=SecretariatRole.ORGANISER, start=datetime.date(2021, 6, 1)
    )

    assert blocking_and_advisory(year) == ([], ["event-without-partner"])
    assert counts(year, [program])[1] == {program.pk: {"event-without-partner": 1}}

    EventPartnerFactory(event=event, partner__name_es="Socio")
    assert counts(year) == ({}, {})


def test_virtual_event_with_a_place_is_advisory(year, program):
    event = dated_event(year, program, format=EventFormat.VIRTUAL, city="Lima")

    assert counts(year) == ({"virtual-event-with-place": 1}, {})

    event.city = ""
    event.save()
    assert counts(year) == ({}, {})


def test_publication_without_edition_is_advisory(year, program):
    publication = PublicationFactory(year=year, programs=[program], title_es="Publicación")

    assert counts(year, [program]) == (
        {"publication-without-edition": 1},
        {program.pk: {"publication-without-edition": 1}},
    )

    EditionFactory(publication=publication)
    assert counts(year) == ({}, {})


def test_fields_not_in_spanish_are_advisory_per_model(year, program):
    event = dated_event(year, program, title_es="", description="What happened.")
    dated_event(year, program, start=datetime.date(2021, 7, 1), title_es="")
    ActivityFactory(year=year, program=program)
    note = EditorialNoteFactory(year=year, text_es="")

    assert counts(year, [program]) == (
        {"year-untranslated": 1, "activity-untranslated": 1, "event-untranslated": 2},
        {program.pk: {"activity-untranslated": 1, "event-untranslated": 2}},
    )

    # Every field written in English counts: the title alone is not enough.
    event.title_es = "Evento"
    event.save()
    note.text_es = "Lo que difiere."
    note.save()
    assert counts(year)[0] == {"activity-untranslated": 1, "event-untranslated": 2}
    event.description_es = "Lo que pasó."
    event.save()
    assert counts(year)[0] == {"activity-untranslated": 1, "event-untranslated": 1}


def test_annex_4_partner_untranslated_ignores_acronym_and_its_note(year):
    standing = PartnerYearFactory(
        year=year, partner__acronym="OAS", partner__acronym_note="in English", partner__name_es=""
    )

    assert counts(year) == ({"annex-4-partner-untranslated": 1}, {})

    standing.partner.name_es = "Socio"
    standing.partner.save()
    assert counts(year) == ({}, {})


def test_program_untranslated_counts_the_years_programs(year, program):
    program.name_es = ""
    program.save()
    ProgramFactory(name_es="")  # not in the year

    assert counts(year) == ({"program-untranslated": 1}, {})


def test_finding_links_to_the_filtered_admin_list(client, year, program):
    event = EventFactory(year=year, programs=[program], title_es="Evento")
    other_program = ProgramFactory()
    EventFactory(year=year, programs=[other_program], title_es="Otro")
    review = year_review(year, [program])
    client.force_login(EditorFactory())

    [finding] = review.by_program[program.pk]
    assert finding.url == (
        f"/admin/events/event/?check=event-without-dates&year__id__exact={year.pk}"
        f"&programs__id__exact={program.pk}"
    )
    response = client.get(finding.url)
    assert list(response.context["cl"].result_list) == [event]
    assert review.findings[0].count == 2


def test_admin_list_refuses_an_unknown_check(client, year):
    client.force_login(EditorFactory())

    response = client.get("/admin/events/event/?check=no-such-check")

    # The admin's answer to a bad filter: back to the list with ?e=1.
    assert response.status_code == 302
    assert response["Location"] == "/admin/events/event/?e=1"


def test_report_2020_as_loaded_has_no_blocking_item():
    call_command("loadreport", "2020", verbosity=0)

    review = year_review(ReportingYear.objects.get(year=2020))

    assert review.blocking == []
    # The Executive Secretary attended the ministerial conference; the report names no host.
    assert [
        (f.check.slug, f.count) for f in review.advisory if f.check.slug == "event-without-partner"
    ] == [("event-without-partner", 1)]


def test_checkyear_exits_with_1_while_a_blocking_item_remains(year, program, capsys):
    event = EventFactory(year=year, programs=[program], title_es="Evento", status="draft")

    with pytest.raises(
        CommandError, match=r"^2 blocking items remain in the 2021 report\.$"
    ) as error:
        call_command("checkyear", "2021")

    assert error.value.returncode == 1
    assert capsys.readouterr().out == (
        "Blocking:\n  Events without dates: 1\n  Events not yet published: 1\n"
    )
    EventDateFactory(event=event, start=datetime.date(2021, 2, 1))
    event.status = "published"
    event.save()
    call_command("checkyear", "2021")
    assert capsys.readouterr().out == "No blocking item in the 2021 report.\n"


def test_checkyear_lists_advisory_items_and_exits_with_0(year, program, capsys):
    dated_event(year, program, title_es="")

    call_command("checkyear", "2021")

    assert capsys.readouterr().out == (
        "Advisory:\n  Events not translated into Spanish: 1\nNo blocking item in the 2021 report.\n"
    )


def test_checkyear_of_a_missing_year_says_so():
    with pytest.raises(CommandError, match=r"^There is no reporting year 2031\.$"):
        call_command("checkyear", "2031")
