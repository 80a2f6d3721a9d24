"""publications_publication's full-text search columns and their GIN indexes (cicte.search): the site
search finds publications with them."""

from django.db import migrations

from cicte.search import search_columns


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0003_position_printed_names"),
    ]

    # The site search (reports.queries.site_search): matches from the indexes.
    operations = [search_columns("publications_publication", {"title": "A", "description": "B"})]
