"""The partner pages' reads that gather other apps: a partner's events, publications,
activities and programs, and the partners of programs."""

from django.db.models import Exists, F, OuterRef, Q

from cicte.i18n import localized
from cicte.models import ReportingYear
from events.models import Event, EventPartner
from partners.models import Partner
from programs.models import ActivityPartner, ProgramPartner
from publications.models import CoPublisher, Publication


def partners_of_programs(program_ids):
    """Partners of these programs' public events, publications and activities, and the key
    partners the report names for them, A to Z.

    Gathered from the programs' side (whose partner ids appear in their rows: four hashed
    subqueries), not partner by partner: a program of many years works with most partners,
    and checking each one's events would read them all.
    """
    public_years = ReportingYear.objects.public()
    events = Event.objects.published().of_programs(program_ids)
    publications = Publication.objects.published().of_programs(program_ids)
    activity_roles = ActivityPartner.objects.filter(
        activity__year__in=public_years, activity__program__in=program_ids
    )
    key_partners = ProgramPartner.objects.filter(
        program_year__year__in=public_years, program_year__program__in=program_ids
    )
    return Partner.objects.filter(
        Q(pk__in=EventPartner.objects.filter(event__in=events).values("partner"))
        | Q(pk__in=CoPublisher.objects.filter(publication__in=publications).values("partner"))
        | Q(pk__in=activity_roles.values("partner"))
        | Q(pk__in=key_partners.values("partner"))
    ).alphabetical()


# A partner of many years has hundreds of events: its page shows the latest; the events list,
# filtered by the partner, has them all.
PARTNER_EVENTS_SHOWN = 20


def partner_event_roles(partner, count=PARTNER_EVENTS_SHOWN):
    """[(event, [EventPartner])] of the partner's latest `count` public events, newest first
    (two queries)."""
    latest = (
        Event.objects.published().with_partner(partner.slug).newest_first().values("pk")[:count]
    )
    roles = (
        EventPartner.objects.filter(partner=partner, event__in=latest)
        .select_related("event")
        .prefetch_related("event__dates")
        .order_by(
            F("event__starts_on").desc(nulls_last=True), localized("event__title"), "position"
        )
    )
    grouped = {}
    for role in roles:
        grouped.setdefault(role.event_id, (role.event, []))[1].append(role)
    return list(grouped.values())


def partner_publications(partner):
    """The public publications the partner co-published, newest first."""
    return (
        Publication.objects.published()
        .filter(Exists(CoPublisher.objects.filter(publication=OuterRef("pk"), partner=partner)))
        .newest_first()
    )


def partner_activity_roles(partner):
    """The partner's roles in activities of public years, with the activity and program."""
    return (
        ActivityPartner.objects.filter(
            partner=partner, activity__year__in=ReportingYear.objects.public()
        )
        .select_related("activity__program", "activity__year")
        .order_by(
            "-activity__year__year", "activity__program__position", localized("activity__title")
        )
    )


def partner_key_programs(partner):
    """The programs of public years that name the partner among their key partners, latest
    year first."""
    return (
        ProgramPartner.objects.filter(
            partner=partner, program_year__year__in=ReportingYear.objects.public()
        )
        .select_related("program_year__program", "program_year__year")
        .order_by("-program_year__year__year", "program_year__program__position")
    )
