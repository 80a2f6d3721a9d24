"""The data version says which versions' pages may still be served, and until when (the page
cache's stale window, cicte.page_cache), and no longer notifies the workers: each public
request reads it (migration 0007 undone)."""

from django.db import migrations, models

CREATE_NOTIFY = [
    """
    CREATE FUNCTION cicte_notify_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('cicte_data_version', '');
        RETURN NULL;
    END;
    $$
    """,
    """
    CREATE TRIGGER cicte_dataversion_notify
        AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON cicte_dataversion
        FOR EACH STATEMENT EXECUTE FUNCTION cicte_notify_data_version()
    """,
]
DROP_NOTIFY = [
    "DROP TRIGGER cicte_dataversion_notify ON cicte_dataversion",
    "DROP FUNCTION cicte_notify_data_version()",
]


class Migration(migrations.Migration):
    dependencies = [
        ("cicte", "0012_year_workflow"),
    ]

    operations = [
        migrations.RunSQL(DROP_NOTIFY, CREATE_NOTIFY),
        migrations.AddField(
            model_name="dataversion",
            name="previous_number",
            field=models.PositiveBigIntegerField(default=0, verbose_name="previous number"),
        ),
        migrations.AddField(
            model_name="dataversion",
            name="previous_until",
            field=models.DateTimeField(editable=False, null=True, verbose_name="previous until"),
        ),
    ]
