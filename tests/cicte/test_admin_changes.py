import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from tests.factories.cicte import ReportingYearFactory
from tests.factories.events import EventDateFactory, EventFactory
from tests.factories.partners import PartnerFactory
from tests.factories.programs import (
    ActivityFactory,
    ProgramFactory,
    ProgramPartnerFactory,
    ProgramYearFactory,
)
from tests.factories.users import EditorFactory, ProgramOfficerFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

CHANGES = reverse("admin:changes")


def saved(obj, user, **fields):
    for name, value in fields.items():
        setattr(obj, name, value)
    obj._history_user = user
    obj.save()
    return obj


def shown(response):
    """(who, type, record, parent, action, fields, note) of each row."""
    return [
        (
            str(change.user or ""),
            change.model_name,
            change.record,
            change.parent,
            str(change.action),
            change.fields,
            str(change.note),
        )
        for change in response.context["changes"]
    ]


@pytest.fixture
def editor():
    return EditorFactory(username="maria")


def test_change_log_lists_changes_newest_first_with_their_fields(client, editor):
    year = ReportingYearFactory(year=2021)
    cyber = ProgramFactory(name="Cybersecurity")
    event = EventFactory(year=year, title="Webinar", programs=[cyber])
    saved(event, editor, attendance=120, country="PE", title_es="Seminario web")
    event.programs.add(ProgramFactory(name="Maritime security"))
    client.force_login(editor)

    response = client.get(CHANGES, {"user": "maria"})

    assert shown(response) == [
        (
            "maria",
            "Event",
            "Webinar",
            "",
            "Changed",
            [("Programs", "Cybersecurity", "Cybersecurity, Maritime security")],
            "",
        ),
        (
            "maria",
            "Event",
            "Webinar",
            "",
            "Changed",
            [
                ("Title (Spanish)", "(empty)", "Seminario web"),
                ("Country", "(empty)", "Peru"),
                ("Attendance", "(empty)", "120"),
            ],
            "",
        ),
    ]
    content = response.content.decode()
    assert f'<a href="/admin/events/event/{event.pk}/change/">Webinar</a>' in content
    assert f'href="/admin/events/event/{event.pk}/history/">History</a>' in content
    assert "<del>(empty)</del> → <ins>Peru</ins>" in content


def test_change_log_shows_a_child_row_with_the_record_it_belongs_to(client, editor):
    event = EventFactory(title="Webinar")
    date = EventDateFactory(event=event, start=datetime.date(2021, 3, 1))
    saved(date, editor, end=datetime.date(2021, 3, 2))
    client.force_login(editor)

    response = client.get(CHANGES, {"user": "maria"})

    assert shown(response) == [
        (
            "maria",
            "Date range",
            "2021-03-01 to 2021-03-02",
            "Webinar",
            "Changed",
            [("End", "March 1, 2021", "March 2, 2021")],
            "",
        )
    ]
    assert f'<a href="/admin/events/event/{event.pk}/change/">' in response.content.decode()


def test_change_log_says_why_a_change_lists_no_field(client, editor):
    partner = PartnerFactory(name="OAS")
    saved(partner, editor)
    client.force_login(editor)

    response = client.get(CHANGES, {"user": "maria"})

    assert shown(response) == [
        ("maria", "Partner", "OAS", "", "Changed", [], "Saved without a change."),
    ]


def test_change_log_of_a_deleted_record_links_to_its_history_only(client, editor):
    partner = PartnerFactory(name="OAS")
    pk = partner.pk
    partner._history_user = editor
    partner.delete()
    client.force_login(editor)

    response = client.get(CHANGES, {"user": "maria"})

    [change] = response.context["changes"]
    assert (change.action, change.record_url, change.history_url) == (
        "Deleted",
        None,
        f"/admin/partners/partner/{pk}/history/",
    )


def test_change_log_filters_by_type_of_record_year_and_date(client, editor):
    year_2020, year_2021 = ReportingYearFactory(year=2020), ReportingYearFactory(year=2021)
    in_2020 = saved(EventFactory(year=year_2020, title="Old"), editor, attendance=1)
    in_2021 = saved(EventFactory(year=year_2021, title="New"), editor, attendance=2)
    EventDateFactory(event=in_2021)
    saved(PartnerFactory(name="OAS"), editor)
    client.force_login(editor)

    def records(**query):
        return [change.record for change in client.get(CHANGES, query).context["changes"]]

    assert records(user="maria") == ["OAS", "New", "Old"]
    assert records(user="maria", model="partners.partner") == ["OAS"]
    # A year keeps its records and their rows (the event's dates), and no partner.
    assert records(year="2021") == [str(in_2021.dates.get()), "New", "New", "2021"]
    today = timezone.localdate()
    assert records(user="maria", since=today.isoformat(), until=today.isoformat()) == [
        "OAS",
        "New",
        "Old",
    ]
    yesterday = (today - datetime.timedelta(days=1)).isoformat()
    assert records(user="maria", until=yesterday) == []
    assert records(user="maria", since=today.isoformat(), year="2020") == [in_2020.title]


