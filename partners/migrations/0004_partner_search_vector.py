"""partners_partner's full-text search columns and their GIN indexes (cicte.search): the site
search finds partners with them."""

from django.db import migrations

from cicte.search import search_columns


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0003_partneryear_name_as_printed"),
    ]

    # The site search (reports.queries.site_search): matches from the indexes.
    operations = [search_columns("partners_partner", {"name": "A", "acronym": "A", "description": "B"})]
