"""The abuse suite: a program officer tries every door of the back office on a record of another
program, and changes nothing (README "Security and operations").

Each door applies the change form's rule (cicte.admin.scoping.ProgramScopedAdmin): the change
and delete forms with their inline rows and language boxes, the list's actions, History's revert,
Recover deleted, the spreadsheet import. The doors that only read (export, autocomplete) apply
the view rule, as the list does: officers see every record read-only.
"""

import csv
import datetime
import io

import pytest
import tablib
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cicte.admin.scoping import ProgramScopedAdmin
from cicte.enums import ContentStatus, Language
from events.models import Event
from programs.models import Activity
from publications.models import Publication
from tests.admin_forms import browser_post, change_url, delete_url, signed_in
from tests.factories.cicte import ReportingYearFactory
from tests.factories.events import EventDateFactory, EventFactory, EventPartnerFactory
from tests.factories.programs import ActivityFactory, ActivityPartnerFactory, ProgramFactory
from tests.factories.publications import CoPublisherFactory, EditionFactory, PublicationFactory
from tests.factories.users import EditorFactory, ProgramOfficerFactory, StaffUserFactory
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine():
    return ProgramFactory(name="Cybersecurity", slug="cybersecurity")


@pytest.fixture
def theirs():
    return ProgramFactory(name="Border security", slug="border-security")


@pytest.fixture
def officer(mine):
    return signed_in(ProgramOfficerFactory(programs=[mine]))


@pytest.fixture
def editor():
    return signed_in(EditorFactory())


def their_event(program):
    event = EventFactory(
        slug="border-forum-2020",
        title="Border forum",
        status=ContentStatus.PUBLISHED,
        year=ReportingYearFactory(year=2020),
        programs=[program],
    )
    EventDateFactory(event=event, start=datetime.date(2020, 6, 17))
    EventPartnerFactory(event=event)
    return event


def their_activity(program):
    activity = ActivityFactory(slug="border-project-2020", title="Border project", program=program)
    ActivityPartnerFactory(activity=activity)
    return activity


def their_publication(program):
    publication = PublicationFactory(
        slug="border-report", title="Border report", status=ContentStatus.PUBLISHED,
        programs=[program],
    )  # fmt: skip
    EditionFactory(publication=publication, language=Language.ENGLISH)
    CoPublisherFactory(publication=publication)
    return publication


RECORDS = {"event": their_event, "activity": their_activity, "publication": their_publication}
# The inline rows of each record: (formset prefix, what the officer sends to remove the first).
INLINES = {
    "event": ["dates", "partner_roles"],
    "activity": ["partner_roles"],
    "publication": ["editions", "co_publisher_links"],
}


@pytest.fixture(params=list(RECORDS))
def record(request, theirs):
    return RECORDS[request.param](theirs)


def model_admin(obj):
    return admin.site._registry[type(obj)]


def state(obj):
    """The record as its change form shows it (fields in every language, programs, inline
    rows), or None once deleted."""
    current = type(obj)._base_manager.filter(pk=obj.pk).first()
    return current and model_admin(obj).record_state(current)


def history_count(obj):
    return obj.history.count()


def url(obj, name, *args):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{name}", args=args)


def messages_of(response):
    return [str(message) for message in response.wsgi_request._messages]


# -- The change form, its inline rows and its language boxes ------------------------------------


def test_officer_change_form_post_with_every_language_is_refused(officer, editor, record, mine):
    before = state(record)
    data = browser_post(
        editor.get(change_url(record)),
        title_en="Taken over",
        title_es="Tomado",
        title_fr="Pris",
        title_pt="Tomado",
    )
    field = model_admin(record).program_field
    data[field] = [str(mine.pk)] if field == "programs" else str(mine.pk)

    response = officer.post(change_url(record), data)

    assert response.status_code == 403
    assert state(record) == before


