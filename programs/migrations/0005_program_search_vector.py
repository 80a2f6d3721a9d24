"""programs_program's full-text search columns and their GIN indexes (cicte.search): the site
search finds programs with them."""

from django.db import migrations

from cicte.search import search_columns


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0004_key_partners_credit_roles"),
    ]

    # The site search (reports.queries.site_search): matches from the indexes.
    operations = [search_columns("programs_program", {"name": "A", "description": "B"})]
