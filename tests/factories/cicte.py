import factory

from cicte.enums import YearStatus
from cicte.models import ReportingYear


class ReportingYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingYear
        django_get_or_create = ["year"]

    year = factory.Sequence(lambda n: 2000 + n)
    title = factory.LazyAttribute(lambda o: f"Annual Report {o.year}")
    status = YearStatus.PUBLISHED
