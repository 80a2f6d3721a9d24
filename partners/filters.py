"""The partners filter: /partners/ by category. An unknown category selects nothing and says
why, as the events filter does with its invalid input."""

import django_filters
from django.utils.translation import gettext_lazy as _

from cicte.filters import StrictFilterSet
from partners.enums import PartnerCategory
from partners.models import Partner


class PartnerFilterSet(StrictFilterSet):
    category = django_filters.ChoiceFilter(
        label=_("Category"),
        choices=PartnerCategory.choices,
        empty_label=_("All categories"),
        error_messages={
            "invalid_choice": _(
                "There is no partner category “%(value)s”. Choose one of the categories "
                "listed, or all categories."
            )
        },
    )

    class Meta:
        model = Partner
        fields = []
