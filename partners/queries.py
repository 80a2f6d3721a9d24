"""Reads of partners across the apps: who is public, and what a partner did."""

from django.db.models import Exists, OuterRef, Prefetch

from cicte.data_version import memoise
from cicte.models import ReportingYear
from events.models import Event, EventPartner
from partners.models import Partner, PartnerYear
from programs.models import ActivityPartner, ProgramPartner
from publications.models import CoPublisher, Publication


def public_partner_filter(*, program_ids=None):
    """Q for partners that a visitor may see: in a public year's annex, or working on public
    events, publications or activities (of these programs only, given `program_ids`).

    A partner known only from draft content stays hidden: it would give the draft away.
    """
    public_years = ReportingYear.objects.public()
    events = Event.objects.published()
    publications = Publication.objects.published()
    activity_roles = ActivityPartner.objects.filter(activity__year__in=public_years)
    key_partners = ProgramPartner.objects.filter(program_year__year__in=public_years)
    if program_ids is not None:
        events = events.of_programs(program_ids)
        publications = publications.of_programs(program_ids)
        activity_roles = activity_roles.filter(activity__program__in=program_ids)
        key_partners = key_partners.filter(program_year__program__in=program_ids)
    condition = (
        Exists(EventPartner.objects.filter(partner=OuterRef("pk"), event__in=events))
        | Exists(CoPublisher.objects.filter(partner=OuterRef("pk"), publication__in=publications))
        | Exists(activity_roles.filter(partner=OuterRef("pk")))
        | Exists(key_partners.filter(partner=OuterRef("pk")))
    )
    if program_ids is None:
        condition |= Exists(
            PartnerYear.objects.filter(partner=OuterRef("pk"), year__in=public_years)
        )
    return condition


def public_partners():
    return Partner.objects.filter(public_partner_filter())


def public_partner_ids():
    """The ids of the public partners, known once per data version: which partners are public
    takes every public event's partners (0.1 s at 100,000 events)."""
    return memoise(
        "public-partner-ids", lambda: list(public_partners().values_list("pk", flat=True))
    )


def partners_for_listing(public=None):
    """The partners list and its exports: public partners in Annex 4's order, each with
    `public_years` (its PartnerYear rows of public years, oldest first), read for the rows
    fetched only (a page of the list, a chunk of an export). `public`: the public partners
    when they are known already (by default public_partners())."""
    return (
        (public_partners() if public is None else public)
        .in_annex_order()
        .prefetch_related(
            Prefetch(
                "years",
                public_partner_years().select_related("year").order_by("year__year"),
                to_attr="public_years",
            )
        )
    )


def public_partner_years():
    return PartnerYear.objects.filter(year__in=ReportingYear.objects.public())
