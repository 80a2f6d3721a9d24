"""Old addresses keep working: when a record's slug changes, its old slug is kept (OldSlug),
and the record's public pages answer a request for the old slug with a permanent redirect to
the same page at the new one, in the same language, with the same query string. A record a
visitor may not see (a draft) stays a 404 at its old address as at its new one."""

from functools import wraps

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import pre_save
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse

from cicte.models import OldSlug

# The records whose public pages are addressed by their slug.
RENAMEABLE = ["events.Event", "publications.Publication", "partners.Partner", "programs.Program"]


def remember_old_slug(sender, instance, raw, **kwargs):
    """Keep the slug a record is renamed from; forget the one it is renamed to (renamed back,
    the record answers there again). Not for loaddata (raw): restoring a backup brings the
    OldSlug rows it holds."""
    if raw or instance.pk is None:
        return
    old = sender._base_manager.filter(pk=instance.pk).values_list("slug", flat=True).first()
    if old is None or old == instance.slug:
        return
    content_type = ContentType.objects.get_for_model(sender)
    OldSlug.objects.filter(content_type=content_type, slug=instance.slug).delete()
    OldSlug.objects.update_or_create(
        content_type=content_type, slug=old, defaults={"object_id": instance.pk}
    )


def connect():
    for label in RENAMEABLE:
        pre_save.connect(remember_old_slug, sender=apps.get_model(label), dispatch_uid=label)


def follows_old_slugs(visible):
    """A view of a record addressed by `slug`: where it answers 404 for a slug the record had,
    a permanent redirect to the same view at its slug of now. `visible`: the queryset of the
    records a visitor may see (Event.objects.published)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, slug, **kwargs):
            try:
                return view(request, *args, slug=slug, **kwargs)
            except Http404:
                queryset = visible()
                old = OldSlug.objects.filter(
                    content_type=ContentType.objects.get_for_model(queryset.model), slug=slug
                ).values("object_id")
                current = queryset.filter(pk__in=old).values_list("slug", flat=True).first()
                if current is None:
                    raise
            match = request.resolver_match
            url = reverse(match.view_name, args=args, kwargs={**kwargs, "slug": current})
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)

        return wrapper

    return decorator