@pytest.mark.parametrize("action", ["DELETE", "change"])
def test_officer_inline_rows_of_another_programs_record_are_refused(
    officer, editor, record, action
):
    before = state(record)
    form = editor.get(change_url(record))
    for prefix in INLINES[record._meta.model_name]:
        typed = (
            {f"{prefix}-0-DELETE": "on"}
            if action == "DELETE"
            else {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
        )

        response = officer.post(change_url(record), browser_post(form, **typed))

        assert response.status_code == 403
        assert state(record) == before


def test_officer_delete_view_is_refused(officer, record):
    before = state(record)

    response = officer.post(delete_url(record), {"post": "yes"})

    assert response.status_code == 403
    assert state(record) == before


# -- The list's actions -----------------------------------------------------------------------


def test_officer_delete_selected_action_deletes_nothing(officer, record):
    before = state(record)

    officer.post(
        url(record, "changelist"),
        {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"},
    )

    assert state(record) == before
    assert not record.history.filter(history_type="-").exists()


@pytest.mark.parametrize("action", ["publish_selected", "unpublish_selected"])
@pytest.mark.parametrize("factory", [their_event, their_publication])
def test_officer_publish_actions_leave_another_programs_record_as_it_is(
    officer, theirs, factory, action
):
    obj = factory(theirs)
    before, history_before = state(obj), history_count(obj)

    response = officer.post(
        url(obj, "changelist"), {"action": action, "_selected_action": [obj.pk]}
    )

    assert messages_of(response)[-1] == (
        "1 was left as it is: you may not change it (a program you are not assigned to, or a "
        "closed year)."
    )
    assert state(obj) == before
    assert history_count(obj) == history_before


# -- History: revert ---------------------------------------------------------------------------


def test_officer_history_revert_is_refused(officer, editor, record):
    first = record.history.earliest()
    record.title = "Renamed by an editor"
    record.save()
    before = state(record)
    data = browser_post(editor.get(change_url(record)), title_en=str(first.title))

    response = officer.post(url(record, "simple_history", record.pk, first.history_id), data)

    assert response.status_code == 403
    assert state(record) == before


# -- Recover deleted ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status", "recovered"), [("officer", 403, False), ("editor", 302, True)]
)
def test_recover_post_needs_an_editor(request, editor, record, role, status, recovered):
    before = state(record)
    editor.post(delete_url(record), {"post": "yes"})
    deletion = record.history.filter(history_type="-").get()
    client = request.getfixturevalue(role)

    response = client.post(url(record, "recover", deletion.history_id))

    assert response.status_code == status
    assert (state(record) == before) is recovered
    assert (state(record) is None) is not recovered


def test_officer_recover_list_is_refused(officer, record):
    assert officer.get(url(record, "recoverlist")).status_code == 403


# -- Import ------------------------------------------------------------------------------------


def import_errors(client, rows) -> list[str]:
    """The error cells of the events import's preview of a CSV file of `rows`."""
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    file = SimpleUploadedFile("events.csv", out.getvalue().encode(), content_type="text/csv")
    response = client.post(
        reverse("admin:events_event_import"), {"format": "0", "resource": "0", "import_file": file}
    )
    return [cell.text for cell in parse(response).select("td", class_="errors")]


@pytest.mark.parametrize(
    "columns",
    [
        {"title": "Taken over", "slug": "border-forum-2020", "status": "draft", "description": "x"},
        {"title": "Border forum", "slug": "border-forum-2020", "dates": "2021-01-01"},
    ],
    ids=["title-status-description", "dates"],
)
def test_officer_import_refuses_another_programs_event(officer, theirs, columns):
    event = their_event(theirs)
    before = state(event)

    errors = import_errors(officer, [columns.keys(), columns.values()])

    assert errors == [
        "1 slug The event “border-forum-2020” belongs to programs you are not assigned to "
        "(Border security): only an editor or their program officers may change it."
    ]
    assert state(event) == before


def test_officer_import_refuses_only_the_row_of_another_programs_event(officer, mine, theirs):
    own = EventFactory(slug="cyber-forum-2020", title="Cyber forum", programs=[mine])
    event = their_event(theirs)
    before = state(event)

    errors = import_errors(
        officer,
        [["title", "slug"], ["Cyber forum, renamed", own.slug], ["Taken over", event.slug]],
    )

    # One error, on the other program's event only.
    assert errors == [
        "1 slug The event “border-forum-2020” belongs to programs you are not assigned to "
        "(Border security): only an editor or their program officers may change it."
    ]
    assert state(event) == before


# -- The doors that read: export and autocomplete ----------------------------------------------


@pytest.mark.parametrize(("format_index", "format_name"), [("0", "csv"), ("1", "xlsx")])
def test_officer_export_carries_what_their_list_shows(officer, record, format_index, format_name):
    response = officer.post(url(record, "export"), {"format": format_index, "resource": "0"})

    dataset = tablib.Dataset().load(
        response.content.decode("utf-8-sig") if format_name == "csv" else response.content,
        format=format_name,
    )
    assert dataset["slug"] == [record.slug]


def test_export_needs_the_view_permission(record):
    client = signed_in(StaffUserFactory())

    assert client.post(url(record, "export"), {"format": "0", "resource": "0"}).status_code == 403


@pytest.mark.parametrize(("user", "status"), [("officer", 200), ("staff", 403)])
def test_autocomplete_answers_whoever_may_view(request, theirs, user, status):
    activity = their_activity(theirs)
    client = (
        request.getfixturevalue("officer") if user == "officer" else signed_in(StaffUserFactory())
    )

    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "events", "model_name": "event", "field_name": "activity", "term": "Border"},
    )

    assert response.status_code == status
    if status == 200:
        assert response.json()["results"] == [{"id": str(activity.pk), "text": str(activity)}]


# -- Names staff typed are text on every admin page ---------------------------------------------


def test_officer_joint_event_form_shows_program_names_as_text(officer, mine):
    link = '<a href="https://evil.example/">Border security</a>'
    event = EventFactory(programs=[mine, ProgramFactory(name=link)])

    page = parse(officer.get(change_url(event)))

    assert page.select("a", href="https://evil.example/") == []
    helps = [d.text for d in page.select("div", class_="help") if "Also belongs" in d.text]
    assert helps == [f"Also belongs to {link}, which stays as it is."]


def test_models_are_the_program_scoped_ones():
    """Every program-scoped record is in this suite."""
    scoped = {
        model._meta.model_name
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, ProgramScopedAdmin)
    }

    assert scoped == set(RECORDS) == {m._meta.model_name for m in (Event, Activity, Publication)}


def test_messages_show_record_names_as_text(editor, theirs):
    link = '<a href="https://evil.example/">Border forum</a>'
    event = their_event(theirs)
    Event.objects.filter(pk=event.pk).update(title_en=link)
    editor.post(delete_url(event), {"post": "yes"})
    deletion = event.history.filter(history_type="-").get()

    response = editor.post(url(event, "recover", deletion.history_id), follow=True)

    page = parse(response)
    assert page.select("a", href="https://evil.example/") == []
    assert [li.text for li in page.one("ul", class_="messagelist").select("li")] == [
        f"The event “{link}” was deleted successfully.",
        f"Event “{link}” was recovered.",
    ]
