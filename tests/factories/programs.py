import factory

from programs.enums import ActivityKind
from programs.models import Activity, ActivityPartner, Program, ProgramPartner, ProgramYear
from tests.factories.cicte import ReportingYearFactory
from tests.factories.partners import PartnerFactory


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    name = factory.Sequence(lambda n: f"Program {n}")
    slug = factory.Sequence(lambda n: f"program-{n}")
    position = factory.Sequence(int)


class ProgramYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramYear

    program = factory.SubFactory(ProgramFactory)
    year = factory.SubFactory(ReportingYearFactory)
    narrative = "What the program did."


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    program = factory.SubFactory(ProgramFactory)
    year = factory.SubFactory(ReportingYearFactory)
    kind = ActivityKind.PROJECT
    title = factory.Sequence(lambda n: f"Activity {n}")
    slug = factory.Sequence(lambda n: f"activity-{n}")


class ActivityPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityPartner

    activity = factory.SubFactory(ActivityFactory)
    partner = factory.SubFactory(PartnerFactory)
    role = "implementer"


class ProgramPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramPartner

    program_year = factory.SubFactory(ProgramYearFactory)
    partner = factory.SubFactory(PartnerFactory)
    position = factory.Sequence(int)
