"""Two staff members editing one record: the second save of a stale form is refused."""

import datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cicte.admin.locking import LOADED_VERSION, OptimisticLockMixin, shown_value
from cicte.enums import YearStatus
from cicte.roles import REPORT_MODELS
from events.models import Event
from partners.models import Partner, PartnerYear
from tests.admin_forms import browser_post, change_url, signed_in
from tests.factories.cicte import ReportingYearFactory
from tests.factories.events import EventDateFactory, EventFactory
from tests.factories.partners import PartnerFactory, PartnerYearFactory
from tests.factories.programs import ProgramFactory
from tests.factories.users import EditorFactory
from tests.html import parse

pytestmark = pytest.mark.django_db


def errors_of(response):
    return list(response.context["adminform"].form.non_field_errors())


@pytest.fixture
def event():
    event = EventFactory(
        title="Cyber forum", description="As planned.", programs=[ProgramFactory(name="Cyber")]
    )
    EventDateFactory(event=event, start=datetime.date(2020, 6, 17))
    # As after loaddata, which writes no history: nothing to diff against but the form.
    event.history.all().delete()
    return event


def test_every_report_admin_checks_the_version_it_opened():
    report_admins = {
        model._meta.label_lower: model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.model_name in REPORT_MODELS.get(model._meta.app_label, [])
    }

    assert sorted(report_admins) == [
        "cicte.reportingyear",
        "events.event",
        "partners.partner",
        "partners.partneryear",
        "programs.activity",
        "programs.program",
        "programs.programyear",
        "publications.publication",
    ]
    assert all(
        isinstance(model_admin, OptimisticLockMixin) for model_admin in report_admins.values()
    )


def test_second_save_of_a_stale_event_form_is_refused_with_what_changed(event):
    first, second = signed_in(EditorFactory(username="maria")), signed_in(EditorFactory())
    first_form, second_form = first.get(change_url(event)), second.get(change_url(event))

    saved = first.post(change_url(event), browser_post(first_form, title_en="Cyber forum 2020"))
    refused = second.post(
        change_url(event), browser_post(second_form, description_en="Postponed to July.")
    )

    assert saved.status_code == 302
    assert refused.status_code == 200
    assert errors_of(refused) == [
        "Someone else saved this event after you opened it. Nothing was saved, so that their "
        "changes are not lost.",
        "Title (English) is now “Cyber forum 2020”; you opened “Cyber forum”.",
        "Saved meanwhile by maria.",
        "Open the event again to see it as it is now, then make your changes there.",
    ]
    event.refresh_from_db()
    assert (event.title, event.description) == ("Cyber forum 2020", "As planned.")
    assert [row.history_type for row in event.history.all()] == ["~"]


def test_stale_form_refused_after_someone_changed_the_date_ranges(event):
    first, second = signed_in(EditorFactory(username="maria")), signed_in(EditorFactory())
    first_form, second_form = first.get(change_url(event)), second.get(change_url(event))

    saved = first.post(change_url(event), browser_post(first_form, **{"dates-0-end": "2020-06-18"}))
    refused = second.post(change_url(event), browser_post(second_form, title_en="Renamed"))

    assert saved.status_code == 302
    assert errors_of(refused)[1:3] == [
        "Date range “2020-06-17 to 2020-06-18”: End is now “June 18, 2020”; you opened "
        "“June 17, 2020”.",
        "Saved meanwhile by maria.",
    ]
    event.refresh_from_db()
    assert event.title == "Cyber forum"
    assert [(d.start, d.end) for d in event.dates.all()] == [
        (datetime.date(2020, 6, 17), datetime.date(2020, 6, 18))
    ]


def test_stale_form_names_date_ranges_added_and_removed_meanwhile(event):
    first, second = signed_in(EditorFactory()), signed_in(EditorFactory())
    first_form, second_form = first.get(change_url(event)), second.get(change_url(event))

    first.post(
        change_url(event),
        browser_post(first_form, **{"dates-0-DELETE": "on", "dates-1-start": "2020-07-01"}),
    )
    refused = second.post(change_url(event), browser_post(second_form, title_en="Renamed"))

    assert errors_of(refused)[1:3] == [
        "Date range “2020-07-01” was added.",
        "Date range “2020-06-17” was removed.",
    ]
    assert [str(d) for d in Event.objects.get(pk=event.pk).dates.all()] == ["2020-07-01"]


def test_stale_form_refused_after_someone_changed_the_programs(event):
    other = ProgramFactory(name="Border security")
    first, second = signed_in(EditorFactory()), signed_in(EditorFactory())
    first_form, second_form = first.get(change_url(event)), second.get(change_url(event))

    first.post(change_url(event), browser_post(first_form, programs=[str(other.pk)]))
    refused = second.post(change_url(event), browser_post(second_form, title_en="Renamed"))

    assert errors_of(refused)[1] == "Programs is now “Border security”; you opened “Cyber”."
    assert list(Event.objects.get(pk=event.pk).programs.all()) == [other]


