import datetime

import pytest
from django.urls import reverse
from django.utils import dateformat, timezone

from cicte.enums import ContentStatus
from publications.models import Publication
from tests.admin_forms import changelist_rows
from tests.factories.cicte import ReportingYearFactory
from tests.factories.partners import PartnerFactory
from tests.factories.programs import ProgramFactory
from tests.factories.publications import EditionFactory, PublicationFactory
from tests.factories.users import EditorFactory, ProgramOfficerFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:publications_publication_changelist")
ADD = reverse("admin:publications_publication_add")


def management(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def publication_form(year, programs, **fields):
    """The publication form's POST, with no edition or co-publisher rows."""
    return {
        "year": year.pk,
        "title_en": "Cybersecurity in Latin America and the Caribbean",
        "slug": "cybersecurity-in-latin-america",
        "kind": "report",
        "published_on": "2020-07-01",
        "position": "0",
        "status": ContentStatus.DRAFT,
        "programs": [program.pk for program in programs],
        "description_en": "",
        **management("editions"),
        **management("co_publisher_links"),
        "_save": "Save",
        **fields,
    }


def test_publication_changelist_shows_publications_with_programs_and_languages(client):
    publication = PublicationFactory(
        title="Cybersecurity white paper", programs=[ProgramFactory(name="Cybersecurity")]
    )
    EditionFactory(publication=publication, language="en")
    EditionFactory(publication=publication, language="es")
    client.force_login(EditorFactory())

    response = client.get(CHANGELIST)

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [publication]
    content = response.content.decode()
    assert "Cybersecurity white paper" in content
    assert '<td class="field-program_names">Cybersecurity</td>' in content
    assert '<td class="field-languages">English, Spanish</td>' in content


@pytest.mark.parametrize("rows", [1, 50])
def test_publication_changelist_queries_do_not_grow_with_rows(
    client, django_assert_num_queries, rows
):
    year = ReportingYearFactory(year=2020)
    programs = [ProgramFactory(name="Cybersecurity"), ProgramFactory(name="Borders")]
    for number in range(rows):
        publication = PublicationFactory(title=f"Report {number:02}", year=year, programs=programs)
        EditionFactory(publication=publication)
    client.force_login(EditorFactory())

    # One of them reads the user's own programs, for the "My programs" filter.
    with django_assert_num_queries(14):
        response = client.get(CHANGELIST)

    # Title, published on, kind, programs, languages, status, last changed (today: the factory).
    today = dateformat.format(timezone.localdate(), "N j, Y")
    assert sorted(changelist_rows(response)) == [
        f"Report {number:02} July 1, 2020 Report Cybersecurity, Borders English Published {today}"
        for number in range(rows)
    ]


def test_publication_add_form_shows_every_field_to_an_editor(client):
    client.force_login(EditorFactory())

    response = client.get(ADD)

    assert response.status_code == 200
    assert list(response.context["adminform"].form.fields) == [
        "year",
        "title_en",
        "title_es",
        "title_fr",
        "title_pt",
        "slug",
        "kind",
        "published_on",
        "position",
        "status",
        "programs",
        "description_en",
        "description_es",
        "description_fr",
        "description_pt",
    ]
    assert [f.formset.prefix for f in response.context["inline_admin_formsets"]] == [
        "editions",
        "co_publisher_links",
    ]


def test_publication_added_through_admin_with_editions_and_a_co_publisher(client):
    year, program, partner = ReportingYearFactory(year=2020), ProgramFactory(), PartnerFactory()
    client.force_login(EditorFactory())
    data = publication_form(
        year,
        [program],
        **management("editions", total=2),
        **{"editions-0-language": "en", "editions-0-url": "example.org/report-en.pdf"},
        **{"editions-1-language": "es", "editions-1-url": ""},
        **management("co_publisher_links", total=1),
        **{
            "co_publisher_links-0-partner": partner.pk,
            "co_publisher_links-0-position": "0",
            "co_publisher_links-0-name_as_printed_en": "the Inter-American Development Bank",
        },
    )

    response = client.post(ADD, data)

    assert response.status_code == 302
    publication = Publication.objects.get()
    assert (publication.title, publication.published_on) == (
        "Cybersecurity in Latin America and the Caribbean",
        datetime.date(2020, 7, 1),
    )
    assert list(publication.programs.all()) == [program]
    assert [(e.language, e.url) for e in publication.editions.all()] == [
        ("en", "https://example.org/report-en.pdf"),
        ("es", ""),
    ]
    assert [
        (link.partner, link.name_as_printed_en, link.name_as_printed_es)
        for link in publication.co_publisher_links.all()
    ] == [(partner, "the Inter-American Development Bank", "")]


def test_publication_admin_shows_two_editions_in_one_language_on_the_form(client):
    year, program = ReportingYearFactory(year=2020), ProgramFactory()
    client.force_login(EditorFactory())
    data = publication_form(
        year,
        [program],
        **management("editions", total=2),
        **{"editions-0-language": "en", "editions-0-url": ""},
        **{"editions-1-language": "en", "editions-1-url": ""},
    )

    response = client.post(ADD, data)

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.non_form_errors() == ["Please correct the duplicate data for language."]
    assert Publication.objects.count() == 0


def test_publication_admin_shows_a_mid_month_date_in_plain_words(client):
    year, program = ReportingYearFactory(year=2020), ProgramFactory()
    client.force_login(EditorFactory())

    response = client.post(ADD, publication_form(year, [program], published_on="2020-07-15"))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "__all__": ["Use the first day of the publication month."]
    }


def test_program_officer_changes_a_publication_of_their_program(client):
    mine = ProgramFactory()
    publication = PublicationFactory(programs=[mine], title="Old title")
    client.force_login(ProgramOfficerFactory(programs=[mine]))

    response = client.post(
        reverse("admin:publications_publication_change", args=[publication.pk]),
        publication_form(publication.year, [mine], title_en="New title", slug=publication.slug),
    )

    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.title == "New title"


def test_program_officer_cannot_change_a_publication_of_another_program(client):
    mine, theirs = ProgramFactory(), ProgramFactory()
    publication = PublicationFactory(programs=[theirs], title="Their publication")
    client.force_login(ProgramOfficerFactory(programs=[mine]))

    response = client.post(
        reverse("admin:publications_publication_change", args=[publication.pk]),
        publication_form(publication.year, [mine], title_en="Taken over", slug=publication.slug),
    )

    assert response.status_code == 403
    publication.refresh_from_db()
    assert publication.title == "Their publication"
    assert list(publication.programs.all()) == [theirs]
