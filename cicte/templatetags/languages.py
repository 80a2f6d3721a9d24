"""Content in the visitor's language, and the page in the other languages (cicte.i18n).

{% translated event "title" %}              the title; marked as English where it fell back
{% translated program_year "narrative" linebreaks=True %}
{% translated partner "annex_name" lang_of="name" note=False %}
{% language_versions as versions %}         the page in each language, for the switcher
"""

from django import template
from django.template.defaultfilters import linebreaks_filter, truncatewords
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext as _

from cicte import i18n
from cicte.text import full_stop as end_sentence

register = template.Library()


@register.simple_tag
def translated(obj, field, *, lang_of=None, note=True, full_stop=False, words=0, linebreaks=False):
    """`obj.field` as the visitor reads it. Where the active language has no translation and
    the English text stands in, the text carries lang="en" and, unless note=False, a discreet
    "(in English)". Content that is not translatable at all counts as English.

    lang_of: the translated field that decides the language of a composed property
    (a partner's `annex_name` reads in the language of its `name`). full_stop, words and
    linebreaks apply the filters of the same names, in that order.
    """
    text = getattr(obj, field, "") or ""
    if not text:
        return ""
    if full_stop:
        text = end_sentence(text)
    if words:
        text = truncatewords(text, words)
    # A link naming its partner as printed (partners.models.PrintedName) knows its language.
    if hasattr(obj, "language_of"):
        language = obj.language_of(field)
    else:
        language = i18n.text_language(obj, lang_of or field)
    shown = linebreaks_filter(text) if linebreaks else conditional_escape(text)
    if language == i18n.active_language():
        return shown
    tag = "div" if linebreaks else "span"
    marked = format_html('<{} lang="{}">{}</{}>', tag, language, shown, tag)
    if not note:
        return marked
    return format_html("{} {}", marked, _note("p" if linebreaks else "span"))


@register.simple_tag
def translation_note(obj, field):
    """The note alone, where `translated … note=False` had to leave it out (inside quotes)."""
    if not getattr(obj, field, "") or i18n.text_language(obj, field) == i18n.active_language():
        return ""
    return format_html(" {}", _note("span"))


def _note(tag):
    # Translators: after a text shown in English because it has no translation yet.
    return format_html('<{} class="translation-note">{}</{}>', tag, _("(in English)"), tag)


@register.simple_tag(takes_context=True)
def language_versions(context):
    """[LanguageVersion] of the current page; [] without a request (a page rendered alone)."""
    request = context.get("request")
    if request is None:
        return []
    return i18n.language_versions(request)


@register.filter
def absolute(url, request):
    """{{ version.url|absolute:request }} → "https://…/es/events/"."""
    return request.build_absolute_uri(url)


@register.filter
def unprefixed(url):
    """The URL without its language prefix (hreflang x-default: it redirects by language)."""
    return i18n.unprefixed(url)
