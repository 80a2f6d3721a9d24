import pytest
from django.urls import reverse

from partners.models import Partner
from tests.admin_forms import changelist_rows
from tests.factories.cicte import ReportingYearFactory
from tests.factories.partners import PartnerFactory, PartnerYearFactory
from tests.factories.users import EditorFactory

pytestmark = pytest.mark.django_db

PARTNERS = reverse("admin:partners_partner_changelist")
PARTNER_YEARS = reverse("admin:partners_partneryear_changelist")


def test_partner_changelist_shows_partners_and_their_annex_years(client):
    partner = PartnerFactory(name="Government of Canada", country="CA")
    PartnerYearFactory(partner=partner, year=ReportingYearFactory(year=2020))
    PartnerYearFactory(
        partner=partner, year=ReportingYearFactory(year=2019), financial_contributor=True
    )
    PartnerYearFactory(partner=partner, year=ReportingYearFactory(year=2018), listed_in_annex=False)
    client.force_login(EditorFactory())

    response = client.get(PARTNERS)

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [partner]
    content = response.content.decode()
    assert "Government of Canada" in content
    assert '<td class="field-annex_years">2019*, 2020</td>' in content


@pytest.mark.parametrize("rows", [1, 50])
def test_partner_changelist_queries_do_not_grow_with_rows(client, django_assert_num_queries, rows):
    years = [ReportingYearFactory(year=2019), ReportingYearFactory(year=2020)]
    for number in range(rows):
        partner = PartnerFactory(name=f"Partner {number:02}", country="CA")
        PartnerYearFactory(year=years[0], partner=partner, financial_contributor=True)
        PartnerYearFactory(year=years[1], partner=partner)
    client.force_login(EditorFactory())

    with django_assert_num_queries(10):
        response = client.get(PARTNERS)

    # Name, acronym, category, country, the years in the annex (* a financial contributor).
    assert changelist_rows(response) == [
        f"Partner {number:02} - International organizations, regional bodies, and "
        "international forums Canada 2019*, 2020"
        for number in range(rows)
    ]


def test_partner_add_form_shows_every_field_to_an_editor(client):
    client.force_login(EditorFactory())

    response = client.get(reverse("admin:partners_partner_add"))

    assert response.status_code == 200
    assert list(response.context["adminform"].form.fields) == [
        "name_en",
        "name_es",
        "name_fr",
        "name_pt",
        "acronym_en",
        "acronym_es",
        "acronym_fr",
        "acronym_pt",
        "acronym_note_en",
        "acronym_note_es",
        "acronym_note_fr",
        "acronym_note_pt",
        "slug",
        "category",
        "country",
        "website",
        "description_en",
        "description_es",
        "description_fr",
        "description_pt",
    ]
    assert [f.formset.prefix for f in response.context["inline_admin_formsets"]] == ["years"]


def test_partner_added_through_admin_with_its_year(client):
    year = ReportingYearFactory(year=2020)
    client.force_login(EditorFactory())

    response = client.post(
        reverse("admin:partners_partner_add"),
        {
            "name_en": "Inter-American Drug Abuse Control Commission",
            "acronym_en": "CICAD",
            "acronym_note_en": "",
            "slug": "cicad",
            "category": "international",
            "country": "",
            "website": "",
            "description_en": "",
            "years-TOTAL_FORMS": "1",
            "years-INITIAL_FORMS": "0",
            "years-MIN_NUM_FORMS": "0",
            "years-MAX_NUM_FORMS": "1000",
            "years-0-year": year.pk,
            "years-0-financial_contributor": "on",
            "years-0-listed_in_annex": "on",
        },
    )

    assert response.status_code == 302
    partner = Partner.objects.get()
    assert (partner.name, partner.acronym, partner.slug) == (
        "Inter-American Drug Abuse Control Commission",
        "CICAD",
        "cicad",
    )
    assert [(y.year, y.financial_contributor) for y in partner.years.all()] == [(year, True)]


def test_partner_admin_shows_a_donor_left_out_of_annex_4_in_plain_words(client):
    year = ReportingYearFactory(year=2020)
    client.force_login(EditorFactory())

    response = client.post(
        reverse("admin:partners_partneryear_add"),
        {"partner": PartnerFactory().pk, "year": year.pk, "financial_contributor": "on"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "__all__": ["A financial contributor is always listed in Annex 4."]
    }


def test_partner_year_changelist_shows_partner_years_to_an_editor(client):
    entry = PartnerYearFactory(
        partner=PartnerFactory(name="Government of Canada"),
        year=ReportingYearFactory(year=2020),
    )
    client.force_login(EditorFactory())

    response = client.get(PARTNER_YEARS)

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [entry]
    assert "Government of Canada" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 50])
def test_partner_year_changelist_queries_do_not_grow_with_rows(
    client, django_assert_num_queries, rows
):
    year = ReportingYearFactory(year=2020)
    names = [PartnerYearFactory(year=year).partner.name for _ in range(rows)]
    client.force_login(EditorFactory())

    with django_assert_num_queries(8):
        response = client.get(PARTNER_YEARS)

    # Partner, year, financial contributor (an icon).
    assert sorted(changelist_rows(response)) == sorted(f"{name} 2020 -" for name in names)


def test_partner_year_add_form_shows_every_field_to_an_editor(client):
    client.force_login(EditorFactory())

    response = client.get(reverse("admin:partners_partneryear_add"))

    assert response.status_code == 200
    assert list(response.context["adminform"].form.fields) == [
        "partner",
        "year",
        "financial_contributor",
        "listed_in_annex",
        "name_as_printed_en",
        "name_as_printed_es",
        "name_as_printed_fr",
        "name_as_printed_pt",
    ]


def test_partner_autocomplete_answers_a_search(client):
    PartnerFactory(name="Inter-American Drug Abuse Control Commission", acronym="CICAD")
    PartnerFactory(name="Government of Canada")
    client.force_login(EditorFactory())

    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "cicad",
            "app_label": "events",
            "model_name": "eventpartner",
            "field_name": "partner",
        },
    )

    assert [r["text"] for r in response.json()["results"]] == [
        "Inter-American Drug Abuse Control Commission (CICAD)"
    ]
