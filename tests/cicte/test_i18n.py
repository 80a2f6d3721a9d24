"""The site in the OAS languages (README "Languages"): language-prefixed pages, the switcher and
hreflang alternates, translated content with its English fallback, Spanish order and dates, and
a Spanish catalogue with every string translated."""

import datetime
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import polib
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation

from cicte.text import and_list
from events.models import Event
from partners.enums import PartnerCategory
from partners.models import Partner
from tests.factories.cicte import ReportingYearFactory
from tests.factories.events import EventDateFactory, EventFactory, EventPartnerFactory
from tests.factories.partners import PartnerFactory, PartnerYearFactory
from tests.factories.programs import ActivityFactory, ProgramFactory, ProgramYearFactory
from tests.factories.publications import EditionFactory, PublicationFactory
from tests.factories.users import EditorFactory
from tests.html import parse, texts

pytestmark = pytest.mark.django_db

NAVIGATION = {
    "en": ["Programs", "Events", "Partners", "Publications", "Annual reports"],
    "es": ["Programas", "Eventos", "Socios", "Publicaciones", "Informes anuales"],
}


def url_in(language, name, *args):
    with translation.override(language):
        return reverse(name, args=args)


@pytest.fixture
def site():
    """One of everything a public page shows, in English, with Spanish names where it matters."""
    year = ReportingYearFactory(year=2020)
    program = ProgramFactory(slug="maritime-security", name="Maritime security")
    program.name_es = "Seguridad marítima"
    program.save()
    ProgramYearFactory(program=program, year=year, narrative="Ports and coasts.")
    ActivityFactory(program=program, year=year, title="Port security assessment")
    event = EventFactory(
        year=year, slug="port-webinar-2020", title="Port webinar", programs=[program]
    )
    EventDateFactory(event=event, start=datetime.date(2020, 1, 27), end=datetime.date(2020, 1, 31))
    partner = PartnerFactory(slug="imo", name="International Maritime Organization", acronym="IMO")
    partner.name_es, partner.acronym_es = "Organización Marítima Internacional", "OMI"
    partner.save()
    PartnerYearFactory(partner=partner, year=year, financial_contributor=True)
    EventPartnerFactory(event=event, partner=partner, role="organiser")
    publication = PublicationFactory(
        year=year, slug="port-guide", title="Port guide", programs=[program]
    )
    EditionFactory(publication=publication, language="en")
    return {"year": year, "program": program, "event": event, "partner": partner}


PUBLIC_PAGES = [
    ("home", ()),
    ("programs:list", ()),
    ("programs:detail", ("maritime-security",)),
    ("events:list", ()),
    ("events:detail", ("port-webinar-2020",)),
    ("partners:list", ()),
    ("partners:detail", ("imo",)),
    ("publications:list", ()),
    ("publications:detail", ("port-guide",)),
    ("reports:list", ()),
    ("reports:detail", (2020,)),
    *[("reports:annex", (2020, number)) for number in range(1, 5)],
]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(("name", "args"), PUBLIC_PAGES)
def test_every_public_page_renders_in_english_and_spanish(client, site, name, args, language):
    path = url_in(language, name, *args)

    response = client.get(path)

    assert response.status_code == 200
    page = parse(response)
    assert page.one("html").attrs["lang"] == language
    assert [a.text for a in page.one("nav", class_="site-nav").select("a")] == NAVIGATION[language]
    alternates = [
        (link.attrs["hreflang"], link.attrs["href"])
        for link in page.select("link", rel="alternate")
        if "hreflang" in link.attrs
    ]
    unprefixed = path.removeprefix(f"/{language}")
    assert alternates == [
        ("en", f"http://testserver/en{unprefixed}"),
        ("x-default", f"http://testserver{unprefixed}"),
        ("es", f"http://testserver/es{unprefixed}"),
        ("fr", f"http://testserver/fr{unprefixed}"),
        ("pt", f"http://testserver/pt{unprefixed}"),
    ]


def test_language_switcher_keeps_the_page_and_marks_the_current_language(client, site):
    response = client.get("/es/events/port-webinar-2020/")

    switcher = parse(response).one("nav", class_="language-switcher")
    assert [
        (a.text, a.attrs["href"], a.attrs["hreflang"], a.attrs["lang"], "aria-current" in a.attrs)
        for a in switcher.select("a")
    ] == [
        ("English", "/en/events/port-webinar-2020/", "en", "en", False),
        ("Español", "/es/events/port-webinar-2020/", "es", "es", True),
        ("Français", "/fr/events/port-webinar-2020/", "fr", "fr", False),
        ("Português", "/pt/events/port-webinar-2020/", "pt", "pt", False),
    ]


