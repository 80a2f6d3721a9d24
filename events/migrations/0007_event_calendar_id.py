from django.db import migrations, models

# Each existing event's calendar UIDs were built from its slug: calendar_id takes the slug of
# today, so every UID already published stays byte-identical. History rows take the live
# event's (so that reverting to one keeps the UIDs), a deleted event's the slug it had.
FILL = """
UPDATE events_event SET calendar_id = slug;
UPDATE events_historicalevent AS h
   SET calendar_id = COALESCE((SELECT e.slug FROM events_event AS e WHERE e.id = h.id), h.slug);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0006_event_annex_constraints"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="calendar_id",
            field=models.CharField(default="", editable=False, max_length=120),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalevent",
            name="calendar_id",
            field=models.CharField(default="", editable=False, max_length=120),
            preserve_default=False,
        ),
        migrations.RunSQL(FILL, reverse_sql=migrations.RunSQL.noop),
    ]
