"""Parts of the public pages rendered once per data version and language, in each process.

{% load fragments %}
{% fragment "event-summary" event.pk heading %}…{% endfragment %}

The part is rendered the first time and kept (cicte.data_version.memoise) under its name, the
values after it, the active language and the data version, so that the next write anywhere
makes every part be rendered again: never stale, like the page cache. The values must be all
the part depends on besides the data: the record it shows (an event, a reporting year), and
whatever else changes its HTML (a heading level).

Only in a public request (an anonymous visitor's page, cicte.page_cache), and not with DEBUG
on, where templates change under a running server: elsewhere — staff with a session, the
admin, a page rendered alone — the part is rendered every time.

{% frame "site-footer" %}…{% endframe %} keeps what depends on no data, the site's frame
(base.html: the head's links, the navigation, the language switcher, the footer), the same
way but for the process's life: no data version is read for it.
"""

from django import template
from django.conf import settings
from django.http import Http404

from cicte.data_version import is_memoised, memoise

register = template.Library()


def fragment_key(name, *values) -> str:
    return ":".join(["fragment", str(name), *(str(value) for value in values)])


def is_rendered(name, *values) -> bool:
    """The fragment `name` for these values is kept already: a view can then skip loading
    what only the fragment reads."""
    return not settings.DEBUG and is_memoised(fragment_key(name, *values))


def page_is_rendered(request, kind: str, pk) -> bool:
    """A record's page has its fragments kept: "<kind>-page" (its content),
    "<kind>-description" and "<kind>-json-ld" (per scheme and host: absolute addresses)."""
    return (
        is_rendered(f"{kind}-page", pk)
        and is_rendered(f"{kind}-description", pk)
        and is_rendered(f"{kind}-json-ld", pk, request.scheme, request.get_host())
    )


def page_record(request, model, slug):
    """The `model` record (an event, a publication) whose page the address names, if the
    request's user may read it (`visible_to`: staff see drafts), or Http404. Found by its slug
    once per data version with only what its page reads outside the fragments (its title, and
    whether it is public: the draft banner), and read whole (`for_detail()`) when a fragment
    is not kept."""
    kind = model._meta.model_name
    record = memoise(
        f"{kind}:{slug}",
        lambda: (
            model.objects.visible_to(request.user)
            .select_related("year")
            .only("slug", "title", "status", "year__status")
            .filter(slug=slug)
            .first()
        ),
    )
    if record is None:
        raise Http404
    if not page_is_rendered(request, kind, record.pk):
        record = model.objects.for_detail().get(pk=record.pk)
    return record


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on, per_version):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on
        self.per_version = per_version

    def render(self, context):
        if settings.DEBUG:
            return self.nodelist.render(context)
        key = fragment_key(
            self.name.resolve(context), *(value.resolve(context) for value in self.vary_on)
        )
        return memoise(key, lambda: self.nodelist.render(context), per_version=self.per_version)


def parse_fragment(parser, token, per_version: bool):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' takes a name and optional values.")
    nodelist = parser.parse((f"end{bits[0]}",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist,
        parser.compile_filter(bits[1]),
        [parser.compile_filter(bit) for bit in bits[2:]],
        per_version,
    )


@register.tag
def fragment(parser, token):
    """{% fragment name value… %}…{% endfragment %}: see the module's docstring."""
    return parse_fragment(parser, token, per_version=True)


@register.tag
def frame(parser, token):
    """{% frame name value… %}…{% endframe %}: see the module's docstring."""
    return parse_fragment(parser, token, per_version=False)
