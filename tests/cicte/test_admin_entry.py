"""Quick data entry in the back office: the event form's defaults, choices and warning, the
lists' "My programs" and "last changed" filters, the read-only banner, the sections' order."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from cicte.admin.base import LastChangedFilter
from cicte.admin.scoping import ProgramFilter
from cicte.admin.widgets import OAS_MEMBER_STATES
from cicte.enums import YearStatus
from cicte.history import history_of
from events.models import Event
from tests.admin_forms import change_url
from tests.events.test_admin import event_form, inline_management
from tests.factories.cicte import ReportingYearFactory
from tests.factories.events import EventDateFactory, EventFactory
from tests.factories.programs import ActivityFactory, ProgramFactory
from tests.factories.users import EditorFactory, ProgramOfficerFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

ADD = reverse("admin:events_event_add")
EVENTS = reverse("admin:events_event_changelist")
ACTIVITIES = reverse("admin:programs_activity_changelist")


def test_new_event_belongs_to_the_open_year(client):
    ReportingYearFactory(year=2020, status=YearStatus.PUBLISHED)
    draft = ReportingYearFactory(year=2021, status=YearStatus.DRAFT)
    client.force_login(EditorFactory())

    response = client.get(ADD)

    assert response.context["adminform"].form.initial["year"] == draft.pk


def test_event_form_lists_oas_member_states_first(client):
    client.force_login(EditorFactory())

    response = client.get(ADD)

    blank, members, others = response.context["adminform"].form.fields["country"].choices
    assert blank == ("", "---------")
    assert members[0] == "OAS member states"
    assert {code for code, _name in members[1]} == OAS_MEMBER_STATES
    assert len(members[1]) == 35
    assert others[0] == "Other countries"
    assert "ES" in {code for code, _name in others[1]}
    assert not OAS_MEMBER_STATES & {code for code, _name in others[1]}


def test_event_form_offers_partner_roles_in_the_order_annex_2_credits_them(client):
    client.force_login(EditorFactory())

    response = client.get(ADD)

    formset = response.context["inline_admin_formsets"][1].formset
    assert [value for value, _label in formset.empty_form.fields["role"].choices] == [
        "",
        "organiser",
        "co_organiser",
        "collaborator",
        "supporter",
        "sponsor",
        "in_partnership",
        "participant",
        "funder",
        "implementer",
    ]


def test_event_form_shows_programs_in_columns(client):
    ProgramFactory(name="Cybersecurity")
    client.force_login(EditorFactory())

    response = client.get(ADD)

    assert '<div id="id_programs" class="choice-columns">' in response.content.decode()


def test_saving_an_event_outside_its_year_warns(client):
    year, program = ReportingYearFactory(year=2020), ProgramFactory()
    client.force_login(EditorFactory())
    dates = {
        **inline_management("dates", total=1),
        "dates-0-start": "2019-12-30",
        "dates-0-end": "2019-12-31",
        "dates-0-precision": "day",
    }

    response = client.post(ADD, event_form(year, [program], **dates))

    assert response.status_code == 302
    warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert warnings == [
        "The dates of “Regional webinar on cybersecurity” fall outside its reporting year "
        "2020: check the year or the dates. The year's report lists it as a blocking item."
    ]


def test_saving_an_event_within_its_year_does_not_warn(client):
    year, program = ReportingYearFactory(year=2020), ProgramFactory()
    client.force_login(EditorFactory())
    dates = {
        **inline_management("dates", total=1),
        "dates-0-start": "2019-12-30",
        "dates-0-end": "2020-01-02",
        "dates-0-precision": "day",
    }

    response = client.post(ADD, event_form(year, [program], **dates))

    assert response.status_code == 302
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["success"]


def changelist_filter(filter_class, user, **params):
    request = RequestFactory().get(EVENTS, params)
    request.user = user
    model_admin = admin.site._registry[Event]
    found = filter_class(request, dict(request.GET.lists()), Event, model_admin)
    return found, found.queryset(request, Event.objects.order_by("title"))


def test_my_programs_filter_lists_an_officers_events_once(client):
    maritime, cyber, other = ProgramFactory(), ProgramFactory(), ProgramFactory()
    both = EventFactory(title="Both", programs=[maritime, cyber])
    one = EventFactory(title="One", programs=[cyber])
    EventFactory(title="Other", programs=[other])
    officer = ProgramOfficerFactory(programs=[maritime, cyber])

    found, queryset = changelist_filter(ProgramFilter, officer, programs__id__exact="mine")

    assert list(queryset) == [both, one]
    choices = found.lookup_choices
    assert choices[0] == ("mine", "My programs")
    assert {value for value, _label in choices[1:3]} == {str(maritime.pk), str(cyber.pk)}
    assert choices[3] == (str(other.pk), str(other))


def test_program_filter_offers_no_my_programs_without_programs():
    program = ProgramFactory()

    found, _queryset = changelist_filter(ProgramFilter, EditorFactory())

    assert found.lookup_choices == [(str(program.pk), str(program))]


def test_program_filter_of_the_events_list_keeps_that_programs_events(client):
    cyber, border = ProgramFactory(name="Cybersecurity"), ProgramFactory(name="Border security")
    EventFactory(title="Joint forum", programs=[cyber, border])
    EventFactory(title="Border forum", programs=[border])
    EventFactory(title="Cyber forum", programs=[cyber])
    client.force_login(ProgramOfficerFactory(programs=[cyber]))

    response = client.get(EVENTS, {"programs__id__exact": str(border.pk), "o": "1"})

    assert [event.title for event in response.context["cl"].result_list] == [
        "Border forum",
        "Joint forum",
    ]


def test_program_filter_of_the_activities_list_keeps_that_programs_activities(client):
    border, cyber = ProgramFactory(name="Border security"), ProgramFactory(name="Cybersecurity")
    ActivityFactory(title="Border project", program=border)
    ActivityFactory(title="Cyber project", program=cyber)
    client.force_login(ProgramOfficerFactory(programs=[cyber]))

    by_program = client.get(ACTIVITIES, {"program__id__exact": str(border.pk)})
    mine = client.get(ACTIVITIES, {"program__id__exact": "mine"})
    unknown = client.get(ACTIVITIES, {"program__id__exact": "border"})

    # The officer's program first, then the others in their order.
    assert by_program.context["cl"].filter_specs[0].lookup_choices == [
        ("mine", "My programs"),
        (str(cyber.pk), "Cybersecurity"),
        (str(border.pk), "Border security"),
    ]
    assert [a.title for a in by_program.context["cl"].result_list] == ["Border project"]
    assert [a.title for a in mine.context["cl"].result_list] == ["Cyber project"]
    assert (unknown.status_code, unknown.url) == (302, f"{ACTIVITIES}?e=1")


def test_last_changed_filter_keeps_records_changed_in_the_span():
    recent, old = EventFactory(title="Recent"), EventFactory(title="Old")
    history_of(Event).filter(id=old.pk).update(
        history_date=timezone.now() - datetime.timedelta(days=10)
    )
    history_of(Event).filter(id=recent.pk).update(
        history_date=timezone.now() - datetime.timedelta(days=3)
    )

    assert list(changelist_filter(LastChangedFilter, EditorFactory(), changed="7")[1]) == [recent]
    assert list(changelist_filter(LastChangedFilter, EditorFactory(), changed="30")[1]) == [
        old,
        recent,
    ]
    assert list(changelist_filter(LastChangedFilter, EditorFactory(), changed="0")[1]) == []


def test_last_changed_filter_offers_today_and_the_past_7_and_30_days(client):
    client.force_login(EditorFactory())

    response = client.get(EVENTS)

    [found] = [f for f in response.context["cl"].filter_specs if isinstance(f, LastChangedFilter)]
    assert [(value, str(label)) for value, label in found.lookup_choices] == [
        ("0", "Today"),
        ("7", "Past 7 days"),
        ("30", "Past 30 days"),
    ]


def test_last_changed_today_starts_at_midnight(monkeypatch):
    now = timezone.make_aware(datetime.datetime(2026, 3, 10, 14, 27, 33, 123456))
    monkeypatch.setattr(timezone, "localtime", lambda *args, **kwargs: now)
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    at_midnight, before = EventFactory(title="At midnight"), EventFactory(title="Before")
    history_of(Event).filter(id=at_midnight.pk).update(history_date=midnight)
    history_of(Event).filter(id=before.pk).update(
        history_date=midnight - datetime.timedelta(microseconds=1)
    )

    assert list(changelist_filter(LastChangedFilter, EditorFactory(), changed="0")[1]) == [
        at_midnight
    ]


def test_last_changed_column_shows_a_records_latest_change(client):
    event = EventFactory(title="Forum")
    event.title = "Forum, renamed"
    event.save()
    created, changed = history_of(Event).filter(id=event.pk).order_by("history_id")
    latest = timezone.now() - datetime.timedelta(days=3)
    history_of(Event).filter(pk=created.pk).update(history_date=latest - datetime.timedelta(7))
    history_of(Event).filter(pk=changed.pk).update(history_date=latest)
    client.force_login(EditorFactory())

    response = client.get(EVENTS)

    assert [e.last_changed_at for e in response.context["cl"].result_list] == [latest]


def test_last_changed_filter_refuses_an_unknown_span(client):
    client.force_login(EditorFactory())

    response = client.get(EVENTS, {"changed": "x"})

    assert response.status_code == 302
    assert response.url == f"{EVENTS}?e=1"


def test_read_only_event_says_why(client):
    cyber = ProgramFactory(name="Cybersecurity")
    event = EventFactory(programs=[cyber])
    EventDateFactory(event=event)
    client.force_login(ProgramOfficerFactory(programs=[ProgramFactory()]))

    response = client.get(reverse("admin:events_event_change", args=[event.pk]))

    assert response.context["read_only_reason"] == (
        "Read-only: this event belongs to Cybersecurity, and you edit only the records of the "
        "programs you are assigned to. An editor can change it."
    )
    assert '<p class="read-only-note">Read-only: this event' in response.content.decode()


OUT_OF_SCOPE = (
    ", and you edit only the records of the programs you are assigned to. An editor can change it."
)


def read_only_reason(client, user, obj):
    client.force_login(user)
    response = client.get(change_url(obj))
    assert response.status_code == 200
    return response.context.get("read_only_reason")


def test_read_only_joint_event_names_each_of_its_programs(client):
    border, maritime = ProgramFactory(name="Border security"), ProgramFactory(name="Maritime")
    event = EventFactory(programs=[maritime, border])
    officer = ProgramOfficerFactory(programs=[ProgramFactory()])

    assert read_only_reason(client, officer, event) == (
        "Read-only: this event belongs to Border security and Maritime" + OUT_OF_SCOPE
    )


def test_read_only_event_of_no_program_says_so(client):
    event = EventFactory()
    officer = ProgramOfficerFactory(programs=[ProgramFactory()])

    assert read_only_reason(client, officer, event) == (
        "Read-only: this event belongs to no program" + OUT_OF_SCOPE
    )


def test_read_only_activity_names_its_program(client):
    activity = ActivityFactory(program=ProgramFactory(name="Cybersecurity"))
    officer = ProgramOfficerFactory(programs=[ProgramFactory()])

    assert read_only_reason(client, officer, activity) == (
        "Read-only: this activity belongs to Cybersecurity" + OUT_OF_SCOPE
    )


@pytest.mark.parametrize("officers_program", ["the events", "another"])
def test_read_only_event_of_a_closed_year_says_the_year_is_closed(client, officers_program):
    cyber = ProgramFactory(name="Cybersecurity")
    year = ReportingYearFactory(year=2020, status=YearStatus.CLOSED)
    event = EventFactory(year=year, programs=[cyber])
    officer = ProgramOfficerFactory(
        programs=[cyber if officers_program == "the events" else ProgramFactory()]
    )

    assert read_only_reason(client, officer, event) == (
        "Read-only: the 2020 report is closed (published and no longer edited), so its records "
        "cannot be changed, deleted or added to."
    )


def test_read_only_event_for_a_role_that_may_only_view_says_so(client):
    event = EventFactory(programs=[ProgramFactory()])
    viewer = StaffUserFactory()
    viewer.user_permissions.add(Permission.objects.get(codename="view_event"))

    assert read_only_reason(client, viewer, event) == (
        "Read-only: your role may view events but not change them."
    )


def test_editable_event_shows_no_read_only_banner(client):
    event = EventFactory()
    client.force_login(EditorFactory())

    response = client.get(reverse("admin:events_event_change", args=[event.pk]))

    assert "read_only_reason" not in response.context
    assert "read-only-note" not in response.content.decode()


def test_sections_follow_the_years_work(client):
    client.force_login(EditorFactory())

    response = client.get(reverse("admin:index"))

    apps = response.context["available_apps"]
    assert [app["app_label"] for app in apps][:5] == [
        "cicte",
        "programs",
        "events",
        "partners",
        "publications",
    ]
    assert all(app["is_settings"] for app in apps[5:])
    programs = next(app for app in apps if app["app_label"] == "programs")
    assert [model["object_name"] for model in programs["models"]] == [
        "Program",
        "ProgramYear",
        "Activity",
    ]
