"""Hostile input never makes a server error: every public page and every admin list answers
200, 400 or 404 (the admin also redirects an unknown filter to ?e=1), whatever the path and
query string.

The public routes are read from the URLconf, so a page added later is fuzzed too; the query
keys are every filter of every FilterSet, plus `page` and unknown ones. `FUZZ_PROFILE=deep`
runs ten times as many examples.
"""

import os
import re
from urllib.parse import quote, quote_from_bytes

import django_filters
import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cicte.models import ReportingYear
from cicte.roles import REPORT_MODELS
from events.models import Event
from partners.models import Partner
from programs.models import Program
from publications.models import Publication
from tests.factories.users import EditorFactory

pytestmark = pytest.mark.django_db

# Each example sends a path and one to eight hostile key/value pairs: hundreds of values a route.
# CI runs the same examples every time (derandomize); FUZZ_PROFILE=deep explores anew, ten
# times as long.
settings.register_profile(
    "fuzz",
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    # One data set for all the examples of a test: the fixtures are meant to be shared.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "deep", parent=settings.get_profile("fuzz"), max_examples=400, derandomize=False
)
fuzz_settings = settings.get_profile(os.environ.get("FUZZ_PROFILE", "fuzz"))
# The report as PDF or Word is rendered whole, seconds a time: fewer examples.
document_settings = settings(fuzz_settings, max_examples=fuzz_settings.max_examples // 5)
DOCUMENTS = (".pdf", ".docx")

PUBLIC_STATUSES = {200, 400, 404}


def public_routes(patterns=None, prefix=""):
    """Every route of the URLconf outside the admin, as 'events/<slug:slug>/'."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if route.startswith("admin/"):
            continue
        if isinstance(entry, URLResolver):
            yield from public_routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route, entry.pattern.converters


def filter_names():
    """The query keys the site's FilterSets read, whatever page uses them."""
    import events.filters  # noqa: F401 -- each FilterSet registers itself as a subclass
    import publications.filters  # noqa: F401

    names, pending = set(), [django_filters.FilterSet]
    while pending:
        filterset = pending.pop()
        pending += filterset.__subclasses__()
        names |= set(getattr(filterset, "base_filters", {}))
    return sorted(names)


QUERY_KEYS = [*filter_names(), "page"]
UNKNOWN_KEYS = ["utm_source", "q[]", "page[]", "", "\x00", "__proto__", "x" * 300]

BAD_DATES = [
    "2020-02-30",
    "2020-13-01",
    "2020-00-10",
    "99999-01-01",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "2020-1-1",
    "20200101",
    "2020-02-29T25:00",
    "-2020-01-01",
]
HUGE_NUMBERS = ["0", "-1", "-0", "1e10", "NaN", "Infinity", str(2**63), str(-(2**63) - 1)]

# Unicode text of every sort, NUL included; surrogates are not text and are sent as bytes below.
text = st.text(st.characters(codec="utf-8"), max_size=40)
values = st.one_of(
    text,
    st.sampled_from(BAD_DATES + HUGE_NUMBERS),
    st.dates().map(lambda day: day.isoformat()),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.from_regex(r"[0-9]{1,7}-[0-9]{1,3}-[0-9]{1,3}", fullmatch=True),
    st.integers(min_value=1_000, max_value=20_000).map(lambda n: "é" * n),
    st.sampled_from(["\x00", "a\x00b", "%", "%zz", "+", " ", "../", "<script>", "' OR 1=1 --"]),
)


@st.composite
def query_strings(draw, keys):
    """A raw query string: repeated and unknown keys, keys without values, percent-escapes of
    bytes that are not UTF-8, broken escapes and raw bytes."""
    pairs = draw(
        st.lists(
            st.tuples(
                st.one_of(st.sampled_from(keys), st.sampled_from(UNKNOWN_KEYS), text),
                st.one_of(
                    values.map(lambda value: quote(value, safe="")),
                    st.binary(max_size=12).map(lambda raw: quote_from_bytes(raw, safe="")),
                    st.binary(max_size=6).map(lambda raw: raw.decode("latin-1")),
                    st.sampled_from(["%ff%fe", "%c3%28", "%ed%a0%80", "%", "%e", "%%"]),
                    st.none(),
                ),
            ),
            min_size=1,
            max_size=8,
        )
    )
    return "&".join(
        quote(key, safe="") if value is None else f"{quote(key, safe='')}={value}"
        for key, value in pairs
    )


class KnownValues(dict):
    """Real path values by converter name; short in a failing example's report."""

    def __repr__(self):
        return "<the 2020 report's slugs and years>"


@pytest.fixture(scope="module")
def report_2020(django_db_setup, django_db_blocker):
    """The 2020 report, loaded once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loadreport", "2020", verbosity=0)
        yield KnownValues(
            {
                "slug": sorted(
                    {
                        *Event.objects.values_list("slug", flat=True),
                        *Program.objects.values_list("slug", flat=True),
                        *Partner.objects.values_list("slug", flat=True),
                        *Publication.objects.values_list("slug", flat=True),
                    }
                ),
                "year": [
                    str(year) for year in ReportingYear.objects.values_list("year", flat=True)
                ],
            }
        )
        transaction.set_rollback(True)


def segment(converter, known):
    """A path segment for `converter`: a real value, any value it matches, or hostile text."""
    return st.one_of(
        st.sampled_from(known or ["x"]),
        st.from_regex(converter.regex, fullmatch=True),
        text.filter(bool).map(lambda value: quote(value, safe="")),
        st.binary(min_size=1, max_size=8).map(lambda raw: quote_from_bytes(raw, safe="")),
    )


def path_of(route, converters, data, report):
    def fill(match):
        converter = converters[match["name"]]
        return data.draw(segment(converter, report.get(match["name"], [])), label=match["name"])

    return "/" + re.sub(r"<(?:\w+:)?(?P<name>\w+)>", fill, route)


def check_public_route(client, report, route, converters, data):
    path = path_of(route, converters, data, report)
    query = data.draw(query_strings(QUERY_KEYS), label="query")

    response = client.get(path, QUERY_STRING=query)

    assert response.status_code in PUBLIC_STATUSES, (path, query, response.status_code)


@pytest.mark.parametrize(
    ("route", "converters"),
    [(route, converters) for route, converters in public_routes() if not route.endswith(DOCUMENTS)],
)
@fuzz_settings
@given(data=st.data())
def test_public_route_never_fails_on_hostile_input(client, report_2020, route, converters, data):
    check_public_route(client, report_2020, route, converters, data)


@pytest.mark.parametrize(
    ("route", "converters"),
    [(route, converters) for route, converters in public_routes() if route.endswith(DOCUMENTS)],
)
@document_settings
@given(data=st.data())
def test_public_document_never_fails_on_hostile_input(client, report_2020, route, converters, data):
    check_public_route(client, report_2020, route, converters, data)


def test_fuzzed_public_routes_include_every_page_of_the_issue():
    routes = {re.sub(r"^[a-z]{2}/", "", route) for route, _converters in public_routes()}

    assert routes >= {
        "healthz",
        "",
        "programs/",
        "programs/<slug:slug>/",
        "events/",
        "events/<slug:slug>/",
        "partners/",
        "partners/<slug:slug>/",
        "publications/",
        "publications/<slug:slug>/",
        "reports/",
        "reports/<year:year>/",
        "reports/<year:year>/annex-<annex:number>/",
    }
    assert {"q", "program", "year", "start", "end", "kind", "language", "page"} <= set(QUERY_KEYS)


ADMIN_KEYS = ["q", "o", "p", "e", "all", "_to_field", "_popup", "_changelist_filters"]
# The report's lists, which editors use (the accounts lists are Django's own).
ADMIN_CHANGELISTS = sorted(
    f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    for model in admin.site._registry
    if model._meta.model_name in REPORT_MODELS.get(model._meta.app_label, [])
)


@pytest.fixture
def editor_client(client):
    client.force_login(EditorFactory())
    return client


def admin_list_keys(client, changelist, known={}):  # noqa: B006 -- a cache, on purpose
    """The changelist's own keys: its filters' parameters and its date drill-down."""
    if changelist not in known:
        cl = client.get(changelist).context["cl"]
        keys = [name for spec in cl.filter_specs for name in spec.expected_parameters()]
        if cl.date_hierarchy:
            keys += [f"{cl.date_hierarchy}__{part}" for part in ("year", "month", "day")]
        known[changelist] = ADMIN_KEYS + keys
    return known[changelist]


@pytest.mark.parametrize("changelist", ADMIN_CHANGELISTS)
@fuzz_settings
@given(data=st.data())
def test_admin_changelist_never_fails_on_hostile_filters(
    editor_client, report_2020, changelist, data
):
    keys = admin_list_keys(editor_client, changelist)
    query = data.draw(query_strings(keys), label="query")

    response = editor_client.get(changelist, QUERY_STRING=query)

    # An unknown or malformed filter is Django's redirect to ?e=1 ("invalid filter").
    if response.status_code == 302:
        assert response["Location"] == f"{changelist}?e=1", (query, response["Location"])
    else:
        assert response.status_code in {200, 400}, (query, response.status_code)


# Found by the fuzzing above: PostgreSQL refuses text with NUL, which made these answer 500.


@pytest.mark.parametrize("query", ["kind__exact=%00", "q=a%00b", "%00=1"])
def test_admin_changelist_answers_a_nul_character_with_bad_request(editor_client, query):
    response = editor_client.get("/admin/events/event/", QUERY_STRING=query)

    assert response.status_code == 400


@pytest.mark.parametrize("to_field", ["+", "events", "history"])
def test_admin_changelist_refuses_a_reverse_relation_as_to_field(editor_client, to_field):
    response = editor_client.get("/admin/programs/program/", {"_to_field": to_field})

    assert response.status_code == 400


def test_admin_autocomplete_finds_nothing_for_a_nul_character(editor_client):
    response = editor_client.get(
        "/admin/autocomplete/",
        {
            "term": "Cisco\x00",
            "app_label": "events",
            "model_name": "eventpartner",
            "field_name": "partner",
        },
    )

    assert (response.status_code, response.json()["results"]) == (200, [])