def test_a_filter_url_keeps_working_across_a_language_switch(client, site):
    other = EventFactory(year=site["year"], title="Unrelated meeting")
    EventDateFactory(event=other, start=datetime.date(2020, 3, 2))
    english = client.get("/en/events/?program=maritime-security")
    switcher = parse(english).one("nav", class_="language-switcher")
    spanish_link = switcher.one("a", hreflang="es").attrs["href"]

    spanish = client.get(spanish_link)

    assert spanish_link == "/es/events/?program=maritime-security"
    assert spanish.status_code == 200
    assert [e.slug for e in spanish.context["page"].object_list] == ["port-webinar-2020"]
    assert [e.slug for e in english.context["page"].object_list] == ["port-webinar-2020"]
    assert parse(spanish).one("html").attrs["lang"] == "es"


def test_a_404_page_offers_the_home_page_in_each_language(client):
    response = client.get("/es/no-such-page/?q=x")

    assert response.status_code == 404
    page = parse(response)
    assert page.one("html").attrs["lang"] == "es"
    assert page.one("h1").text == "Página no encontrada"
    assert [a.attrs["href"] for a in page.one("nav", class_="language-switcher").select("a")] == [
        "/en/",
        "/es/",
        "/fr/",
        "/pt/",
    ]


@pytest.mark.parametrize(
    "path", ["/en//evil.example/x/", "/es//evil.example/x/?page=2", "/en/\\evil.example/"]
)
def test_a_404_page_links_only_to_this_site(client, path):
    response = client.get(path)

    page = parse(response)
    alternates = {
        link.attrs["hreflang"]: link.attrs["href"]
        for link in page.select("link", rel="alternate")
        if "hreflang" in link.attrs
    }
    assert response.status_code == 404
    assert alternates == {
        "en": "http://testserver/en/",
        "x-default": "http://testserver/",
        "es": "http://testserver/es/",
        "fr": "http://testserver/fr/",
        "pt": "http://testserver/pt/",
    }
    switcher = page.one("nav", class_="language-switcher").select("a")
    assert [a.attrs["href"] for a in switcher] == ["/en/", "/es/", "/fr/", "/pt/"]


# Addresses without a prefix


@pytest.mark.parametrize(
    ("accept_language", "location"),
    [
        ("", "/en/events/?program=maritime-security&kind=webinar"),
        ("es-CO,es;q=0.9,en;q=0.5", "/es/events/?program=maritime-security&kind=webinar"),
        ("pt-BR", "/pt/events/?program=maritime-security&kind=webinar"),
    ],
)
def test_an_unprefixed_address_redirects_to_the_visitors_language_keeping_the_query(
    client, accept_language, location
):
    response = client.get(
        "/events/?program=maritime-security&kind=webinar", HTTP_ACCEPT_LANGUAGE=accept_language
    )

    assert (response.status_code, response["Location"]) == (302, location)


def test_the_unprefixed_home_page_redirects_and_an_unknown_address_stays_404(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="es").headers["Location"] == "/es/"
    assert client.get("/reports/2020/").headers["Location"] == "/en/reports/2020/"
    assert client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="es").status_code == 404


def test_machines_and_staff_have_addresses_without_a_language():
    with translation.override("es"):
        assert [
            reverse("healthz"),
            reverse("admin:index"),
            reverse("events-csv"),
            reverse("sitemap"),
            reverse("events:list"),
        ] == ["/healthz", "/admin/", "/events.csv", "/sitemap.xml", "/es/events/"]


def test_the_admin_speaks_the_browsers_language(client):
    client.force_login(EditorFactory())

    response = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="es")

    assert parse(response).one("html").attrs["lang"] == "es"
    assert "Programas" in response.content.decode()


# Content in each language


def test_a_missing_translation_reads_in_english_with_a_discreet_note(client, site):
    spanish = parse(client.get("/es/events/port-webinar-2020/"))
    english = parse(client.get("/en/events/port-webinar-2020/"))

    title = spanish.one("h1")
    assert title.text == "Port webinar (en inglés)"
    assert title.one("span", lang="en").text == "Port webinar"
    assert title.one("span", class_="translation-note").text == "(en inglés)"
    assert english.one("h1").text == "Port webinar"
    assert english.one("h1").select("span") == []


