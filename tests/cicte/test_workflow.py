"""A reporting year's steps (reports.workflow) and their doors in the admin."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cicte.enums import ContentStatus, YearStatus
from cicte.models import ReportingYear
from events.models import Event
from reports.report_checks import year_review as reports_year_review
from reports.workflow import reporting_year_transition
from tests.admin_forms import browser_post, change_url
from tests.factories.cicte import ReportingYearFactory
from tests.factories.events import EventDateFactory, EventFactory
from tests.factories.users import EditorFactory, ProgramOfficerFactory
from tests.html import parse, texts

pytestmark = pytest.mark.django_db

APPROVAL = {"approved_on": datetime.date(2022, 6, 10), "approved_at": "fourth plenary session"}


def transition_url(year, to) -> str:
    return reverse("admin:cicte_reportingyear_transition", args=[year.pk, to])


def history(year) -> list[tuple[str, str, str]]:
    """(status, user, reason) of each history entry, oldest first."""
    return [
        (entry.status, getattr(entry.history_user, "username", ""), entry.history_change_reason)
        for entry in year.history.order_by("history_date", "history_id")
    ]


# -- The service -------------------------------------------------------------------------------


def test_transition_walks_a_year_from_draft_to_closed_one_history_entry_each():
    editor = EditorFactory(username="ed")
    year = ReportingYearFactory(year=2021, status=YearStatus.DRAFT)

    reporting_year_transition(year=year, to=YearStatus.IN_REVIEW, user=editor)
    reporting_year_transition(year=year, to=YearStatus.APPROVED, user=editor, **APPROVAL)
    reporting_year_transition(year=year, to=YearStatus.PUBLISHED, user=editor)
    reporting_year_transition(year=year, to=YearStatus.CLOSED, user=editor)

    year.refresh_from_db()
    assert (year.status, year.approved_on, year.approved_at) == (
        YearStatus.CLOSED,
        datetime.date(2022, 6, 10),
        "fourth plenary session",
    )
    assert year.publication_override == ""
    assert history(year)[1:] == [
        ("in_review", "ed", "Send for review"),
        ("approved", "ed", "Record the approval"),
        ("published", "ed", "Publish"),
        ("closed", "ed", "Close"),
    ]


@pytest.mark.parametrize(
    ("status", "to"),
    [
        (YearStatus.DRAFT, YearStatus.APPROVED),
        (YearStatus.DRAFT, YearStatus.PUBLISHED),
        (YearStatus.IN_REVIEW, YearStatus.PUBLISHED),
        (YearStatus.PUBLISHED, YearStatus.DRAFT),
        (YearStatus.CLOSED, YearStatus.PUBLISHED),
        (YearStatus.APPROVED, YearStatus.APPROVED),
    ],
)
def test_transition_refuses_a_step_the_year_may_not_take(status, to):
    year = ReportingYearFactory(year=2021, status=status)

    with pytest.raises(ValidationError) as refused:
        reporting_year_transition(year=year, to=to, user=EditorFactory(), **APPROVAL)

    assert refused.value.code == "step"
    assert ReportingYear.objects.get(pk=year.pk).status == status


def test_transition_sends_a_year_in_review_back_to_draft():
    year = ReportingYearFactory(year=2021, status=YearStatus.IN_REVIEW)

    reporting_year_transition(year=year, to=YearStatus.DRAFT, user=EditorFactory())

    assert ReportingYear.objects.get(pk=year.pk).status == YearStatus.DRAFT


def test_transition_refuses_an_approval_without_its_date_and_session():
    year = ReportingYearFactory(year=2021, status=YearStatus.IN_REVIEW)

    with pytest.raises(ValidationError) as refused:
        reporting_year_transition(year=year, to=YearStatus.APPROVED, user=EditorFactory())

    assert refused.value.message_dict == {
        "approved_on": ["Give the date the report was approved."],
        "approved_at": ["Give the session that approved it, e.g. 'fourth plenary session'."],
    }
    assert ReportingYear.objects.get(pk=year.pk).status == YearStatus.IN_REVIEW


def test_transition_refuses_an_officer_and_a_member_of_staff_without_a_role():
    year = ReportingYearFactory(year=2021, status=YearStatus.APPROVED)

    for user in (ProgramOfficerFactory(), EditorFactory(is_active=False)):
        with pytest.raises(PermissionDenied):
            reporting_year_transition(year=year, to=YearStatus.PUBLISHED, user=user)

    assert ReportingYear.objects.get(pk=year.pk).status == YearStatus.APPROVED


def test_publishing_with_blocking_items_needs_a_reason():
    year = ReportingYearFactory(year=2021, status=YearStatus.APPROVED)
    EventFactory(year=year, status=ContentStatus.DRAFT)

    with pytest.raises(ValidationError) as refused:
        reporting_year_transition(year=year, to=YearStatus.PUBLISHED, user=EditorFactory())

    assert refused.value.code == "blocking"
    assert "Events not yet published: 1" in refused.value.messages[0]
    assert ReportingYear.objects.get(pk=year.pk).status == YearStatus.APPROVED


def test_publishing_with_a_reason_records_it_and_leaves_the_drafts_drafts():
    editor = EditorFactory(username="ed")
    year = ReportingYearFactory(year=2021, status=YearStatus.APPROVED)
    ready = EventFactory(year=year)
    EventDateFactory(event=ready, start=datetime.date(2021, 3, 1))
    draft = EventFactory(year=year, status=ContentStatus.DRAFT)
    assert list(Event.objects.published()) == []

    reporting_year_transition(
        year=year, to=YearStatus.PUBLISHED, user=editor, override_reason="  GA deadline  "
    )

    year.refresh_from_db()
    assert (year.status, year.publication_override) == (YearStatus.PUBLISHED, "GA deadline")
    assert history(year)[-1] == (
        "published",
        "ed",
        "Published despite blocking items: GA deadline",
    )
    # The year's published records are public with it; its draft stays a draft.
    assert list(Event.objects.published()) == [ready]
    assert Event.objects.get(pk=draft.pk).status == ContentStatus.DRAFT


def test_open_year_is_the_latest_not_yet_published_else_the_latest_published():
    ReportingYearFactory(year=2019, status=YearStatus.CLOSED)
    ReportingYearFactory(year=2020, status=YearStatus.PUBLISHED)
    assert ReportingYear.objects.open().year == 2020

    ReportingYearFactory(year=2021, status=YearStatus.IN_REVIEW)
    assert ReportingYear.objects.open().year == 2021

    ReportingYearFactory(year=2022, status=YearStatus.APPROVED)
    assert ReportingYear.objects.open().year == 2022


# -- The doors ---------------------------------------------------------------------------------


def test_change_page_shows_an_editor_the_next_steps_and_an_officer_none(client):
    year = ReportingYearFactory(year=2021, status=YearStatus.IN_REVIEW)

    client.force_login(EditorFactory())
    editor_page = client.get(change_url(year))
    client.force_login(ProgramOfficerFactory())
    officer_page = client.get(change_url(year))

    assert texts(editor_page, "a", class_="button") == ["Record the approval", "Send back to draft"]
    assert [a.attrs["href"] for a in parse(editor_page).select("a", class_="button")][:2] == [
        transition_url(year, "approved"),
        transition_url(year, "draft"),
    ]
    assert texts(officer_page, "a", class_="button") == []
    status = parse(officer_page).one("section", class_="year-status").text
    assert "This year's report is: In review." in status


def test_approval_page_records_the_date_and_session(client):
    year = ReportingYearFactory(year=2021, status=YearStatus.IN_REVIEW)
    client.force_login(EditorFactory())

    response = client.post(
        transition_url(year, "approved"),
        {"approved_on": "2022-06-10", "approved_at": "fourth plenary session"},
    )

    assert response.status_code == 302
    assert response["Location"] == change_url(year)
    year.refresh_from_db()
    assert (year.status, year.approved_on, year.approved_at) == (
        YearStatus.APPROVED,
        datetime.date(2022, 6, 10),
        "fourth plenary session",
    )


def test_approval_page_without_the_date_says_what_is_missing(client):
    year = ReportingYearFactory(year=2021, status=YearStatus.IN_REVIEW)
    client.force_login(EditorFactory())

    response = client.post(transition_url(year, "approved"), {"approved_at": "fourth session"})

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "approved_on": ["Give the date the report was approved."]
    }
    assert ReportingYear.objects.get(pk=year.pk).status == YearStatus.IN_REVIEW


def test_publish_page_lists_the_blocking_items_and_asks_for_a_reason(client):
    year = ReportingYearFactory(year=2021, status=YearStatus.APPROVED)
    EventFactory(year=year, status=ContentStatus.DRAFT)
    client.force_login(EditorFactory())

    shown = client.get(transition_url(year, "published"))
    refused = client.post(transition_url(year, "published"), {"override_reason": ""})
    published = client.post(transition_url(year, "published"), {"override_reason": "Deadline"})

    assert "Events not yet published: 1" in texts(shown, "li")
    assert list(shown.context["form"].fields) == ["override_reason"]
    assert refused.status_code == 400
    assert published.status_code == 302
    assert ReportingYear.objects.get(pk=year.pk).publication_override == "Deadline"


def test_transition_page_refuses_a_step_the_year_may_not_take(client):
    year = ReportingYearFactory(year=2021, status=YearStatus.DRAFT)
    client.force_login(EditorFactory())

    response = client.post(transition_url(year, "published"))

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "A year that is draft cannot become published."
    ]
    assert ReportingYear.objects.get(pk=year.pk).status == YearStatus.DRAFT


@pytest.mark.parametrize("method", ["get", "post"])
def test_transition_page_refuses_an_officer(client, method):
    year = ReportingYearFactory(year=2021, status=YearStatus.APPROVED)
    client.force_login(ProgramOfficerFactory())

    response = getattr(client, method)(transition_url(year, "published"))

    assert response.status_code == 403
    assert ReportingYear.objects.get(pk=year.pk).status == YearStatus.APPROVED


def test_transition_page_of_an_unknown_status_is_a_404(client):
    year = ReportingYearFactory(year=2021, status=YearStatus.APPROVED)
    client.force_login(EditorFactory())

    assert client.get(transition_url(year, "gone")).status_code == 404


def test_change_form_keeps_the_status_an_editor_posts(client):
    year = ReportingYearFactory(year=2021, status=YearStatus.DRAFT)
    client.force_login(EditorFactory())

    response = client.post(
        change_url(year),
        browser_post(
            client.get(change_url(year)), status="published", publication_override="forged"
        ),
    )

    assert response.status_code == 302
    year.refresh_from_db()
    assert (year.status, year.publication_override) == (YearStatus.DRAFT, "")


def test_reverting_to_an_old_version_keeps_the_status(client):
    editor = EditorFactory()
    year = ReportingYearFactory(year=2021, status=YearStatus.DRAFT)
    reporting_year_transition(year=year, to=YearStatus.IN_REVIEW, user=editor)
    draft_version = year.history.get(status=YearStatus.DRAFT)
    client.force_login(editor)
    url = reverse(
        "admin:cicte_reportingyear_simple_history", args=[year.pk, draft_version.history_id]
    )

    form = client.get(url).context["adminform"].form
    fields = {field.html_name: field.value() for field in form if field.value() is not None}

    response = client.post(url, {**fields, "_save": "Save"})

    assert response.status_code == 302
    assert ReportingYear.objects.get(pk=year.pk).status == YearStatus.IN_REVIEW


def test_override_reason_is_shown_on_the_change_page(client):
    year = ReportingYearFactory(
        year=2021, status=YearStatus.PUBLISHED, publication_override="GA deadline"
    )
    client.force_login(EditorFactory())

    response = client.get(change_url(year))

    field = parse(response).one("div", class_="field-publication_override")
    assert "Published despite blocking items:" in field.text
    assert "GA deadline" in field.text


def test_refusals_say_why_in_words():
    year = ReportingYearFactory(year=2021, status=YearStatus.DRAFT)

    with pytest.raises(PermissionDenied) as not_an_editor:
        reporting_year_transition(year=year, to=YearStatus.IN_REVIEW, user=ProgramOfficerFactory())
    with pytest.raises(ValidationError) as wrong_step:
        reporting_year_transition(year=year, to=YearStatus.CLOSED, user=EditorFactory())

    assert str(not_an_editor.value) == (
        "Only editors move a reporting year from one status to another."
    )
    assert wrong_step.value.messages == ["A year that is draft cannot become closed."]


def test_publishing_refusal_lists_each_blocking_item_with_its_count():
    year = ReportingYearFactory(year=2021, status=YearStatus.APPROVED)
    EventFactory(year=year, status=ContentStatus.DRAFT)

    with pytest.raises(ValidationError) as refused:
        reporting_year_transition(year=year, to=YearStatus.PUBLISHED, user=EditorFactory())

    # The factory's event has no dates and no program either.
    assert refused.value.messages == [
        "The year's checks still find blocking items (Events without dates: 1; Events without "
        "a program: 1; Events not yet published: 1): fix them, or give the reason to publish it "
        "anyway."
    ]


def test_a_reason_given_when_nothing_blocks_is_not_kept():
    year = ReportingYearFactory(year=2021, status=YearStatus.APPROVED)
    blocking = reports_year_review(year).blocking
    assert blocking == []

    reporting_year_transition(
        year=year, to=YearStatus.PUBLISHED, user=EditorFactory(), override_reason="just in case"
    )

    year.refresh_from_db()
    assert (year.status, year.publication_override) == (YearStatus.PUBLISHED, "")
    assert history(year)[-1][2] == "Publish"
