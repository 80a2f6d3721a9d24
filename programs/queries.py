"""Reads of programs that the other apps' pages share (the events and publications filters, the
report's pages)."""

from django.db.models import Exists, OuterRef, Q

from cicte.models import ReportingYear
from programs.models import Activity, Program, ProgramYear


def published(relation: str):
    """The published records of the model that points at programs by `relation` ("events"):
    read through the relation, as this layer does not import the apps above it."""
    return Program._meta.get_field(relation).related_model.objects.published()


def _has_public_content():
    """The condition that the program (OuterRef "pk") has a narrative or an activity of a
    public year, or a public event or publication."""
    public_years = ReportingYear.objects.public()
    program = OuterRef("pk")
    return (
        Exists(ProgramYear.objects.filter(program=program, year__in=public_years))
        | Exists(Activity.objects.filter(program=program, year__in=public_years))
        | Exists(
            Program.events.through.objects.filter(program=program, event__in=published("events"))
        )
        | Exists(
            Program.publications.through.objects.filter(
                program=program, publication__in=published("publications")
            )
        )
    )


def public_programs():
    """Programs a visitor may see: with something public of their own or of a sub-program. A
    program known only from a draft year (added for it, say) stays hidden: it would give the
    draft away, as a partner would (reports.public_partners.public_partner_filter)."""
    with_content = Program.objects.filter(_has_public_content())
    # The condition is built once for both: a program's own, a sub-program's for its parent
    # (building and compiling it twice was most of the cost of a list page's program choices).
    return Program.objects.filter(
        Q(pk__in=with_content.values("pk")) | Q(pk__in=with_content.values("parent_id"))
    )


def program_choices(programs):
    """(slug, name) with each sub-program under its parent: "Border security", "— Maritime…"."""
    children = {}
    for program in programs:
        children.setdefault(program.parent_id, []).append(program)
    choices = []
    for program in children.get(None, []):
        choices.append((program.slug, program.name))
        choices.extend((child.slug, f"— {child.name}") for child in children.get(program.pk, []))
    return choices


def program_tree():
    """One query: the filter choices, and slug → ids of that program and its sub-programs."""
    programs = list(public_programs().only("pk", "slug", "name", "parent_id", "position"))
    ids = {program.slug: [program.pk] for program in programs}
    by_pk = {program.pk: program for program in programs}
    for program in programs:
        if program.parent_id in by_pk:
            ids[by_pk[program.parent_id].slug].append(program.pk)
    return program_choices(programs), ids


def public_program_years():
    """Program years of public reporting years only."""
    return ProgramYear.objects.filter(year__in=ReportingYear.objects.public())
