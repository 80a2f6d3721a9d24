"""The data version says when it changed (the page cache's stale window, cicte.page_cache),
and no longer notifies the workers: each public request reads it (migration 0007 undone)."""

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
        ("cicte", "0011_oldslug"),
    ]

    operations = [
        migrations.RunSQL(DROP_NOTIFY, CREATE_NOTIFY),
        migrations.AddField(
            model_name="dataversion",
            name="changed_at",
            field=models.DateTimeField(editable=False, null=True, verbose_name="changed at"),
        ),
    ]