def test_stale_form_stays_refused_when_shown_again_after_a_form_error(event):
    first, second = signed_in(EditorFactory()), signed_in(EditorFactory())
    second_form = second.get(change_url(event))
    first.post(change_url(event), browser_post(first.get(change_url(event)), title_en="Changed"))

    with_error = second.post(change_url(event), browser_post(second_form, title_en=""))
    again = second.post(change_url(event), browser_post(with_error, title_en="Mine"))

    assert with_error.status_code == again.status_code == 200
    assert errors_of(again)[1] == "Title (English) is now “Changed”; you opened “Cyber forum”."
    assert Event.objects.get(pk=event.pk).title == "Changed"


def test_fresh_form_saves_after_a_refusal(event):
    first, second = signed_in(EditorFactory()), signed_in(EditorFactory())
    second_form = second.get(change_url(event))
    first.post(change_url(event), browser_post(first.get(change_url(event)), title_en="Changed"))
    second.post(change_url(event), browser_post(second_form, description_en="Mine"))

    saved = second.post(
        change_url(event), browser_post(second.get(change_url(event)), description_en="Mine")
    )

    assert saved.status_code == 302
    event.refresh_from_db()
    assert (event.title, event.description) == ("Changed", "Mine")


def test_tampered_version_is_refused(event):
    client = signed_in(EditorFactory())
    data = browser_post(client.get(change_url(event)), title_en="Mine")
    data[LOADED_VERSION] = data[LOADED_VERSION][:-2] + "xx"

    response = client.post(change_url(event), data)

    assert errors_of(response) == [
        "This form's copy of the event could not be read. Nothing was saved: open the event "
        "again and make your changes there."
    ]
    assert Event.objects.get(pk=event.pk).title == "Cyber forum"


def test_version_signed_for_one_record_is_refused_on_another(event):
    other = EventFactory()
    client = signed_in(EditorFactory())
    version = browser_post(client.get(change_url(event)))[LOADED_VERSION]
    data = browser_post(client.get(change_url(other)), title_en="Mine")

    response = client.post(change_url(other), {**data, LOADED_VERSION: version})

    assert errors_of(response)[0].startswith("This form's copy of the event could not be read.")


def test_save_locks_the_row_before_comparing(event):
    client = signed_in(EditorFactory())
    data = browser_post(client.get(change_url(event)), title_en="Mine")

    with CaptureQueriesContext(connection) as queries:
        client.post(change_url(event), data)

    locks = [q["sql"] for q in queries if q["sql"].endswith("FOR UPDATE")]
    assert locks == [
        'SELECT "events_event"."id" AS "pk" FROM "events_event" WHERE "events_event"."id" = '
        f"{event.pk} FOR UPDATE"
    ]


def test_stale_partner_form_is_refused_with_its_yearly_standing():
    partner = PartnerFactory(name="Trend Micro")
    PartnerYearFactory(partner=partner, year=ReportingYearFactory(year=2020))
    first, second = signed_in(EditorFactory()), signed_in(EditorFactory())
    first_form, second_form = first.get(change_url(partner)), second.get(change_url(partner))

    first.post(
        change_url(partner), browser_post(first_form, **{"years-0-financial_contributor": "on"})
    )
    refused = second.post(change_url(partner), browser_post(second_form, acronym="TM"))

    assert refused.status_code == 200
    assert errors_of(refused)[1] == (
        "Partner's year “Trend Micro — 2020”: Financial contributor is now “yes”; you opened “no”."
    )
    assert Partner.objects.get(pk=partner.pk).acronym == ""


def shown(model, name, value=None, m2m=None):
    instance = model(**({name: value} if m2m is None else {}))
    instance.m2m_data = {name: m2m} if m2m is not None else {}
    return shown_value(instance, model._meta.get_field(name))


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("kind", "webinar", "Webinar"),  # a choice: its label
        ("kind", "", "(empty)"),
        ("kind", "retired-kind", "retired-kind"),  # no longer among the choices: as stored
        ("countries_served", [], "(empty)"),
        ("country", "PE", "Peru"),
        ("countries_served", ["BR", "CL"], "Brazil, Chile"),
        ("attendance", None, "(empty)"),
        ("attendance", 25, "25"),
        ("title", "A" * 100, "A" * 79 + "…"),  # long text: 80 characters at most
        ("title", "Border forum", "Border forum"),
        ("activity", None, "(empty)"),  # no related record
    ],
)
def test_a_conflicts_values_read_as_staff_read_them(name, value, expected):
    assert shown(Event, name, value) == expected


def test_a_conflicts_yes_and_no():
    assert [shown(PartnerYear, "listed_in_annex", value) for value in (True, False)] == [
        "yes",
        "no",
    ]