def test_change_log_filters_by_program(client, editor):
    cyber = ProgramFactory(slug="cybersecurity", name="Cybersecurity")
    event = saved(EventFactory(title="Webinar", programs=[cyber]), editor, attendance=3)
    saved(EventDateFactory(event=event), editor, end=datetime.date(2021, 1, 31))
    saved(EventFactory(title="Other", programs=[ProgramFactory()]), editor, attendance=3)
    saved(ActivityFactory(program=cyber, title="Course"), editor, participants=5)
    program_year = saved(ProgramYearFactory(program=cyber), editor, narrative="Done.")
    saved(cyber, editor, name_es="Ciberseguridad")
    saved(PartnerFactory(name="OAS"), editor)
    client.force_login(editor)

    response = client.get(CHANGES, {"user": "maria", "program": "cybersecurity"})

    assert [change.record for change in response.context["changes"]] == [
        "Cybersecurity",
        str(program_year),
        "Course",
        str(event.dates.get()),
        "Webinar",
    ]


@pytest.mark.parametrize(
    "query",
    [
        {"since": "yesterday"},
        {"model": "auth.user"},
        {"year": "1066"},
        {"user": "nobody"},
        {"program": "no-such-program"},
        {"since": "2021-02-01", "until": "2021-01-01"},
    ],
)
def test_change_log_answers_bad_filters_with_the_form_errors(client, editor, query):
    client.force_login(editor)

    response = client.get(CHANGES, query)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["changes"] == []


def test_change_log_shows_only_the_records_one_may_view(client):
    viewer = StaffUserFactory(username="viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_partner"))
    editor = EditorFactory()
    saved(PartnerFactory(name="OAS"), editor)
    saved(EventFactory(title="Webinar"), editor)
    client.force_login(viewer)

    response = client.get(CHANGES)

    assert [change.record for change in response.context["changes"]] == ["OAS", "OAS"]
    assert [label for label, _name in response.context["form"].fields["model"].choices] == [
        "",
        "partners.partner",
    ]
    assert client.get(CHANGES, {"model": "events.event"}).context["changes"] == []


def test_change_log_refuses_staff_who_may_view_nothing(client):
    client.force_login(StaffUserFactory())

    assert client.get(CHANGES).status_code == 403


def test_change_log_asks_visitors_to_sign_in(client):
    response = client.get(CHANGES)

    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={CHANGES}"


def test_change_log_is_open_to_program_officers(client, editor):
    saved(PartnerFactory(name="OAS"), editor)
    client.force_login(ProgramOfficerFactory())

    response = client.get(CHANGES, {"user": "maria"})

    assert [change.record for change in response.context["changes"]] == ["OAS"]


def test_change_log_pages_go_older_and_newer(client, editor):
    partner = PartnerFactory()
    for number in range(51):
        saved(partner, editor, name=f"Name {number}")
    client.force_login(editor)

    first = client.get(CHANGES, {"user": "maria"})
    second = client.get(CHANGES, {"user": "maria", "page": "2"})

    assert len(first.context["changes"]) == 50
    assert (first.context["newer"], first.context["older"]) == (None, "user=maria&page=2")
    assert [change.record for change in second.context["changes"]] == ["Name 0"]
    assert (second.context["newer"], second.context["older"]) == ("user=maria&page=1", None)


def test_change_log_names_a_record_whose_year_is_gone(client, editor):
    year = ReportingYearFactory(year=2031)
    program_year = saved(ProgramYearFactory(year=year, program__name="Cyber"), editor)
    pk = program_year.pk
    assert str(program_year) == "Cyber — 2031"
    program_year.delete()
    year.delete()
    client.force_login(editor)

    response = client.get(CHANGES, {"user": "maria"})

    # Its saving and its deletion, both by maria.
    assert [change.record for change in response.context["changes"]] == [
        f"Program year {pk}",
        f"Program year {pk}",
    ]


@pytest.mark.parametrize("rows", [1, 30])
def test_change_log_queries_do_not_grow_with_rows(client, django_assert_num_queries, rows):
    editor = EditorFactory()
    cyber = ProgramFactory()
    for _ in range(rows):
        event = saved(EventFactory(programs=[cyber]), editor, attendance=3)
        saved(EventDateFactory(event=event), editor, end=datetime.date(2021, 1, 31))
        partner = saved(PartnerFactory(), editor, name="Renamed")
        program_year = saved(ProgramYearFactory(), editor, narrative="Done.")
        saved(ProgramPartnerFactory(program_year=program_year, partner=partner), editor, position=9)
    client.force_login(editor)

    with django_assert_num_queries(25):
        response = client.get(CHANGES, {"user": editor.username})

    assert len(response.context["changes"]) == min(50, rows * 5)
