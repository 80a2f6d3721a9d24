"""Reads of partners across the apps: who is public, and what a partner did."""

from django.db.models import Exists, OuterRef, Prefetch

from cicte.models import ReportingYear
from events.models import Event, EventPartner
from partners.models import Partner, PartnerYear
from programs.models import ActivityPartner, ProgramPartner
from publications.models import CoPublisher, Publication


def public_partner_filter():
    """Exists() for partners that a visitor may see: in a public year's annex, or working on
    public events, publications or activities.

    A partner known only from draft content stays hidden: it would give the draft away.

    One correlated EXISTS over the union of the partner's links, read in turn until one is
    found (its events first, which most partners have): a few index reads per partner. An OR
    of five EXISTS made PostgreSQL hash the partners of every public event instead, a
    sequential scan of the events (0.1 s at 100,000 events, quiet, against about 0.01 s).
    """
    public_years = ReportingYear.objects.public()
    partner = OuterRef("pk")
    links = [
        EventPartner.objects.filter(partner=partner, event__in=Event.objects.published()),
        CoPublisher.objects.filter(
            partner=partner, publication__in=Publication.objects.published()
        ),
        ActivityPartner.objects.filter(partner=partner, activity__year__in=public_years),
        ProgramPartner.objects.filter(partner=partner, program_year__year__in=public_years),
        PartnerYear.objects.filter(partner=partner, year__in=public_years),
    ]
    first, *others = (link.values("partner") for link in links)
    return Exists(first.union(*others, all=True))


def public_partners():
    return Partner.objects.filter(public_partner_filter())


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
