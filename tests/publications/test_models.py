import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from publications.models import CoPublisher, Edition
from tests.factories.publications import (
    CoPublisherFactory,
    EditionFactory,
    PublicationFactory,
)

pytestmark = pytest.mark.django_db


def test_database_refuses_a_publication_date_that_is_not_the_first_of_a_month():
    with pytest.raises(IntegrityError, match="publication_month_precision"):
        PublicationFactory(published_on=datetime.date(2020, 7, 15))


def test_publication_validation_rejects_a_day_other_than_the_first_in_plain_words():
    publication = PublicationFactory()
    publication.published_on = datetime.date(2020, 7, 15)

    with pytest.raises(ValidationError) as excinfo:
        publication.full_clean()

    assert excinfo.value.message_dict == {
        "__all__": ["Use the first day of the publication month."]
    }


def test_database_refuses_the_same_co_publisher_twice():
    existing = CoPublisherFactory()

    with pytest.raises(IntegrityError, match="copublisher_unique_partner"):
        CoPublisher.objects.create(publication=existing.publication, partner=existing.partner)


def test_co_publisher_validation_rejects_the_same_partner_twice():
    existing = CoPublisherFactory()

    with pytest.raises(ValidationError) as excinfo:
        CoPublisher(publication=existing.publication, partner=existing.partner).full_clean()

    assert excinfo.value.message_dict == {
        "__all__": ["Co-publisher with this Publication and Partner already exists."]
    }


def test_database_refuses_two_editions_in_the_same_language():
    existing = EditionFactory(language="es")

    with pytest.raises(IntegrityError, match="edition_one_per_language"):
        Edition.objects.create(publication=existing.publication, language="es")


def test_edition_validation_rejects_two_editions_in_the_same_language():
    existing = EditionFactory(language="es")

    with pytest.raises(ValidationError) as excinfo:
        Edition(publication=existing.publication, language="es").full_clean()

    assert excinfo.value.message_dict == {
        "__all__": ["Language edition with this Publication and Language already exists."]
    }
