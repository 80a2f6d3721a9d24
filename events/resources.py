"""Events to and from a spreadsheet (the back office's Import and Export, django-import-export).

One row per event, matched on `slug`, in columns staff can type (cicte.resources: the same in
every admin language; row numbers as the spreadsheet's, header = row 1):

    title, slug, kind, format, status, year, city, country, countries_served, programs, partners,
    initiative, secretariat_role, participation_level, annex, position, dates, attendance,
    attendance_note, description, then title_es, initiative_es, attendance_note_es,
    description_es, and the same in French (_fr) and Portuguese (_pt)

- title, initiative, attendance_note, description: the English text; `_es`… its translations.
- kind, format, status, secretariat_role, participation_level, annex: the code or its label
  in any language ("in_person" or "In person"); exported as the label. An empty annex follows
  from the kind, role and participation level (Event.annex).
- year: the reporting year (2020); country: its ISO code or its name; countries_served:
  codes or names separated by semicolons ("AR; Brazil; PY"), exported as English names.
- programs: program slugs separated by commas ("maritime-security, cargo-container-security").
- partners: slug:role pairs separated by semicolons, in the report's order
  ("oas:organiser; microsoft:sponsor"); the event's partners become exactly these, each
  kept pair keeping its printed name (events.cells.parse_partners).
- dates: ranges separated by semicolons, "2020-01-27/2020-01-31; 2020-06-17"; a month range for
  the report's month-only dates: "2020-06/2020-12". The event's date ranges become exactly
  these (EventDate rows are added, changed and removed).

In the back office the resource is built with the admin and the request
(cicte.admin.io.ImportExportAdminMixin), and each row obeys the change form's rule
(cicte.admin.scoping.ProgramScopedAdmin): an existing event is changed only by whoever may change
it on its form (a program officer: an event of their programs, whatever columns the file has),
a program officer names only their own programs, and a joint event keeps the programs that are
not theirs. Built without them (the shell), it imports as an editor.

The preview writes nothing: every value is checked as it is read. The confirmed import saves
each event, then writes the new events' programs, partners and date ranges, and every event's
history row, for the whole file at once (write_history), so that the largest file the back
office takes (cicte.admin.io.IMPORT_MAX_ROWS) imports in a few seconds.
"""

import copy

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields
from import_export.instance_loaders import CachedInstanceLoader
from simple_history.utils import bulk_create_with_history

from cicte.admin.closed import refuse_closed_year
from cicte.data_version import bump_data_version, bumped_once
from cicte.enums import ContentStatus
from cicte.resources import (
    ChoiceWidget,
    CountriesWidget,
    CountryWidget,
    SpreadsheetResource,
    YearWidget,
    blank,
    english,
    in_every_language,
    nearest,
    spreadsheet_row,
    valid,
)
from events.cells import Range, format_dates, format_partners, parse_dates, parse_partners
from events.enums import (
    EventAnnex,
    EventFormat,
    EventKind,
    ParticipationLevel,
    SecretariatRole,
)
from events.models import Event, EventDate, EventPartner
from partners.models import Partner
from programs.models import Program


def _choice(name, choices):
    return fields.Field(attribute=name, column_name=name, widget=ChoiceWidget(choices))


# The translations' columns after the English ones: title_es, initiative_es…, then French…
TRANSLATED = ["title", "initiative", "attendance_note", "description"]
TRANSLATIONS = [
    column
    for language in range(1, len(in_every_language("title")))
    for column in (in_every_language(name)[language] for name in TRANSLATED)
]


