import factory

from partners.enums import PartnerCategory
from partners.models import Partner, PartnerYear
from tests.factories.cicte import ReportingYearFactory


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partner {n}")
    slug = factory.Sequence(lambda n: f"partner-{n}")
    category = PartnerCategory.INTERNATIONAL


class PartnerYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerYear

    partner = factory.SubFactory(PartnerFactory)
    year = factory.SubFactory(ReportingYearFactory)
