"""cicte_reporttext's full-text search columns and their GIN indexes (cicte.search): the site
search finds the report's texts with them."""

from django.db import migrations

from cicte.search import search_columns


class Migration(migrations.Migration):
    dependencies = [
        ("cicte", "0009_stored_document"),
    ]

    # The site search (reports.queries.site_search): matches from the indexes.
    operations = [search_columns("cicte_reporttext", {"heading": "A", "text": "B"})]
