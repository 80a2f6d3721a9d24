import factory

from cicte.enums import ReportPart, YearStatus
from cicte.models import EditorialNote, ReportingYear, ReportText


class ReportingYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingYear
        django_get_or_create = ["year"]

    year = factory.Sequence(lambda n: 2000 + n)
    title = factory.LazyAttribute(lambda o: f"Annual Report {o.year}")
    status = YearStatus.PUBLISHED


class ReportTextFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportText

    year = factory.SubFactory(ReportingYearFactory)
    part = ReportPart.COOPERATION
    position = factory.Sequence(int)
    heading = factory.Sequence(lambda n: f"Heading {n}")
    text = "What the report says."


class EditorialNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EditorialNote

    year = factory.SubFactory(ReportingYearFactory)
    part = ReportPart.ANNEX_4
    position = factory.Sequence(int)
    text = "What differs from the printed report, and why."
