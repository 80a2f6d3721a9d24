"""Keep Event.starts_on/ends_on equal to the span of its date ranges, and give each event its
calendar_id.

starts_on/ends_on are denormalised so that lists can sort and filter on an indexed column; every
write to a date range (admin, fixtures, shell) goes through these receivers, loaddata included.
"""

from django.db.models import Max, Min
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from events.models import Event, EventDate


@receiver([post_save, post_delete], sender=EventDate)
def refresh_event_span(sender, instance, **kwargs):
    span = EventDate.objects.filter(event_id=instance.event_id).aggregate(
        starts_on=Min("start"), ends_on=Max("end")
    )
    Event.objects.filter(pk=instance.event_id).update(**span)


@receiver(pre_save, sender=Event)
def set_calendar_id(sender, instance, **kwargs):
    """A new event's calendar_id is its slug; an event that has one keeps it (a backup restored
    or a version reverted brings its own)."""
    if not instance.calendar_id:
        instance.calendar_id = instance.slug