def test_a_conflicts_relations_by_name_and_a_deleted_one_by_its_key():
    year = ReportingYearFactory(year=2020)
    programs = [ProgramFactory(name="Cybersecurity"), ProgramFactory(name="Border security")]

    assert shown(Event, "year", year) == "2020"
    assert shown(Event, "year_id", 999999) == "999999"
    assert sorted(shown(Event, "programs", m2m=[p.pk for p in programs]).split(", ")) == [
        "Border security",
        "Cybersecurity",
    ]
    assert shown(Event, "programs", m2m=[]) == "(empty)"


def test_stale_refusal_names_who_saved_since_and_each_rows_change(event):
    EventDateFactory(event=event, start=datetime.date(2020, 7, 1))
    ana = signed_in(EditorFactory(username="ana"))
    ana.post(change_url(event), browser_post(ana.get(change_url(event)), title_en="Forum"))
    stale = signed_in(EditorFactory())
    stale_form = stale.get(change_url(event))
    maria = signed_in(EditorFactory(username="maria"))
    maria.post(
        change_url(event),
        browser_post(
            maria.get(change_url(event)),
            **{"dates-1-end": "2020-07-02", "dates-2-start": "2020-08-01"},
        ),
    )
    maria.post(
        change_url(event),
        browser_post(maria.get(change_url(event)), **{"dates-3-start": "2020-09-01"}),
    )
    juan = signed_in(EditorFactory(username="juan"))
    juan.post(change_url(event), browser_post(juan.get(change_url(event)), title_en="Forum II"))

    refused = stale.post(change_url(event), browser_post(stale_form, description_en="Later."))

    errors = refused.context["adminform"].form.non_field_errors()
    assert list(errors) == [
        "Someone else saved this event after you opened it. Nothing was saved, so that their "
        "changes are not lost.",
        "Title (English) is now “Forum II”; you opened “Forum”.",
        "Date range “2020-07-01 to 2020-07-02”: End is now “July 2, 2020”; you opened “July 1, "
        "2020”.",
        "Date range “2020-08-01” was added.",
        "Date range “2020-09-01” was added.",
        "Saved meanwhile by maria and juan.",
        "Open the event again to see it as it is now, then make your changes there.",
    ]
    assert {error.code for error in errors.as_data()} == {"stale"}
    assert Event.objects.get(pk=event.pk).description == "As planned."


def test_unreadable_version_is_refused_as_stale(event):
    editor = signed_in(EditorFactory())
    data = browser_post(editor.get(change_url(event)), title_en="Renamed")
    data[LOADED_VERSION] = "not-a-signed-version"

    refused = editor.post(change_url(event), data)

    [error] = refused.context["adminform"].form.non_field_errors().as_data()
    assert (error.code, error.messages) == (
        "stale",
        [
            "This form's copy of the event could not be read. Nothing was saved: open the event "
            "again and make your changes there."
        ],
    )
    assert Event.objects.get(pk=event.pk).title == "Cyber forum"


def test_change_form_keeps_the_admins_history_view_on_site_and_delete_links(event):
    page = parse(signed_in(EditorFactory()).get(change_url(event)))

    assert [a.text for a in page.one("ul", class_="object-tools").select("a")] == [
        "History",
        "View on site",
    ]
    assert [a.text for a in page.select("a", class_="deletelink")] == ["Delete"]


def test_read_only_change_form_carries_no_version(event):
    editor = signed_in(EditorFactory())
    event.year.status = YearStatus.CLOSED
    event.year.save(update_fields=["status"])

    page = editor.get(change_url(event))

    assert page.context["read_only_reason"]
    assert parse(page).select("input", name=LOADED_VERSION) == []


def test_stale_partner_form_names_who_saved_its_year_on_the_years_own_page():
    partner = PartnerFactory(name="Trend Micro")
    partner_year = PartnerYearFactory(partner=partner, year=ReportingYearFactory(year=2020))
    maria, stale = signed_in(EditorFactory(username="maria")), signed_in(EditorFactory())
    stale_form = stale.get(change_url(partner))
    maria.post(
        change_url(partner_year),
        browser_post(maria.get(change_url(partner_year)), financial_contributor="on"),
    )

    refused = stale.post(change_url(partner), browser_post(stale_form, acronym="TM"))

    assert errors_of(refused)[1:3] == [
        "Partner's year “Trend Micro — 2020”: Financial contributor is now “yes”; you opened “no”.",
        "Saved meanwhile by maria.",
    ]


@pytest.mark.parametrize("savers", [1, 3])
def test_stale_refusal_queries_do_not_grow_with_who_saved(event, django_assert_num_queries, savers):
    stale = signed_in(EditorFactory())
    stale_form = stale.get(change_url(event))
    for number in range(savers):
        saver = signed_in(EditorFactory(username=f"editor{number}"))
        form = saver.get(change_url(event))
        saver.post(change_url(event), browser_post(form, title_en=f"Forum {number}"))
    data = browser_post(stale_form, description_en="Later.")

    with django_assert_num_queries(38):
        refused = stale.post(change_url(event), data)

    assert (
        errors_of(refused)[-2]
        == {
            1: "Saved meanwhile by editor0.",
            3: "Saved meanwhile by editor0, editor1 and editor2.",
        }[savers]
    )