class EventResource(SpreadsheetResource):
    title = english("title")
    initiative = english("initiative")
    attendance_note = english("attendance_note")
    description = english("description")
    year = fields.Field(attribute="year", column_name="year", widget=YearWidget())
    kind = _choice("kind", EventKind)
    format = _choice("format", EventFormat)
    status = _choice("status", ContentStatus)
    secretariat_role = _choice("secretariat_role", SecretariatRole)
    participation_level = _choice("participation_level", ParticipationLevel)
    annex = _choice("annex", EventAnnex)
    country = fields.Field(attribute="country", column_name="country", widget=CountryWidget())
    countries_served = fields.Field(
        attribute="countries_served", column_name="countries_served", widget=CountriesWidget()
    )
    # No attribute: import_instance() reads these three; after_save_instance() and
    # write_history() write them.
    programs = fields.Field(column_name="programs", dehydrate_method="dehydrate_programs")
    partners = fields.Field(column_name="partners", dehydrate_method="dehydrate_partners")
    dates = fields.Field(column_name="dates", dehydrate_method="dehydrate_dates")

    class Meta:
        model = Event
        import_id_fields = ["slug"]
        fields = [
            "title",
            "slug",
            "kind",
            "format",
            "status",
            "year",
            "city",
            "country",
            "countries_served",
            "programs",
            "partners",
            "initiative",
            "secretariat_role",
            "participation_level",
            "annex",
            "position",
            "dates",
            "attendance",
            "attendance_note",
            "description",
            *TRANSLATIONS,
        ]
        export_order = fields
        clean_model_instances = True
        use_transactions = True
        # The events a file names are read in one query, not one per row.
        instance_loader_class = CachedInstanceLoader

    # -- Export (and the preview: cicte.resources.ColumnDiff) --------------------------------

    def dehydrate_programs(self, event):
        imported = getattr(event, "_imported_programs", None)
        if imported is not None:  # an imported row: what it sets (the preview writes none)
            return ", ".join(slug for slug, pk in self.program_pks.items() if pk in imported)
        if event.pk is None:
            return ""
        return ", ".join(program.slug for program in event.programs.all())

    def dehydrate_partners(self, event):
        imported = getattr(event, "_imported_partners", None)
        if imported is not None:
            return format_partners(imported)
        if event.pk is None:
            return ""
        return format_partners((link.partner.slug, link.role) for link in event.partner_roles.all())

    def dehydrate_dates(self, event):
        imported = getattr(event, "_imported_dates", None)
        if imported is not None:
            return format_dates(sorted(imported))
        if event.pk is None:
            return ""
        return format_dates(event.dates.all())

    # -- Import ------------------------------------------------------------------------------

    def __init__(self, *, model_admin=None, request=None, **kwargs):
        super().__init__(**kwargs)
        self.model_admin = model_admin
        self.request = request
        self.program_pks = self.partner_pks = None

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("year")
            .prefetch_related("programs", "dates", "partner_roles__partner")
        )

    def import_data_inner(self, dataset, dry_run, *args, **kwargs):
        # Only the preview shows what each row changes: the import itself compares nothing.
        self._meta = copy.copy(self._meta)
        self._meta.skip_diff = not dry_run
        self.previewing = dry_run
        self.slugs_seen = {}
        self.created, self.changed = [], []
        # Inside the import's transaction: a thousand rows make one new data version, not one
        # per row, date range and program.
        with bumped_once():
            return super().import_data_inner(dataset, dry_run, *args, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        """The columns, then programs and dates: every mistake of the row is reported at once.
        An event the user may not change is refused before anything else is read."""
        closed = self.closed_year_refusal(instance)
        if closed is not None:
            raise closed
        if instance.pk is not None and not self.may_change(instance):
            names = ", ".join(program.name for program in instance.programs.all())
            raise ValidationError(
                {
                    "slug": _(
                        "The event “%(slug)s” belongs to programs you are not assigned to "
                        "(%(programs)s): only an editor or their program officers may change it."
                    )
                    % {"slug": instance.slug, "programs": names}
                }
            )
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if instance.slug in self.slugs_seen:
            errors["slug"] = ValidationError(
                _("Row %(row)s has this slug too: give each event one row.")
                % {"row": self.slugs_seen[instance.slug]}
            )
        self.slugs_seen.setdefault(instance.slug, spreadsheet_row(kwargs["row_number"]))
        instance._imported_programs = instance._imported_partners = instance._imported_dates = None
        if "programs" not in row and instance.pk is None:
            errors["programs"] = ValidationError(_("A new event needs a “programs” column."))
        for column, read in [
            ("programs", self.read_programs),
            ("partners", self.read_partners),
            ("dates", self.read_dates),
        ]:
            if column in row:
                try:
                    read(instance, row[column])
                except ValueError as error:
                    errors[column] = ValidationError(str(error))
        closed = self.closed_year_refusal(instance)
        if closed is not None:  # The row's year column names a closed year.
            errors = closed.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def closed_year_refusal(self, event) -> ValidationError | None:
        """The change form's rule on years: no event of a closed year is added or changed."""
        if self.model_admin is None:
            return None
        try:
            refuse_closed_year(event)
        except ValidationError as error:
            return error
        return None

    def read_programs(self, event, value):
        event._imported_programs = self.program_ids(event, value)

    def read_partners(self, event, value):
        pairs = parse_partners(value)
        if self.partner_pks is None:  # read once per import
            self.partner_pks = dict(Partner.objects.values_list("slug", "pk"))
        for slug, _role in pairs:
            if slug not in self.partner_pks:
                raise nearest(slug, self.partner_pks)
        event._imported_partners = pairs

    def read_dates(self, event, value):
        ranges = event._imported_dates = parse_dates(value)
        # The span the ranges will give (events.signals), saved with the event.
        event.starts_on = min((r.start for r in ranges), default=None)
        event.ends_on = max((r.end for r in ranges), default=None)

    def may_change(self, event) -> bool:
        """The change form's rule, on the event's programs as they are now."""
        if self.model_admin is None:
            return True
        return self.model_admin.has_change_permission(self.request, event)

    def program_ids(self, event, value) -> set[int]:
        slugs = [slug.strip() for slug in blank(value).split(",") if slug.strip()]
        if not slugs:
            raise ValueError(_("Give at least one program: slugs separated by commas."))
        if self.program_pks is None:  # read once per import
            self.program_pks = dict(Program.objects.values_list("slug", "pk"))
        found = {slug: self.program_pks[slug] for slug in slugs if slug in self.program_pks}
        unknown = [slug for slug in slugs if slug not in found]
        if unknown:
            raise valid("”, “".join(unknown), sorted(self.program_pks))
        chosen = set(found.values())
        if self.model_admin is None or self.model_admin.can_edit_every_program(self.request):
            return chosen
        own = self.model_admin.officer_program_ids(self.request)
        if chosen - own:
            raise ValueError(
                _("You may import events only into the programs assigned to you: %(slugs)s.")
                % {"slugs": ", ".join(sorted(s for s, pk in self.program_pks.items() if pk in own))}
            )
        # A joint event keeps the programs that are not theirs, as on the change form.
        return chosen | (self.model_admin.program_ids_of(event) - own)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """full_clean(), as import-export does, without two queries a row: a year that
        YearWidget read (or the event's own) exists, and a slug is checked for uniqueness in
        the preview, then held by the database's constraint."""
        errors = dict(import_validation_errors or {})
        exclude = [*errors, *(["year"] if instance.year_id else [])]
        try:
            instance.full_clean(exclude=exclude, validate_unique=self.previewing)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise self.by_column(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        if kwargs["dry_run"]:
            # The preview writes nothing: every value was checked as it was read (full_clean
            # with its uniqueness and constraint checks, program_ids, parse_dates, one row per
            # slug), and the preview shows the row from there.
            return
        super().save_instance(instance, is_create, row, **kwargs)

    def do_instance_save(self, instance, is_create):
        # The history rows of every event of the file are written at the end (write_history).
        instance.skip_history_when_saving = True
        instance._imported_new = is_create
        (self.created if is_create else self.changed).append(instance)
        super().do_instance_save(instance, is_create)

    def after_save_instance(self, instance, row, **kwargs):
        if instance._imported_new:
            return  # programs, partners and date ranges: see write_history
        if instance._imported_programs is not None:
            instance.programs.set(instance._imported_programs)
        if instance._imported_partners is not None:
            self.set_partners(instance, instance._imported_partners)
        if instance._imported_dates is not None:
            self.set_dates(instance, instance._imported_dates)

    def after_import(self, dataset, result, **kwargs):
        # Even with rows in error: an import that is not rolled back keeps its valid rows.
        if self.created or self.changed:
            self.write_history()

    def write_history(self):
        """The new events' programs, partners and date ranges, and every saved event's history
        row, written for the whole file in a few queries instead of about ten per event (a
        thousand rows in a few seconds).

        As saves through the change form would leave them: each event has one history row by
        the importing user ("+" if new, "~" if changed) that lists its programs, each date
        range and partner its own. bulk_create sends no signal: the span was set on each event
        before it was saved (import_instance) and the data version is bumped here.
        """
        through = Event.programs.through
        links = through.objects.bulk_create(
            through(event=event, program_id=pk)
            for event in self.created
            for pk in sorted(event._imported_programs)
        )
        links += through.objects.filter(event__in=self.changed)
        bulk_create_with_history(
            [
                EventDate(event=event, start=r.start, end=r.end, precision=r.precision)
                for event in self.created
                for r in event._imported_dates or []
            ],
            EventDate,
        )
        bulk_create_with_history(
            [
                EventPartner(
                    event=event, partner_id=self.partner_pks[slug], role=role, position=position
                )
                for event in self.created
                for position, (slug, role) in enumerate(event._imported_partners or [])
            ],
            EventPartner,
        )
        history = {
            row.id: row
            for row in [
                *Event.history.bulk_history_create(self.created),
                *Event.history.bulk_history_create(self.changed, update=True),
            ]
        }
        # The programs each history row lists (simple-history's copy of each link).
        listed = Event.history.model.programs.model
        listed.objects.bulk_create(
            listed(
                history=history[link.event_id],
                id=link.pk,
                event_id=link.event_id,
                program_id=link.program_id,
            )
            for link in links
        )
        for event in [*self.created, *self.changed]:
            del event.skip_history_when_saving
        bump_data_version()

    def set_partners(self, event, pairs: list[tuple[str, str]]):
        """Exactly these partners in this order (their positions): unchanged rows stay, with
        their printed names and history; nothing is written when nothing changes."""
        links = list(event.partner_roles.all())
        if [(link.partner.slug, link.role) for link in links] == pairs:
            return
        kept = {(link.partner.slug, link.role): link for link in links}
        for pair, link in kept.items():
            if pair not in pairs:
                link.delete()
        for position, (slug, role) in enumerate(pairs):
            link = kept.get((slug, role)) or EventPartner(
                event=event, partner_id=self.partner_pks[slug], role=role
            )
            if link.pk is None or link.position != position:
                link.position = position
                link.save()

    def set_dates(self, event, ranges: list[Range]):
        """Exactly these ranges: unchanged rows stay (and keep their history)."""
        existing = {date.start: date for date in event.dates.all()}
        wanted = {r.start for r in ranges}
        for start, date in existing.items():
            if start not in wanted:
                date.delete()
        for r in ranges:
            date = existing.get(r.start) or EventDate(event=event, start=r.start)
            if date.pk is None or (date.end, date.precision) != (r.end, r.precision):
                date.end, date.precision = r.end, r.precision
                # parse_dates gave each range a valid end, a first day for a month and a start
                # of its own; the database holds the constraints too.
                date.full_clean(
                    exclude=["event"], validate_unique=False, validate_constraints=False
                )
                date.save()
