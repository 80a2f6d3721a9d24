""" "Publish selected" and "Unpublish selected" for records with a status."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cicte.enums import ContentStatus


class PublishActionsMixin:
    """ "Publish selected" and "Unpublish selected" for models with a ContentStatus `status`."""

    actions = ["publish_selected", "unpublish_selected"]

    @admin.action(description=_("Publish selected %(verbose_name_plural)s"), permissions=["change"])
    def publish_selected(self, request, queryset):
        self.set_status(request, queryset, ContentStatus.PUBLISHED)

    @admin.action(
        description=_("Unpublish selected %(verbose_name_plural)s (back to draft)"),
        permissions=["change"],
    )
    def unpublish_selected(self, request, queryset):
        self.set_status(request, queryset, ContentStatus.DRAFT)

    def set_status(self, request, queryset, status):
        editable = self.editable(request, queryset)
        changed = 0
        for obj in editable.exclude(status=status):
            # One save per record, so that History tells who published what.
            obj.status = status
            obj._history_user = request.user
            obj.save(update_fields=["status"])
            changed += 1
        skipped = queryset.count() - editable.count()
        self.message_user(
            request,
            ngettext(
                "%(count)d %(name)s is now %(status)s.",
                "%(count)d %(names)s are now %(status)s.",
                changed,
            )
            % {
                "count": changed,
                "name": self.opts.verbose_name,
                "names": self.opts.verbose_name_plural,
                "status": status.label.lower(),
            },
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d was left as it is: you may not change it (a program you are not "
                    "assigned to, or a closed year).",
                    "%(count)d were left as they are: you may not change them (programs you are "
                    "not assigned to, or a closed year).",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
