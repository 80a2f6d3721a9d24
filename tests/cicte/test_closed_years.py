"""A closed year's records are read-only for everyone, editors included, at every door of the
admin (cicte.admin.closed); reopened, or only published, they are edited again."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from cicte.enums import ContentStatus, YearStatus
from cicte.models import ReportText
from events.models import Event
from partners.models import PartnerYear
from tests.admin_forms import browser_post, change_url, delete_url, signed_in
from tests.events.test_import import csv_file, row, upload
from tests.factories.cicte import ReportingYearFactory, ReportTextFactory
from tests.factories.events import EventDateFactory, EventFactory
from tests.factories.partners import PartnerFactory, PartnerYearFactory
from tests.factories.programs import ProgramFactory
from tests.factories.users import EditorFactory
from tests.html import parse

pytestmark = pytest.mark.django_db

CLOSED_2020 = (
    "Read-only: the 2020 report is closed (published and no longer edited), so its records "
    "cannot be changed, deleted or added to."
)
CHANGELIST = reverse("admin:events_event_changelist")


@pytest.fixture
def year():
    return ReportingYearFactory(year=2020, status=YearStatus.PUBLISHED)


@pytest.fixture
def event(year):
    event = EventFactory(
        year=year, slug="forum-2020", title="Border forum", programs=[ProgramFactory()]
    )
    EventDateFactory(event=event, start=datetime.date(2020, 6, 17))
    return event


@pytest.fixture
def editor():
    return signed_in(EditorFactory())


def close(year, status=YearStatus.CLOSED):
    year.status = status
    year.save(update_fields=["status"])


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_change_form_of_a_closed_years_event_is_read_only_and_says_why(editor, event, year):
    form = editor.get(change_url(event))
    close(year)

    page = editor.get(change_url(event))
    response = editor.post(change_url(event), browser_post(form, title_en="Changed"))

    assert page.context["read_only_reason"] == CLOSED_2020
    assert CLOSED_2020 in page.content.decode()
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.title == "Border forum"


@pytest.mark.parametrize("status", [YearStatus.PUBLISHED, YearStatus.APPROVED])
def test_change_form_of_an_open_or_reopened_years_event_saves(editor, event, year, status):
    close(year)
    close(year, status)  # Reopened: published again, or back to approved.
    form = editor.get(change_url(event))

    response = editor.post(change_url(event), browser_post(form, title_en="Changed"))

    assert "read_only_reason" not in form.context
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Changed"


def test_delete_of_a_closed_years_event_is_refused(editor, event, year):
    close(year)

    response = editor.post(delete_url(event), {"post": "yes"})

    assert response.status_code == 403
    assert Event.objects.filter(pk=event.pk).exists()


def test_publish_action_leaves_a_closed_years_events_as_they_are(editor, event, year):
    other = EventFactory(year=ReportingYearFactory(year=2021), status=ContentStatus.PUBLISHED)
    close(year)

    response = editor.post(
        CHANGELIST,
        {"action": "unpublish_selected", "_selected_action": [event.pk, other.pk]},
        follow=True,
    )

    assert messages_of(response) == [
        "1 event is now draft.",
        "1 was left as it is: you may not change it (a program you are not assigned to, or a "
        "closed year).",
    ]
    event.refresh_from_db()
    other.refresh_from_db()
    assert (event.status, other.status) == (ContentStatus.PUBLISHED, ContentStatus.DRAFT)


def test_delete_selected_action_refuses_a_closed_years_event(editor, event, year):
    close(year)

    response = editor.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"}
    )

    assert response.status_code == 403
    assert Event.objects.filter(pk=event.pk).exists()


def test_partner_year_row_of_a_closed_year_is_refused_in_the_partners_form(editor, year):
    partner = PartnerFactory(name="Trend Micro")
    PartnerYearFactory(partner=partner, year=year, name_as_printed="Trend Micro")
    form = editor.get(change_url(partner))
    close(year)
    data = browser_post(form)
    data["years-0-name_as_printed_en"] = "Changed"

    response = editor.post(change_url(partner), data)

    assert response.status_code == 200
    [row_form] = response.context["inline_admin_formsets"][0].formset.forms
    assert row_form.errors["year"] == [CLOSED_2020]
    assert PartnerYear.objects.get().name_as_printed == "Trend Micro"


def test_import_refuses_a_closed_years_event_and_moving_an_event_into_a_closed_year(
    editor, event, year
):
    ProgramFactory(slug="cybersecurity")
    moved = EventFactory(year=ReportingYearFactory(year=2021), slug="visit-2021")
    close(year)

    response = upload(
        editor,
        csv_file(
            row(slug="forum-2020", title="Changed"),
            row(slug="new-2021", year="2021"),
            row(slug="visit-2021", year="2020"),
        ),
    )

    page = parse(response)
    invalid = page.select("table", class_="import-preview")[0].select("tbody")[0].select("tr")
    errors = {tr.select("th")[0].text: tr.select("td", class_="errors")[0].text for tr in invalid}
    assert errors == {"2": f"1 year {CLOSED_2020}", "4": f"1 year {CLOSED_2020}"}
    event.refresh_from_db()
    moved.refresh_from_db()
    assert (event.title, moved.year.year) == ("Border forum", 2021)


def test_revert_of_a_closed_years_event_is_refused(editor, event, year):
    editor.post(change_url(event), browser_post(editor.get(change_url(event)), title_en="Changed"))
    first = event.history.order_by("history_date").first()
    url = reverse("admin:events_event_simple_history", args=[event.pk, first.history_id])
    form = editor.get(change_url(event))  # The revert page's form has the same fields.
    close(year)

    response = editor.post(url, browser_post(form))

    assert response.status_code == 403
    event.refresh_from_db()
    assert event.title == "Changed"


def test_recover_of_a_closed_years_event_is_refused(editor, event, year):
    editor.post(delete_url(event), {"post": "yes"})
    close(year)
    listing = editor.get(reverse("admin:events_event_recoverlist"))
    [record] = listing.context["records"]

    url = reverse("admin:events_event_recover", args=[record.history_id])
    response = editor.post(url, follow=True)

    assert messages_of(response) == [f"Event “Border forum” could not be recovered: {CLOSED_2020}"]
    assert not Event.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize(
    ("status", "errors"),
    [(YearStatus.CLOSED, [CLOSED_2020]), (YearStatus.PUBLISHED, [])],
)
def test_adding_an_event_in_a_closed_year_is_a_form_error(editor, year, status, errors):
    close(year, status)
    add = reverse("admin:events_event_add")

    response = editor.post(add, {"year": year.pk, "title": "New", "_save": "Save"})

    assert response.context["adminform"].form.errors.get("year", []) == errors
    assert not Event.objects.filter(title="New").exists()


def test_deleting_a_closed_years_row_under_a_partner_is_refused(editor, year):
    partner = PartnerFactory(name="Trend Micro")
    PartnerYearFactory(partner=partner, year=year)
    form = editor.get(change_url(partner))
    close(year)

    response = editor.post(change_url(partner), browser_post(form, **{"years-0-DELETE": "on"}))

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.non_form_errors() == [CLOSED_2020]
    assert PartnerYear.objects.filter(partner=partner).count() == 1


def test_report_text_of_a_closed_year_is_refused_in_the_years_form(editor, year):
    text = ReportTextFactory(year=year, text_en="As printed")
    form = editor.get(change_url(year))
    close(year)
    data = browser_post(form)
    [key] = [k for k in data if k.endswith("-0-text_en")]
    data[key] = "Changed"

    response = editor.post(change_url(year), data)

    assert response.status_code == 200
    formset = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is ReportText
    )
    assert formset.forms[0].errors["year"] == [CLOSED_2020]
    text.refresh_from_db()
    assert text.text_en == "As printed"


def test_import_refuses_moving_an_event_out_of_a_closed_year(editor, event, year):
    ProgramFactory(slug="cybersecurity")
    ReportingYearFactory(year=2021)
    close(year)

    response = upload(editor, csv_file(row(slug="forum-2020", year="2021")))

    page = parse(response)
    invalid = page.select("table", class_="import-preview")[0].select("tbody")[0].select("tr")
    errors = {tr.select("th")[0].text: tr.select("td", class_="errors")[0].text for tr in invalid}
    assert errors == {"2": f"1 year {CLOSED_2020}"}
    event.refresh_from_db()
    assert event.year.year == 2020


def test_partner_year_row_moved_out_of_a_closed_year_is_refused(editor, year):
    partner = PartnerFactory(name="Trend Micro")
    PartnerYearFactory(partner=partner, year=year, name_as_printed="Trend Micro")
    open_year = ReportingYearFactory(year=2021)
    form = editor.get(change_url(partner))
    close(year)
    data = browser_post(form)
    [key] = [k for k in data if k.startswith("years-0-") and k.endswith("-year")]
    data[key] = str(open_year.pk)

    response = editor.post(change_url(partner), data)

    assert response.status_code == 200
    [row_form] = response.context["inline_admin_formsets"][0].formset.forms
    assert row_form.errors["year"] == [CLOSED_2020]
    assert PartnerYear.objects.get().year == year