def test_a_translated_title_reads_in_spanish_without_a_note(client, site):
    event = site["event"]
    event.title_es = "Seminario web sobre puertos"
    event.save()

    title = parse(client.get("/es/events/port-webinar-2020/")).one("h1")

    assert title.text == "Seminario web sobre puertos"
    assert title.select("span") == []


def test_program_and_partner_names_read_in_spanish(client, site):
    page = parse(client.get("/es/events/port-webinar-2020/"))

    facts = page.one("dl", class_="facts")
    assert "Seguridad marítima" in facts.text
    assert page.one("ul", class_="role-list").one("a").text == (
        "Organización Marítima Internacional (OMI)"
    )


def test_a_partner_name_shown_in_english_is_marked_english_without_a_note(client, site):
    PartnerYearFactory(
        partner=PartnerFactory(name="Stimson Center", category=PartnerCategory.CIVIL_SOCIETY),
        year=site["year"],
    )

    annex = parse(client.get("/es/reports/2020/annex-4/"))

    names = [li.one("a") for li in annex.select("ul", class_="annex-4")[1].select("li")]
    assert [(a.text, [s.attrs.get("lang") for s in a.select("span")]) for a in names] == [
        ("Stimson Center", ["en"])
    ]


def test_the_acronym_note_is_only_the_one_written_in_the_names_language():
    partner = PartnerFactory(
        name="Andean Community of Nations", acronym="CAN", acronym_note="for its acronym in Spanish"
    )

    with translation.override("es"):
        without_spanish_name = partner.annex_name
    partner.name_es = "Comunidad Andina"
    with translation.override("es"):
        spanish = partner.annex_name

    assert partner.annex_name == "Andean Community of Nations (CAN for its acronym in Spanish)"
    assert without_spanish_name == "Andean Community of Nations (CAN for its acronym in Spanish)"
    assert spanish == "Comunidad Andina (CAN)"


def test_search_finds_the_spanish_title_in_spanish_and_the_english_one_always(site):
    event = site["event"]
    event.title_es = "Seminario web sobre puertos"
    event.save()
    events = Event.objects.all()

    with translation.override("es"):
        spanish_words, english_words = events.search("puertos"), events.search("Port webinar")
    with translation.override("en"):
        spanish_in_english = events.search("puertos")

    assert list(spanish_words) == [event]
    assert list(english_words) == [event]
    assert list(spanish_in_english) == []


def test_events_filter_search_works_in_spanish(client, site):
    event = site["event"]
    event.title_es = "Seminario web sobre puertos"
    event.save()

    response = client.get("/es/events/?q=puertos")

    assert texts(response, "h3", class_="summary-title") == ["Seminario web sobre puertos"]


def test_numbers_follow_the_language(client, site):
    event = site["event"]
    event.attendance = 1500
    event.save()

    english = parse(client.get("/en/events/port-webinar-2020/")).one("dl", class_="facts")
    spanish = parse(client.get("/es/events/port-webinar-2020/")).one("dl", class_="facts")

    assert "Attendance 1,500" in english.text
    assert "Asistencia 1.500" in spanish.text


def test_spanish_joins_a_last_name_starting_with_i_with_e():
    with translation.override("es"):
        assert and_list(["la Secretaría", "INTERPOL"]) == "la Secretaría e INTERPOL"
        assert and_list(["México", "Canadá"]) == "México y Canadá"
        assert and_list(["Canadá", "Hielo"]) == "Canadá y Hielo"
    assert and_list(["the CICTE Secretariat", "INTERPOL"]) == "the CICTE Secretariat and INTERPOL"


# The 2020 report in Spanish


@pytest.fixture
def report_2020(db):
    call_command("loaddata", "report_2020", verbosity=0)


