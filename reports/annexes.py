"""The annexes' titles and order notes as the report prints them: the annex pages, the report's
contents, the documents and the sitemap."""

from django.utils.translation import gettext_lazy

ANNEX_TITLES = {
    1: gettext_lazy("Consolidated list of high-level international meetings"),
    2: gettext_lazy("Consolidated list of webinars or virtual forums conducted"),
    3: gettext_lazy("Consolidated list of publications"),
    4: gettext_lazy("Consolidated list of donors and major institutional partners"),
}

ANNEX_ORDER_NOTES = {
    1: gettext_lazy("in chronological order"),
    2: gettext_lazy("in chronological order"),
    3: gettext_lazy("in chronological order"),
    4: gettext_lazy("in alphabetical order"),
}
