"""Keep Event.starts_on/ends_on equal to the span of its date ranges.

They are denormalised so that lists can sort and filter on an indexed column; every write to a
date range (admin, fixtures, shell) goes through these receivers, loaddata included.
"""

from django.db.models import Max, Min
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from events.models import Event, EventDate


@receiver([post_save, post_delete], sender=EventDate)
def refresh_event_span(sender, instance, **kwargs):
    span = EventDate.objects.filter(event_id=instance.event_id).aggregate(
        starts_on=Min("start"), ends_on=Max("end")
    )
    Event.objects.filter(pk=instance.event_id).update(**span)
