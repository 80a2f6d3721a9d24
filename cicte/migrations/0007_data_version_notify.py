"""Every change to the data version's row notifies the workers at commit
(cicte.data_version.NotifiedVersion): a trigger, so that whatever changes the row notifies,
the ORM's signals, a restore or raw SQL."""

from django.db import migrations

CREATE = [
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
DROP = [
    "DROP TRIGGER cicte_dataversion_notify ON cicte_dataversion",
    "DROP FUNCTION cicte_notify_data_version()",
]


class Migration(migrations.Migration):
    dependencies = [
        ("cicte", "0006_data_version_epoch"),
    ]

    operations = [
        migrations.RunSQL(CREATE, DROP),
    ]
