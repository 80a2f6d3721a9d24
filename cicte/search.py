"""PostgreSQL full-text search, the same for every record the site lets visitors search: the
events list's `q` filter and the site search (reports.queries.site_search).

A searchable table has a stored generated column search_<language> per site language, which
PostgreSQL computes from the record's translated fields with that language's stemming and
accents removed, each field with its weight (a title above a description), and a GIN index
on each (`search_columns`, used by the models' migrations). The model does not declare the
columns (`SearchColumn` reads them), so nothing ever writes them.
"""

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorExact,
    SearchVectorField,
)
from django.db import migrations, models

from cicte.i18n import CONTENT_LANGUAGE, active_language

# The text search configuration of each site language.
SEARCH_CONFIGS = {"en": "english", "es": "spanish", "fr": "french", "pt": "portuguese"}

# unaccent() is not IMMUTABLE, which a generated column needs: cicte_unaccent() calls it with
# its dictionary named, which makes it safe to declare so (first created by events migration
# 0003; stated again by each migration that needs it, so that none depends on another app's).
UNACCENT = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """
    CREATE OR REPLACE FUNCTION cicte_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$
    """,
]


def search_columns(table: str, weighted_fields: dict[str, str]):
    """The migration operation that adds `table`'s search columns and their GIN indexes:
    `weighted_fields` maps each translated field ("title") to its weight ("A" to "D")."""
    forward = list(UNACCENT)
    backward = []
    for language, config in SEARCH_CONFIGS.items():
        document = " || ".join(
            f"setweight(to_tsvector('{config}'::regconfig, "
            f"cicte_unaccent(coalesce({field}_{language}, ''))), '{weight}')"
            for field, weight in weighted_fields.items()
        )
        forward += [
            f"ALTER TABLE {table} ADD COLUMN search_{language} tsvector "
            f"GENERATED ALWAYS AS ({document}) STORED",
            f"CREATE INDEX {table}_search_{language}_idx ON {table} USING gin (search_{language})",
        ]
        backward += [
            f"DROP INDEX IF EXISTS {table}_search_{language}_idx",
            f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_{language}",
        ]
    return migrations.RunSQL(forward, backward)


class SearchColumn(models.Expression):
    """<table>.search_<language>: a stored column that PostgreSQL computes (`search_columns`),
    unknown to the model so that nothing writes it."""

    output_field = SearchVectorField()

    def __init__(self, language):
        super().__init__()
        self.language = language

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.base_table)
        return f'{table}."search_{self.language}"', []


def search_terms(text: str):
    """(search column, query) for `text` in the visitor's language and in English (which every
    record has): each language's words with its own stemming, accents ignored ("Asuncion" finds
    "Asunción"), and the websearch syntax ("quotes", or, -word)."""
    words = models.Func(
        models.Value(text), function="cicte_unaccent", output_field=models.TextField()
    )
    return [
        (
            SearchColumn(language),
            SearchQuery(words, config=SEARCH_CONFIGS[language], search_type="websearch"),
        )
        for language in dict.fromkeys([active_language(), CONTENT_LANGUAGE])
    ]


def full_text_search(queryset, text: str):
    """The records of `queryset` matching `text`, in the order already given: a list ordered
    newest first reads the newest matches only, served by the search columns' GIN indexes,
    where ranking would read every match of a common word (`ranked_search`)."""
    condition = models.Q()
    for column, query in search_terms(text):
        condition |= models.Q(SearchVectorExact(column, query))
    return queryset.filter(condition)


def ranked_search(queryset, text: str):
    """full_text_search(queryset, text), best matches first (a title match above a description
    match), then in the order already given. Ranks every match: a common word costs a read of
    most of the table's text."""
    ranks = [SearchRank(column, query) for column, query in search_terms(text)]
    order = queryset.query.order_by or queryset.model._meta.ordering
    # An alias, not an annotation: a count of the results does not compute it.
    return (
        full_text_search(queryset, text)
        .alias(rank=sum(ranks[1:], ranks[0]))
        .order_by(models.F("rank").desc(), *order)
    )