SPANISH_ANNEX_4 = {
    "Estados Miembros": [
        "Canadá *",
        "Chile *",
        "Colombia *",
        "Estados Unidos *",
        "México *",
        "Panamá *",
        "República Dominicana *",
        "Uruguay *",
    ],
    "Observadores Permanentes": [
        "España",
        "Estonia *",
        "Israel *",
        "Países Bajos *",
        "Reino Unido *",
        "Unión Europea *",
    ],
    "Organizaciones internacionales, organismos regionales y foros internacionales": [
        "Banco de Desarrollo del Caribe (CDB) *",
        "Banco Interamericano de Desarrollo (BID) *",
        "Banco Mundial",
        "CARICOM IMPACS",
        "Comité 1540 del Consejo de Seguridad de las Naciones Unidas y su Grupo de Expertos",
        "Comunidad Andina (CAN)",
        "Consejo de Europa",
        "Dirección Ejecutiva del Comité contra el Terrorismo de las Naciones Unidas (DECT)",
        "Global Counter Terrorism Forum (GCTF)",
        "Global Forum on Cyber Expertise *",
        "Grupo de Acción Financiera de Latinoamérica (GAFILAT)",
        "Instituto de las Naciones Unidas para Formación Profesional e Investigaciones (UNITAR)",
        "Instituto Interregional de las Naciones Unidas para Investigaciones sobre la "
        "Delincuencia y la Justicia (UNICRI)",
        "Oficina de las Naciones Unidas de Lucha contra el Terrorismo (UNOCT)",
        "Oficina de las Naciones Unidas para Asuntos de Desarme (UNODA)",
        "Organización Internacional de Policía Criminal (INTERPOL)",
        "Organización Marítima Internacional (OMI)",
        "Organización Mundial de Aduanas (OMA)",
        "Organización Mundial del Comercio (OMC)",
        "Organización Panamericana de la Salud (OPS)",
        "Regional Security System (RSS)",
        "Secretaría General del Sistema de la Integración Económica Centroamericana (SG/SIECA)",
    ],
    "Sector académico": [
        "Florida International University (FIU)",
        "International Maritime Business School (IMBS)",
        "National Consortium for the Study of Terrorism and Responses to Terrorism (START) of "
        "the University of Maryland",
        "Oxford University - Center for Global Cybersecurity Capacity",
    ],
    "Sector privado": [
        "Amazon Web Services *",
        "Asociación de Entidades Bancarias y Financieras de Colombia",
        "Cisco Systems inc. *",
        "Citi Banamex",
        "Citi Foundation *",
        "FIRST",
        "Internet Corporation for Assigned Names and Numbers (ICANN)",
        "Microsoft",
        "Trend Micro",
    ],
    "Sociedad civil": [
        "Congreso Judío Latinoamericano",
        "Global Partners Digital",
        "Save the Dream",
        "Stimson Center",
    ],
    "Otros": ["Parlamentarios para la Acción Global (PGA)"],
}


def test_spanish_annex_4_lists_partners_alphabetically_by_their_spanish_names(client, report_2020):
    page = parse(client.get("/es/reports/2020/annex-4/"))

    sections = page.select("section", class_="annex-category")
    assert {
        section.one("h2").text: [li.text for li in section.select("li")] for section in sections
    } == SPANISH_ANNEX_4
    assert [section.one("h2").text for section in sections] == list(SPANISH_ANNEX_4)


def test_spanish_annex_1_and_2_dates_read_in_spanish(client, report_2020):
    annex_1 = parse(client.get("/es/reports/2020/annex-1/")).one("ol", class_="annex-1")
    annex_2 = parse(client.get("/es/reports/2020/annex-2/")).one("ol", class_="annex-2")

    annex_1_entries = [li.text for li in annex_1.select("li")]
    annex_2_entries = [li.text for li in annex_2.select("li")]
    assert annex_1_entries[1] == (
        "Visit of policymakers from OAS Member States. Exchange of experiences and best "
        "practices in cybersecurity (en inglés) patrocinado por los Gobiernos de España y "
        "Estonia. 27-31 de enero de 2020. *"
    )
    assert annex_1_entries[4].endswith("Formato virtual. junio-diciembre de 2020. ***")
    assert annex_1_entries[5] == (
        "GAFILAT Virtual Plenaries. (en inglés) Grupo de Acción Financiera de Latinoamérica "
        "(GAFILAT). Formato virtual. 17 de junio y 30 de noviembre al 3 de diciembre de 2020. ***"
    )
    assert annex_2_entries[15] == (
        "Webinars on terrorist financing and the implications of the fight against it in the new "
        "context of the pandemic. (en inglés) Organizado por la Secretaría del CICTE con el "
        "apoyo de SEPRELAD-Paraguay. 24, 26 y 28 de agosto."
    )


