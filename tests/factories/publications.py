import datetime

import factory

from cicte.enums import ContentStatus, Language
from publications.enums import PublicationKind
from publications.models import CoPublisher, Edition, Publication
from tests.factories.cicte import ReportingYearFactory
from tests.factories.partners import PartnerFactory


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication
        skip_postgeneration_save = True

    year = factory.SubFactory(ReportingYearFactory)
    title = factory.Sequence(lambda n: f"Publication {n}")
    slug = factory.Sequence(lambda n: f"publication-{n}")
    kind = PublicationKind.REPORT
    published_on = datetime.date(2020, 7, 1)
    status = ContentStatus.PUBLISHED

    @factory.post_generation
    def programs(self, create, extracted, **kwargs):
        if create and extracted:
            self.programs.set(extracted)


class CoPublisherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoPublisher

    publication = factory.SubFactory(PublicationFactory)
    partner = factory.SubFactory(PartnerFactory)


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition

    publication = factory.SubFactory(PublicationFactory)
    language = Language.ENGLISH
    url = "https://example.org/report.pdf"
