"""Wording shared by pages, documents and exports: a sentence's full stop, a list of names."""

import re

from django.utils.text import get_text_list
from django.utils.translation import pgettext

from cicte import i18n

# A sentence already ends with one of these, perhaps inside closing quotes or brackets.
SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*$")


def full_stop(text):
    """The text ending as a sentence: 'Webinar "Women in cybersecurity"' gains a full stop,
    'Virtual Dialogue "… best practices."' does not."""
    text = str(text).strip()
    if not text or SENTENCE_END.search(text):
        return text
    return f"{text}."


def and_list(items):
    """["A", "B", "C"] → "A, B and C" ("A, B e INTERPOL" in Spanish)."""
    names = [str(item) for item in items]
    # Translators: joins the last two names of a list, e.g. "UNICRI, UNITAR and Save the Dream".
    conjunction = pgettext("names", "and")
    if names:
        conjunction = i18n.conjunction_before(names[-1], conjunction)
    return get_text_list(names, conjunction)
