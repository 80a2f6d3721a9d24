from django.db import migrations, models


class Migration(migrations.Migration):
    """Apart from 0005: PostgreSQL refuses to alter a table its own transaction has just
    updated (0005 gives every event its annex)."""

    dependencies = [
        ("events", "0005_annex_initiative_printed_names"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="event",
            constraint=models.CheckConstraint(condition=models.Q(("annex__in", ["annex-1", "annex-2", "none"])), name="event_annex_chosen", violation_error_message="Choose the annex that lists the event, or neither."),
        ),
        migrations.AddConstraint(
            model_name="event",
            constraint=models.CheckConstraint(condition=models.Q(models.Q(("annex", "annex-1"), _negated=True), models.Q(("participation_level", ""), _negated=True), _connector="OR"), name="event_annex_1_has_level", violation_error_message="An Annex 1 meeting needs its participation level: Annex 1 marks who represented the secretariat."),
        ),
    ]
