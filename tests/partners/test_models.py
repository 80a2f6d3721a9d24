import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from partners.models import Partner, PartnerYear
from tests.factories.cicte import ReportingYearFactory
from tests.factories.partners import PartnerFactory, PartnerYearFactory

pytestmark = pytest.mark.django_db


def test_database_refuses_a_second_partner_year_for_the_same_year():
    existing = PartnerYearFactory()

    with pytest.raises(IntegrityError, match="partneryear_one_per_year"):
        PartnerYear.objects.create(partner=existing.partner, year=existing.year)


def test_partner_year_validation_rejects_a_second_one_for_the_same_year():
    existing = PartnerYearFactory()

    with pytest.raises(ValidationError) as excinfo:
        PartnerYear(partner=existing.partner, year=existing.year).full_clean()

    assert excinfo.value.message_dict == {
        "__all__": ["Partner's year with this Partner and Year already exists."]
    }


def test_database_refuses_a_financial_contributor_left_out_of_annex_4():
    with pytest.raises(IntegrityError, match="partneryear_donor_listed_in_annex"):
        PartnerYearFactory(financial_contributor=True, listed_in_annex=False)


def test_partner_year_validation_rejects_a_donor_left_out_of_annex_4_in_plain_words():
    entry = PartnerYear(
        partner=PartnerFactory(),
        year=ReportingYearFactory(),
        financial_contributor=True,
        listed_in_annex=False,
    )

    with pytest.raises(ValidationError) as excinfo:
        entry.full_clean()

    assert excinfo.value.message_dict == {
        "__all__": ["A financial contributor is always listed in Annex 4."]
    }


def test_database_refuses_a_second_partner_with_the_same_slug():
    PartnerFactory(slug="cicad")

    with pytest.raises(IntegrityError, match="partners_partner_slug_key"):
        Partner.objects.create(name="CICAD again", slug="cicad", category="international")


def test_partner_annex_name_adds_the_acronym_and_its_note():
    partner = PartnerFactory.build(
        name="Andean Community of Nations",
        acronym="CAN",
        acronym_note="for its acronym in Spanish",
    )

    assert partner.annex_name == "Andean Community of Nations (CAN for its acronym in Spanish)"


def test_partners_in_annex_are_those_listed_for_the_year():
    year = ReportingYearFactory(year=2020)
    listed = PartnerYearFactory(year=year, listed_in_annex=True).partner
    PartnerYearFactory(year=year, listed_in_annex=False)
    PartnerYearFactory(year=ReportingYearFactory(year=2019), listed_in_annex=True)

    assert list(Partner.objects.in_annex(year)) == [listed]


def test_partners_alphabetical_ignores_capitals_and_accents():
    for name in ["Zeta", "Nuevo León", "Ñandú", "Ecuador", "École", "Ávila", "austria"]:
        PartnerFactory(name=name)

    names = [partner.name for partner in Partner.objects.alphabetical()]

    assert names == ["austria", "Ávila", "École", "Ecuador", "Ñandú", "Nuevo León", "Zeta"]


def test_partners_alphabetical_in_spanish_puts_enye_after_n_and_reads_the_spanish_names():
    PartnerFactory(name="West", name_es="Oeste")
    PartnerFactory(name="Rhea", name_es="Ñandú")
    PartnerFactory(name="Nuevo León")  # no Spanish name: the English one is read
    PartnerFactory(name="Nation", name_es="nación")

    with translation.override("es"):
        spanish = [partner.name for partner in Partner.objects.alphabetical()]
    english = [partner.name for partner in Partner.objects.alphabetical()]

    assert spanish == ["nación", "Nuevo León", "Ñandú", "Oeste"]
    assert english == ["Nation", "Nuevo León", "Rhea", "West"]
