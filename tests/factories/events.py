import datetime

import factory

from cicte.enums import ContentStatus
from events.enums import EventFormat, EventKind, SecretariatRole
from events.models import Event, EventDate, EventPartner
from tests.factories.cicte import ReportingYearFactory
from tests.factories.partners import PartnerFactory


class EventFactory(factory.django.DjangoModelFactory):
    """An event with no date range; add them with EventDateFactory(event=…)."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    year = factory.SubFactory(ReportingYearFactory)
    title = factory.Sequence(lambda n: f"Event {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    kind = EventKind.WEBINAR
    format = EventFormat.VIRTUAL
    status = ContentStatus.PUBLISHED
    secretariat_role = SecretariatRole.ORGANISER

    @factory.post_generation
    def programs(self, create, extracted, **kwargs):
        if create and extracted:
            self.programs.set(extracted)


class EventDateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventDate

    event = factory.SubFactory(EventFactory)
    start = factory.Sequence(lambda n: datetime.date(2020, 1, 1) + datetime.timedelta(days=n))
    end = factory.SelfAttribute("start")


class EventPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventPartner

    event = factory.SubFactory(EventFactory)
    partner = factory.SubFactory(PartnerFactory)
    role = "co_organiser"
