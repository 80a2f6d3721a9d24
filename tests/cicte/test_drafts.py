"""Drafts at their public addresses: staff see them under a banner, never stored; anyone
else gets a 404 (cicte.drafts)."""

import datetime
import io

import docx
import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from cicte.enums import ContentStatus, YearStatus
from cicte.models import StoredDocument
from events.enums import EventAnnex
from events.models import Event
from publications.models import Publication
from tests.factories.cicte import ReportingYearFactory
from tests.factories.events import EventDateFactory, EventFactory
from tests.factories.publications import PublicationFactory
from tests.factories.users import EditorFactory, ProgramOfficerFactory
from tests.html import parse, texts

pytestmark = pytest.mark.django_db

BANNER = "Draft — not public"


def banner(response) -> list[str]:
    """The banner's heading, once per banner on the page."""
    return texts(response, "strong", class_="draft-banner-title")


@pytest.fixture
def draft_year():
    return ReportingYearFactory(year=2021, title="Annual Report 2021", status=YearStatus.IN_REVIEW)


@pytest.mark.parametrize("staff", [EditorFactory, ProgramOfficerFactory])
def test_staff_read_a_draft_years_report_under_the_banner(client, draft_year, staff):
    client.force_login(staff())

    response = client.get(reverse("reports:detail", args=[2021]))

    assert response.status_code == 200
    assert banner(response) == [BANNER]
    assert parse(response).one("h1").text == "Annual Report 2021"


def test_a_draft_year_is_a_404_for_anyone_else(client, draft_year):
    urls = [
        reverse("reports:detail", args=[2021]),
        reverse("reports:annex", args=[2021, 1]),
        reverse("reports:annexes-docx", args=[2021]),
        reverse("reports:pdf", args=[2021]),
    ]

    assert [client.get(url).status_code for url in urls] == [404, 404, 404, 404]
    client.force_login(EditorFactory(is_staff=False))
    assert [client.get(url).status_code for url in urls] == [404, 404, 404, 404]


def test_a_public_years_report_has_no_banner_for_staff(client):
    ReportingYearFactory(year=2020, status=YearStatus.PUBLISHED)
    client.force_login(EditorFactory())

    response = client.get(reverse("reports:detail", args=[2020]))

    assert response.status_code == 200
    assert banner(response) == []


def test_a_draft_years_annex_lists_its_published_records_not_its_drafts(client, draft_year):
    meeting = EventFactory(year=draft_year, title="Ministerial meeting")
    EventDateFactory(event=meeting, start=datetime.date(2021, 5, 4))
    Event.objects.filter(pk=meeting.pk).update(annex=EventAnnex.VIRTUAL_FORUM)
    unfinished = EventFactory(year=draft_year, title="Unfinished", status=ContentStatus.DRAFT)
    Event.objects.filter(pk=unfinished.pk).update(annex=EventAnnex.VIRTUAL_FORUM)
    client.force_login(EditorFactory())

    response = client.get(reverse("reports:annex", args=[2021, 2]))

    assert response.status_code == 200
    assert banner(response) == [BANNER]
    assert texts(response, "a", href=meeting.get_absolute_url()) == ["Ministerial meeting."]
    assert texts(response, "a", href=unfinished.get_absolute_url()) == []


@pytest.mark.parametrize(
    ("year_status", "record_status"),
    [
        (YearStatus.PUBLISHED, ContentStatus.DRAFT),  # a draft in a public year
        (YearStatus.APPROVED, ContentStatus.PUBLISHED),  # ready, its year not yet out
    ],
)
@pytest.mark.parametrize(
    ("factory", "route"),
    [(EventFactory, "events:detail"), (PublicationFactory, "publications:detail")],
)
def test_a_draft_record_is_shown_to_staff_under_the_banner_and_is_a_404_to_others(
    client, year_status, record_status, factory, route
):
    year = ReportingYearFactory(year=2020, status=year_status)
    record = factory(year=year, status=record_status, title="Draft record")
    url = reverse(route, args=[record.slug])

    anonymous = client.get(url)
    client.force_login(ProgramOfficerFactory())
    staff = client.get(url)

    assert anonymous.status_code == 404
    assert staff.status_code == 200
    assert banner(staff) == [BANNER]
    assert parse(staff).one("h1").text == "Draft record"


def test_a_public_record_has_no_banner_for_staff(client):
    event = EventFactory(year=ReportingYearFactory(year=2020, status=YearStatus.PUBLISHED))
    client.force_login(EditorFactory())

    response = client.get(event.get_absolute_url())

    assert response.status_code == 200
    assert banner(response) == []


def test_what_staff_read_is_private_and_never_kept_by_the_page_cache(client, page_cache):
    event = EventFactory(year=ReportingYearFactory(year=2020, status=YearStatus.PUBLISHED))
    draft = EventFactory(year=event.year, status=ContentStatus.DRAFT)

    anonymous = client.get(event.get_absolute_url())
    client.force_login(EditorFactory())
    staff = client.get(event.get_absolute_url())
    staff_draft = client.get(draft.get_absolute_url())
    client.logout()
    anonymous_draft = client.get(draft.get_absolute_url())

    # The page cache serves (and keeps) the anonymous answer: it carries its ETag.
    assert ("ETag" in anonymous, anonymous["Cache-Control"]) == (True, "no-cache")
    for response in (staff, staff_draft):
        assert "ETag" not in response
        assert set(response["Cache-Control"].split(", ")) >= {"private", "no-store"}
    assert anonymous_draft.status_code == 404


def test_a_draft_years_document_is_built_for_staff_and_never_stored(client, draft_year):
    ReportingYearFactory(year=2020, status=YearStatus.PUBLISHED)
    client.force_login(EditorFactory())

    draft = client.get(reverse("reports:annexes-docx", args=[2021]))
    public = client.get(reverse("reports:annexes-docx", args=[2020]))

    assert draft.status_code == 200
    assert set(draft["Cache-Control"].split(", ")) >= {"private", "no-store"}
    paragraphs = [p.text for p in docx.Document(io.BytesIO(draft.content)).paragraphs]
    assert paragraphs[0] == BANNER
    assert BANNER not in [p.text for p in docx.Document(io.BytesIO(public.content)).paragraphs]
    # Only the public year's document is kept.
    assert list(StoredDocument.objects.values_list("year", flat=True)) == [2020]


@pytest.mark.parametrize("model", [Event, Publication])
def test_view_on_site_opens_a_draft_for_staff(client, model):
    factory = {Event: EventFactory, Publication: PublicationFactory}[model]
    record = factory(
        year=ReportingYearFactory(year=2021, status=YearStatus.DRAFT), status=ContentStatus.DRAFT
    )
    client.force_login(EditorFactory())
    content_type = ContentType.objects.get_for_model(model)

    response = client.get(
        reverse("admin:view_on_site", args=[content_type.pk, record.pk]), follow=True
    )

    assert response.redirect_chain[-1][0].endswith(record.get_absolute_url())
    assert response.status_code == 200
    assert banner(response) == [BANNER]


def test_view_on_site_opens_a_draft_year_for_staff(client, draft_year):
    client.force_login(EditorFactory())
    content_type = ContentType.objects.get_for_model(draft_year)

    response = client.get(
        reverse("admin:view_on_site", args=[content_type.pk, draft_year.pk]), follow=True
    )

    assert response.status_code == 200
    assert texts(response, "h1") == ["Annual Report 2021"]
    assert banner(response) == [BANNER]
