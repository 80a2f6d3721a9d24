"""The site's languages and its content in them (README "Languages").

Content fields registered in an app's translation.py hold one column per language (`title_en`,
`title_es`…); reading `event.title` gives the active language's text, or the English one when
that translation is missing. What lives here is what modeltranslation does not do for us:
ordering by the text a visitor reads, and telling whether a field fell back to English.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

import simple_history
from django.conf import settings
from django.contrib.postgres.lookups import Unaccent
from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, Collate, Lower, NullIf, Replace
from django.db.models.signals import pre_save
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.translation import get_language_info, override
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import get_language

# Content without a translation reads in this language.
CONTENT_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def active_language() -> str:
    """The active language, one of LANGUAGES ("es" for "es-419"), English outside a request."""
    return get_language()


def localized(field: str):
    """SQL for `field` ("title", "event__title") as a visitor reads it: the active language's
    text, or the English one where it is missing. For order_by(); filters name their columns."""
    language = active_language()
    english = F(f"{field}_{CONTENT_LANGUAGE}")
    if language == CONTENT_LANGUAGE:
        return english
    return Coalesce(NullIf(F(f"{field}_{language}"), Value("")), english, output_field=TextField())


def alphabetical(field):
    """SQL for ordering by `field` as the visitor reads it (localized; or an expression that
    reads it already), in the active language's alphabetical order: capitals and accents
    ignored (the unaccent extension, events migration 0003), and in Spanish ñ after n.
    Compared character by character (the "C" collation), so that the order is the same
    whatever the server's default collation."""
    text = Lower(localized(field) if isinstance(field, str) else field)
    if active_language() == "es":
        # Spanish sorts ñ as a letter of its own after n: "n~" sorts after every "n" + letter.
        text = Replace(text, Value("ñ"), Value("n~"), output_field=TextField())
    return Collate(Unaccent(text), "C")


# Spanish "y" becomes "e" before a word that starts with the sound i ("Interpol", "Hidalgo"),
# but not before a diphthong ("y hielo", "y Iowa").
SPANISH_I_SOUND = re.compile(r"h?[ií](?![aeiouáéíóú])", re.IGNORECASE)


def conjunction_before(word: str, conjunction: str) -> str:
    """The translated "and" as it is written before `word` ("e INTERPOL" in Spanish)."""
    if conjunction == "y" and SPANISH_I_SOUND.match(word):
        return "e"
    return conjunction


def register(model, options, **history) -> None:
    """Translate `options.fields` of `model` (adding title_en, title_es…), then register its
    history, which then keeps every language; `history` as for HistoricalRecords.

    A missing translation is stored as "" (what the admin saves for an empty box), never NULL,
    so that a record reads the same however it was written.
    """
    translator.register(model, options)
    simple_history.register(model, **history)
    pre_save.connect(_empty_not_null, sender=model, dispatch_uid=f"i18n:{model._meta.label}")


def _empty_not_null(sender, instance, **kwargs):
    for field in translator.get_options_for_model(sender).all_fields.values():
        for translation in field:
            if getattr(instance, translation.attname) is None:
                setattr(instance, translation.attname, "")


def translated_fields(model) -> frozenset[str]:
    """The names of `model`'s translated fields ("title", "description"), none if unregistered."""
    try:
        return frozenset(translator.get_options_for_model(model).get_field_names())
    except NotRegistered:
        return frozenset()


def text_language(obj, field: str) -> str:
    """The language `obj.field` reads in now: the active one, or English where it fell back
    (or is not translatable at all). Reads loaded attributes only: no query."""
    language = active_language()
    if language == CONTENT_LANGUAGE:
        return language
    if field not in translated_fields(type(obj)):
        return CONTENT_LANGUAGE
    if getattr(obj, f"{field}_{language}", None) not in (None, ""):
        return language
    return CONTENT_LANGUAGE


@dataclass(frozen=True)
class LanguageVersion:
    """The page being shown, in one of the site's languages."""

    code: str
    name: str  # in the language itself: "Español"
    url: str  # the same page and query string, in that language
    current: bool


def language_versions(request) -> list[LanguageVersion]:
    """The current page in each language of LANGUAGES, filters and page number kept; the home
    page in each language where the address is no page (a 404)."""
    current = active_language()
    paths, query = page_in_languages(request.path_info), request.GET.urlencode()
    if paths is None:
        paths, query = page_in_languages(reverse("home")), ""
    return [
        LanguageVersion(
            code=code,
            name=name,
            url=f"{path}?{query}" if query else path,
            current=code == current,
        )
        for code, name, path in paths
    ]


@lru_cache(maxsize=4096)
def page_in_languages(path: str) -> tuple[tuple[str, str, str], ...] | None:
    """((code, name of the language in itself, path), …) of the page at `path` in each
    language, or None where `path` is no page. The URLs only, which never change while the
    site runs, so each path is worked out once.

    Each is reversed from what `path` resolved to, never copied from it: no link to the page
    itself can point where a made-up address (`/en//evil.example/x/`) told it to."""
    try:
        match = resolve(path)
        paths = []
        for code, _name in settings.LANGUAGES:
            with override(code):
                translated = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
            paths.append((code, get_language_info(code)["name_local"].capitalize(), translated))
    except (Resolver404, NoReverseMatch):
        return None
    return tuple(paths)


def unprefixed(url: str) -> str:
    """The URL without its language prefix: the address that redirects each visitor to the
    page in their own language (hreflang x-default)."""
    codes = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
    return re.sub(rf"^/(?:{codes})/", "/", url)
