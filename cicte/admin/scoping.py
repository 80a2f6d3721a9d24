"""Program officers edit only the activities, events and publications of the programs they
are assigned to, and see the rest read-only; child rows follow their parent."""

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth import get_permission_codename
from django.utils.html import escape
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _


class ProgramScopedAdmin:
    """Program officers add and change only the records of their programs.

    Editors (and superusers) hold `programs.edit_all_programs` and are not limited. Everyone
    else may change or delete a record only when it belongs to one of their assigned programs;
    the form offers only those programs, so a crafted POST naming another program is refused,
    and the programs of a joint record that are not theirs are kept as they are.
    """

    program_field = "programs"  # "program" for a foreign key

    def can_edit_every_program(self, request) -> bool:
        return request.user.has_perm("programs.edit_all_programs")

    def officer_program_ids(self, request) -> frozenset:
        if not hasattr(request, "_officer_program_ids"):
            request._officer_program_ids = frozenset(
                request.user.assigned_programs.values_list("pk", flat=True)
            )
        return request._officer_program_ids

    def program_ids_of(self, obj) -> frozenset:
        field = self.opts.get_field(self.program_field)
        if not field.many_to_many:
            return frozenset({getattr(obj, field.attname)} - {None})
        if obj.pk is None:
            return frozenset()
        # all(): the programs prefetched with the record where they were (an import's events).
        return frozenset(program.pk for program in getattr(obj, self.program_field).all())

    def may_edit(self, request, obj) -> bool:
        return super().may_edit(request, obj) and self.in_officer_scope(request, obj)

    def in_officer_scope(self, request, obj) -> bool:
        if self.can_edit_every_program(request):
            return True
        cache = request.__dict__.setdefault("_program_scope", {})
        key = (self.opts.label, obj.pk)
        if key not in cache:
            cache[key] = bool(self.program_ids_of(obj) & self.officer_program_ids(request))
        return cache[key]

    def read_only_reason(self, request, obj) -> str:
        role_may_change = request.user.has_perm(
            f"{self.opts.app_label}.{get_permission_codename('change', self.opts)}"
        )
        if not role_may_change or not super().may_edit(request, obj):
            return super().read_only_reason(request, obj)
        if self.in_officer_scope(request, obj):
            return super().read_only_reason(request, obj)
        programs = self.program_model()._default_manager.filter(pk__in=self.program_ids_of(obj))
        return _(
            "Read-only: this %(name)s belongs to %(programs)s, and you edit only the records "
            "of the programs you are assigned to. An editor can change it."
        ) % {
            "name": self.opts.verbose_name,
            "programs": get_text_list([str(program) for program in programs], _("and"))
            or _("no program"),
        }

    def editable(self, request, queryset):
        """`queryset` narrowed to the records the user may change."""
        queryset = super().editable(request, queryset)
        if self.can_edit_every_program(request):
            return queryset
        return queryset.filter(
            **{f"{self.program_field}__in": self.officer_program_ids(request)}
        ).distinct()

    def has_add_permission(self, request):
        return super().has_add_permission(request) and (
            self.can_edit_every_program(request) or bool(self.officer_program_ids(request))
        )

    # has_change_permission, has_delete_permission: HistoryAdmin's (cicte.admin.closed), with
    # may_edit above.

    def program_model(self):
        # The model the program field points at: this layer does not import the programs app.
        return self.opts.get_field(self.program_field).related_model

    def officer_programs(self, request):
        programs = self.program_model()._default_manager
        return programs.filter(pk__in=self.officer_program_ids(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == self.program_field and not self.can_edit_every_program(request):
            kwargs["queryset"] = self.officer_programs(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == self.program_field:
            # A compact list in columns (cicte/admin/admin.css).
            kwargs["widget"] = forms.CheckboxSelectMultiple(attrs={"class": "choice-columns"})
            if not self.can_edit_every_program(request):
                kwargs["queryset"] = self.officer_programs(request)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        field_name = self.program_field
        if (
            self.can_edit_every_program(request)
            or field_name not in form.base_fields
            or not self.opts.get_field(field_name).many_to_many
        ):
            return form
        kept = (self.program_ids_of(obj) if obj is not None else frozenset()) - (
            self.officer_program_ids(request)
        )
        if not kept:
            return form
        programs = self.program_model()._default_manager
        kept_names = get_text_list([str(p) for p in programs.filter(pk__in=kept)], _("and"))

        class JointRecordForm(form):
            """A joint record keeps the other programs, which only an editor may change."""

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                # The admin renders help texts as HTML: program names are text.
                self.fields[field_name].help_text = escape(
                    _("Also belongs to %(programs)s, which stays as it is.")
                    % {"programs": kept_names}
                )

            def clean(self):
                cleaned_data = super().clean()
                chosen = cleaned_data.get(field_name)
                if chosen is not None:
                    cleaned_data[field_name] = programs.filter(
                        pk__in={program.pk for program in chosen} | kept
                    )
                return cleaned_data

        return JointRecordForm


class ParentScopedInline:
    """Child rows follow their parent: read-only wherever the parent is read-only."""

    def parent_editable(self, request, obj):
        parent_admin = self.admin_site._registry[self.parent_model]
        return obj is None or parent_admin.has_change_permission(request, obj)

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and self.parent_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.parent_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.parent_editable(request, obj)


class ProgramFilter(admin.SimpleListFilter):
    """Records by program, for a ProgramScopedAdmin: "My programs" and then an officer's own
    programs come first. Its parameter is the one of the related-field filter it replaces
    (`programs__id__exact`), which the home page's links use."""

    title = _("program")
    MINE = "mine"

    def __init__(self, request, params, model, model_admin):
        # Named after the admin's program field (`programs` or `program`).
        self.parameter_name = f"{model_admin.program_field}__id__exact"
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        mine = model_admin.officer_program_ids(request)
        programs = sorted(
            model_admin.program_model()._default_manager.all(),
            key=lambda program: program.pk not in mine,  # A stable sort: theirs first.
        )
        return [
            *([(self.MINE, _("My programs"))] if mine else []),
            *((str(program.pk), str(program)) for program in programs),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if value == self.MINE:
            program_ids = request.user.assigned_programs.values("pk")
        elif value.isdigit():
            program_ids = [int(value)]
        else:
            raise IncorrectLookupParameters(f"No program {value!r}.")
        # Each record once, however many of the programs it belongs to.
        field = self.parameter_name.removesuffix("__id__exact")
        matching = queryset.model._default_manager.filter(**{f"{field}__in": program_ids})
        return queryset.filter(pk__in=matching.values("pk"))
