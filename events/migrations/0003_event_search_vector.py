"""The events' full-text search columns and their indexes (EventQuerySet.search).

search_en, search_es, search_fr and search_pt are stored generated columns, computed by
PostgreSQL from the title (weight A) and description (weight B) in that language, with that
language's stemming and accents removed. unaccent() is not IMMUTABLE, which a generated
column needs: cicte_unaccent() calls it with its dictionary named, which makes it safe to
declare so.

The model does not declare the columns (EventSearchVector reads them), so nothing ever
writes them.
"""

from django.db import migrations

# The site's languages and their PostgreSQL text search configurations.
CONFIGS = {"en": "english", "es": "spanish", "fr": "french", "pt": "portuguese"}


def document(language, config):
    return " || ".join(
        f"setweight(to_tsvector('{config}'::regconfig, "
        f"cicte_unaccent(coalesce({field}_{language}, ''))), '{weight}')"
        for field, weight in (("title", "A"), ("description", "B"))
    )


FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """
    CREATE OR REPLACE FUNCTION cicte_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$
    """,
]
for language, config in CONFIGS.items():
    FORWARD += [
        f"ALTER TABLE events_event ADD COLUMN search_{language} tsvector "
        f"GENERATED ALWAYS AS ({document(language, config)}) STORED",
        # The events list's `q` filter (and the exports sharing it): matches from the index.
        f"CREATE INDEX event_search_{language}_idx ON events_event USING gin (search_{language})",
    ]
BACKWARD = [
    *(f"DROP INDEX IF EXISTS event_search_{language}_idx" for language in CONFIGS),
    *(f"ALTER TABLE events_event DROP COLUMN IF EXISTS search_{language}" for language in CONFIGS),
    "DROP FUNCTION IF EXISTS cicte_unaccent(text)",
]


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_translated_fields"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