def test_spanish_report_reads_in_spanish_from_its_cover(client, report_2020):
    page = parse(client.get("/es/reports/2020/"))

    assert page.one("h1").text == (
        "Informe Anual 2020 del Comité Interamericano contra el Terrorismo (CICTE) al "
        "Quincuagésimo Primer Período Ordinario de Sesiones de la Asamblea General"
    )
    assert page.one("p", class_="report-approval").text == (
        "(Aprobado en la cuarta sesión plenaria, celebrada el 8 de octubre de 2021)"
    )
    assert [h.text for h in page.one("section", id="framework").select("h3")] == [
        "Implementación de la Convención Interamericana contra el Terrorismo",
        "Reunión anual",
        "Reuniones de los órganos políticos de la OEA",
        "Día Interamericano contra el Terrorismo",
    ]
    assert page.one("section", id="cooperation").select("h2")[0].text == (
        "V. Comunicaciones, consultas y cooperación interinstitucional"
    )
    assert (
        page.one("section", id="introduction")
        .select("p")[0]
        .text.startswith(
            "El Comité Interamericano contra el Terrorismo (CICTE) es una entidad de la "
            "Organización de los Estados Americanos (OEA)"
        )
    )
    first_note = page.one("section", id="annex-4").one("aside").select("p")[0]
    assert first_note.text.startswith(
        "Nota editorial: El anexo impreso marca con asterisco a 13 organizaciones"
    )


def test_a_name_as_printed_reads_in_the_visitors_language(client):
    year = ReportingYearFactory(year=2020)
    webinar = EventFactory(year=year, title="Webinar “Youth”", kind="virtual_dialogue")
    EventDateFactory(event=webinar, start=datetime.date(2020, 7, 30))
    for position, (name, name_es, printed, printed_es) in enumerate(
        [
            ("Mexico", "México", "the Government of Mexico", "el Gobierno de México"),
            # No Spanish printed form: the partner's Spanish name.
            ("Canada", "Canadá", "Canada as Chair of the Committee", ""),
            # Neither: the English printed form.
            ("CARICOM Implementation Agency", "", "CARICOM IMPACS", ""),
        ]
    ):
        EventPartnerFactory(
            event=webinar,
            partner=PartnerFactory(name=name, name_es=name_es),
            role="collaborator",
            position=position,
            name_as_printed=printed,
            name_as_printed_es=printed_es,
        )

    english = texts(client.get("/en/reports/2020/annex-2/"), "ol", class_="annex-2")
    spanish = texts(client.get("/es/reports/2020/annex-2/"), "ol", class_="annex-2")

    assert english == [
        "Webinar “Youth”. Organized by the CICTE Secretariat in collaboration with the "
        "Government of Mexico, Canada as Chair of the Committee and CARICOM IMPACS. July 30."
    ]
    assert spanish == [
        "Webinar “Youth”. (en inglés) Organizado por la Secretaría del CICTE en colaboración "
        "con el Gobierno de México, Canadá y CARICOM IMPACS. 30 de julio."
    ]


def test_spanish_annex_3_gives_the_spanish_only_study_its_spanish_title(client, report_2020):
    annex_3 = parse(client.get("/es/reports/2020/annex-3/")).one("ol", class_="annex-3")
    english = parse(client.get("/en/reports/2020/annex-3/")).one("ol", class_="annex-3")

    spanish_titles = [li.select("a")[0].text for li in annex_3.select("li")]
    assert spanish_titles[-1] == (
        "“Estado de la Ciberseguridad en el Sistema Financiero Colombiano.”"
    )
    first = annex_3.select("li")[0]
    assert first.select("a")[0].one("span", lang="en").text == (
        "Cybersecurity Report 2020 - Risks, Progress and the Way Forward in Latin America and "
        "the Caribbean."
    )
    assert first.one("span", class_="translation-note").text == "(en inglés)"
    assert [li.select("a")[0].text for li in english.select("li")][-1] == (
        "“State of Cybersecurity in the Colombian Financial System.”"
    )


def test_the_2020_programs_have_their_spanish_names(client, report_2020):
    page = parse(client.get("/es/programs/"))

    assert [h2.text for h2 in page.select("h2", class_="card-title")] == [
        "Ciberseguridad",
        "Implementación de la Resolución 1540 (2004) del Consejo de Seguridad de las Naciones "
        "Unidas",
        "Prevención del extremismo violento",
        "Seguridad fronteriza",
        "Seguridad de espacios concurridos, incluidos destinos turísticos y grandes eventos",
        "Asistencia legislativa y técnica contra el financiamiento del terrorismo",
        "Red Interamericana contra el Terrorismo",
        "Comité y Secretaría",
    ]


# The back office


