from django import forms
from django.utils.translation import gettext_lazy as _

from events.filters import QUERY_MAX_LENGTH, validate_readable


class SiteSearchForm(forms.Form):
    """The site search's words: as long and as readable as the events list's search asks."""

    q = forms.CharField(
        label=_("Words to find"),
        required=False,
        max_length=QUERY_MAX_LENGTH,
        validators=[validate_readable],
        widget=forms.TextInput(attrs={"type": "search", "id": "search-q"}),
    )
