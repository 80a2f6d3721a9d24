import datetime
from urllib.parse import urlencode

import pytest
from django.http import QueryDict

from cicte.enums import Language
from publications.filters import PublicationFilterSet
from publications.models import Publication
from tests.factories.cicte import ReportingYearFactory
from tests.factories.programs import ProgramFactory
from tests.factories.publications import EditionFactory, PublicationFactory

pytestmark = pytest.mark.django_db


def filtered(**data):
    return PublicationFilterSet(
        QueryDict(urlencode(data)), queryset=Publication.objects.published().chronological()
    )


def test_publication_filter_program_includes_sub_programs():
    border = ProgramFactory(slug="border-security")
    port = PublicationFactory(programs=[ProgramFactory(parent=border)])
    PublicationFactory(programs=[ProgramFactory()])

    assert list(filtered(program="border-security").qs) == [port]


def test_publication_filter_year_and_language_combine():
    year_2020, year_2021 = ReportingYearFactory(year=2020), ReportingYearFactory(year=2021)
    spanish_2020 = PublicationFactory(year=year_2020, published_on=datetime.date(2020, 10, 1))
    EditionFactory(publication=spanish_2020, language=Language.SPANISH)
    english_2020 = PublicationFactory(year=year_2020)
    EditionFactory(publication=english_2020, language=Language.ENGLISH)
    spanish_2021 = PublicationFactory(year=year_2021, published_on=datetime.date(2021, 3, 1))
    EditionFactory(publication=spanish_2021, language=Language.SPANISH)

    assert list(filtered(language="es").qs) == [spanish_2020, spanish_2021]
    assert list(filtered(language="es", year="2020").qs) == [spanish_2020]


@pytest.mark.parametrize(
    "data", [{"language": "xx"}, {"program": "nope"}, {"year": "1850"}, {"language": "\x00"}]
)
def test_publication_filter_bad_input_is_an_error_and_selects_nothing(data):
    PublicationFactory()

    filterset = filtered(**data)

    assert list(filterset.qs) == []
    assert list(filterset.errors) == list(data)