def test_the_admin_edits_every_language_of_a_field_side_by_side(client, site):
    client.force_login(EditorFactory())

    response = client.get(reverse("admin:events_event_change", args=[site["event"].pk]))

    [row] = [
        div
        for div in parse(response).select("div", class_="form-row")
        if "field-title_en" in div.classes
    ]
    assert row.classes == [
        "form-row",
        "field-title_en",
        "field-title_es",
        "field-title_fr",
        "field-title_pt",
    ]
    assert [label.text for label in row.select("label")] == [
        "Title (English):",
        "Title (Spanish):",
        "Title (French):",
        "Title (Portuguese):",
    ]
    assert "required" in row.one("input", name="title_en").attrs
    assert "required" not in row.one("input", name="title_es").attrs


def test_the_admin_search_finds_a_record_by_its_spanish_text(client, site):
    event = site["event"]
    event.title_es = "Seminario web sobre puertos"
    event.save()
    client.force_login(EditorFactory())

    response = client.get(reverse("admin:events_event_changelist"), {"q": "puertos"})

    assert list(response.context["cl"].result_list) == [event]


# Fixtures and migrations


def test_a_fixture_must_name_the_language_of_a_translated_field(tmp_path, settings):
    ReportingYearFactory(year=2020)
    fixture = tmp_path / "report_2020.json"
    fixture.write_text(
        '[{"model": "partners.partner", "fields": {"name": "Canada", "slug": "canada", '
        '"category": "member_state"}}]',
        encoding="utf-8",
    )
    settings.FIXTURE_DIRS = [tmp_path]

    with pytest.raises(CommandError, match=r"field 'name': translated: give name_en"):
        call_command("loadreport", "2020", verbosity=0)
    assert not Partner.objects.exists()


@pytest.fixture
def before_translations(transactional_db):
    """The models as of partners 0001, the database migrated back to it; every app's latest
    again at teardown, whatever the test did (failed, interrupted), so no later test finds the
    schema migrated back. `before_translations.forward()` migrates forward earlier."""
    executor = MigrationExecutor(connection)
    before = [("partners", "0001_initial")]
    # Every app's latest: going back to partners 0001 unapplies the migrations that depend on
    # it in other apps too.
    latest = executor.loader.graph.leaf_nodes()

    def forward():
        MigrationExecutor(connection).migrate(latest)

    try:
        executor.migrate(before)
        yield SimpleNamespace(apps=executor.loader.project_state(before).apps, forward=forward)
    finally:
        forward()


def test_the_migration_keeps_existing_text_as_english(before_translations):
    old_partner = before_translations.apps.get_model("partners", "Partner")
    old_partner.objects.create(name="Canada", slug="canada", category="member_state")

    before_translations.forward()

    partner = Partner.objects.get(slug="canada")
    assert (partner.name_en, partner.name_es, partner.name) == ("Canada", "", "Canada")
    with translation.override("es"):
        assert partner.name == "Canada"


# The catalogue

# What is not source: the tests, installed packages, tools' and builds' output.
NOT_SOURCE = shutil.ignore_patterns(
    ".*", "node_modules", "staticfiles", "tests", "build", "artifacts", "backups", "*.mo",
    "__pycache__",
)  # fmt: skip


def test_makemessages_leaves_no_untranslated_spanish_string(tmp_path):
    """As `make makemessages` would leave locale/es, in a copy of the tree (no side effect)."""
    tree = tmp_path / "tree"
    shutil.copytree(settings.BASE_DIR, tree, ignore=NOT_SOURCE)

    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "es", "--no-obsolete"],
        cwd=tree,
        env={**os.environ, "DEBUG": "true"},
        check=True,
        capture_output=True,
    )

    catalogue = polib.pofile(str(tree / "locale/es/LC_MESSAGES/django.po"))
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    assert catalogue.percent_translated() == 100
    assert Path(tree / "locale/fr/LC_MESSAGES/django.po").is_file()
    assert Path(tree / "locale/pt/LC_MESSAGES/django.po").is_file()


def test_history_keeps_every_language_of_the_reports_own_texts_and_printed_names():
    year = ReportingYearFactory(year=2020, title="Annual Report 2020")
    link = EventPartnerFactory(name_as_printed="the Government of Mexico")

    year.approved_at_es = "cuarta sesión plenaria"
    year.save()
    link.name_as_printed_es = "el Gobierno de México"
    link.save()

    assert [h.approved_at_es for h in year.history.all()] == ["cuarta sesión plenaria", ""]
    assert [(h.name_as_printed_en, h.name_as_printed_es) for h in link.history.all()] == [
        ("the Government of Mexico", "el Gobierno de México"),
        ("the Government of Mexico", ""),
    ]
