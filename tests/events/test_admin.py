import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import dateformat, timezone

from cicte.enums import ContentStatus
from events.enums import EventFormat, EventKind, SecretariatRole
from events.models import Event, EventDate, EventPartner
from tests.admin_forms import browser_post, changelist_rows
from tests.factories.cicte import ReportingYearFactory
from tests.factories.events import EventDateFactory, EventFactory, EventPartnerFactory
from tests.factories.partners import PartnerFactory
from tests.factories.programs import ProgramFactory
from tests.factories.users import EditorFactory, ProgramOfficerFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:events_event_changelist")
ADD = reverse("admin:events_event_add")


def change_url(event):
    return reverse("admin:events_event_change", args=[event.pk])


def inline_management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def event_form(year, programs, **fields):
    """The change form's POST for an event with no date range or partner rows."""
    return {
        "year": year.pk,
        "title_en": "Regional webinar on cybersecurity",
        "slug": "regional-webinar-on-cybersecurity",
        "kind": EventKind.WEBINAR,
        "format": EventFormat.VIRTUAL,
        "status": ContentStatus.DRAFT,
        "city": "",
        "country": "",
        "programs": [program.pk for program in programs],
        "activity": "",
        "initiative_en": "",
        "secretariat_role": SecretariatRole.CO_ORGANISER,
        "participation_level": "",
        "annex": "",
        "position": "0",
        "attendance": "",
        "attendance_note_en": "",
        "description_en": "",
        **inline_management("dates"),
        **inline_management("partner_roles"),
        "_save": "Save",
        **fields,
    }


def form_errors(response):
    return response.context["adminform"].form.errors


def test_event_changelist_shows_events_to_an_editor(client):
    cyber, terrorism = ProgramFactory(name="Cybersecurity"), ProgramFactory(name="Terrorism")
    event = EventFactory(
        title="OAS cyber forum",
        programs=[cyber, terrorism],
        participation_level="deputy_executive_secretary",
    )
    EventDateFactory(event=event, start=datetime.date(2020, 6, 17))
    client.force_login(EditorFactory())

    response = client.get(CHANGELIST)

    assert response.status_code == 200
    row = response.context["cl"].result_list
    assert list(row) == [event]
    content = response.content.decode()
    assert "OAS cyber forum" in content
    assert '<td class="field-program_names">Cybersecurity, Terrorism</td>' in content
    assert '<td class="field-status">Published</td>' in content
    assert "Recover deleted events" in content


@pytest.mark.parametrize("rows", [1, 50])
def test_event_changelist_queries_do_not_grow_with_rows(client, django_assert_num_queries, rows):
    year = ReportingYearFactory(year=2020)
    programs = [ProgramFactory(name="Cybersecurity"), ProgramFactory(name="Borders")]
    for number in range(rows):
        event = EventFactory(title=f"Webinar {number:02}", year=year, programs=programs)
        EventDateFactory(event=event, start=datetime.date(2020, 6, 17))
    client.force_login(EditorFactory())

    # One of them reads the user's own programs, for the "My programs" filter.
    with django_assert_num_queries(14):
        response = client.get(CHANGELIST)

    # Title, starts on, programs, status, last changed (today: the factory).
    today = dateformat.format(timezone.localdate(), "N j, Y")
    assert sorted(changelist_rows(response)) == [
        f"Webinar {number:02} June 17, 2020 Cybersecurity, Borders Published {today}"
        for number in range(rows)
    ]


def test_event_add_form_shows_every_field_to_an_editor(client):
    client.force_login(EditorFactory())

    response = client.get(ADD)

    assert response.status_code == 200
    assert list(response.context["adminform"].form.fields) == [
        "year",
        "title_en",
        "title_es",
        "title_fr",
        "title_pt",
        "slug",
        "kind",
        "format",
        "status",
        "city",
        "country",
        "countries_served",
        "programs",
        "activity",
        "initiative_en",
        "initiative_es",
        "initiative_fr",
        "initiative_pt",
        "secretariat_role",
        "participation_level",
        "annex",
        "position",
        "attendance",
        "attendance_note_en",
        "attendance_note_es",
        "attendance_note_fr",
        "attendance_note_pt",
        "description_en",
        "description_es",
        "description_fr",
        "description_pt",
    ]
    assert [formset.formset.prefix for formset in response.context["inline_admin_formsets"]] == [
        "dates",
        "partner_roles",
    ]


def test_event_added_through_admin_with_dates_program_and_partner(client):
    year, program, partner = ReportingYearFactory(year=2020), ProgramFactory(), PartnerFactory()
    editor = EditorFactory()
    client.force_login(editor)
    data = event_form(
        year,
        [program],
        **inline_management("dates", total=2),
        **{"dates-0-start": "2020-06-17", "dates-0-end": "", "dates-0-precision": "day"},
        **{"dates-1-start": "2020-11-30", "dates-1-end": "2020-12-03", "dates-1-precision": "day"},
        **inline_management("partner_roles", total=1),
        **{
            "partner_roles-0-partner": partner.pk,
            "partner_roles-0-role": "co_organiser",
            "partner_roles-0-position": "0",
        },
    )

    response = client.post(ADD, data)

    assert response.status_code == 302
    event = Event.objects.get()
    # The annex left empty follows from the kind and role: a webinar it co-organised.
    assert (event.title, event.year, event.secretariat_role, event.annex) == (
        "Regional webinar on cybersecurity",
        year,
        "co_organiser",
        "annex-2",
    )
    assert list(event.programs.all()) == [program]
    assert [(d.start, d.end) for d in event.dates.all()] == [
        (datetime.date(2020, 6, 17), datetime.date(2020, 6, 17)),
        (datetime.date(2020, 11, 30), datetime.date(2020, 12, 3)),
    ]
    assert (event.starts_on, event.ends_on) == (
        datetime.date(2020, 6, 17),
        datetime.date(2020, 12, 3),
    )
    assert [(p.partner, p.role) for p in event.partner_roles.all()] == [(partner, "co_organiser")]
    # One history entry, by the editor, as the event was saved: its programs and its span.
    assert [
        (h.history_type, h.history_user, [link.program for link in h.programs.all()], h.ends_on)
        for h in event.history.all()
    ] == [("+", editor, [program], datetime.date(2020, 12, 3))]


def test_event_admin_shows_duplicate_date_range_start_on_the_form(client):
    year, program = ReportingYearFactory(year=2020), ProgramFactory()
    client.force_login(EditorFactory())
    data = event_form(
        year,
        [program],
        **inline_management("dates", total=2),
        **{"dates-0-start": "2020-06-15", "dates-0-end": "", "dates-0-precision": "month"},
        **{"dates-1-start": "2020-06-01", "dates-1-end": "", "dates-1-precision": "day"},
    )

    response = client.post(ADD, data)

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.non_form_errors() == ["Please correct the duplicate data for start."]
    assert Event.objects.count() == 0


def test_event_admin_shows_end_before_start_in_plain_words(client):
    year, program = ReportingYearFactory(year=2020), ProgramFactory()
    client.force_login(EditorFactory())
    data = event_form(
        year,
        [program],
        **inline_management("dates", total=1),
        **{"dates-0-start": "2020-06-15", "dates-0-end": "2020-06-14", "dates-0-precision": "day"},
    )

    response = client.post(ADD, data)

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.errors == [{"end": ["The end date is before the start date."]}]
    assert Event.objects.count() == 0


def test_event_admin_shows_duplicate_slug_on_the_form(client):
    EventFactory(slug="regional-webinar-on-cybersecurity")
    year, program = ReportingYearFactory(year=2020), ProgramFactory()
    client.force_login(EditorFactory())

    response = client.post(ADD, event_form(year, [program]))

    assert response.status_code == 200
    assert form_errors(response) == {"slug": ["Event with this Slug already exists."]}


def test_event_admin_shows_a_database_refusal_on_the_form(client, monkeypatch):
    # Stand in for a race: validation passes, then the database refuses the duplicate.
    monkeypatch.setattr(EventDate, "validate_constraints", lambda self, exclude=None: None)
    monkeypatch.setattr("django.forms.models.BaseModelFormSet.validate_unique", lambda self: None)
    year, program = ReportingYearFactory(year=2020), ProgramFactory()
    client.force_login(EditorFactory())
    data = event_form(
        year,
        [program],
        **inline_management("dates", total=2),
        **{"dates-0-start": "2020-06-17", "dates-0-end": "", "dates-0-precision": "day"},
        **{"dates-1-start": "2020-06-17", "dates-1-end": "", "dates-1-precision": "day"},
    )

    response = client.post(ADD, data)

    assert response.status_code == 200
    assert form_errors(response) == {
        "__all__": ["Date range with this Event and Start already exists."]
    }
    assert Event.objects.count() == 0
    assert EventDate.objects.count() == 0


def test_event_admin_shows_a_database_refusal_on_the_change_form(client, monkeypatch):
    monkeypatch.setattr(EventDate, "validate_constraints", lambda self, exclude=None: None)
    monkeypatch.setattr("django.forms.models.BaseModelFormSet.validate_unique", lambda self: None)
    event = EventFactory(title="Cyber forum")
    client.force_login(EditorFactory())
    data = event_form(
        event.year,
        [ProgramFactory()],
        title_en="Renamed",
        slug=event.slug,
        **inline_management("dates", total=2),
        **{"dates-0-start": "2020-06-17", "dates-0-end": "", "dates-0-precision": "day"},
        **{"dates-1-start": "2020-06-17", "dates-1-end": "", "dates-1-precision": "day"},
    )

    response = client.post(change_url(event), data)

    # The same change form again, with the refusal on it; nothing saved.
    assert response.status_code == 200
    assert response.context["original"] == event
    assert form_errors(response) == {
        "__all__": ["Date range with this Event and Start already exists."]
    }
    assert (Event.objects.get().title, EventDate.objects.count()) == ("Cyber forum", 0)


def test_event_publish_action_publishes_and_reports(client):
    drafts = [EventFactory(status=ContentStatus.DRAFT) for _ in range(2)]
    editor = EditorFactory()
    client.force_login(editor)

    response = client.post(
        CHANGELIST,
        {"action": "publish_selected", "_selected_action": [e.pk for e in drafts]},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == ["2 events are now published."]
    assert set(Event.objects.values_list("status", flat=True)) == {ContentStatus.PUBLISHED}
    assert drafts[0].history.first().history_user == editor


def test_event_unpublish_action_skips_other_programs_for_an_officer(client):
    mine, theirs = ProgramFactory(), ProgramFactory()
    own = EventFactory(programs=[mine])
    other = EventFactory(programs=[theirs])
    client.force_login(ProgramOfficerFactory(programs=[mine]))

    response = client.post(
        CHANGELIST,
        {"action": "unpublish_selected", "_selected_action": [own.pk, other.pk]},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "1 event is now draft.",
        "1 was left as it is: you may not change it (a program you are not assigned to, or a "
        "closed year).",
    ]
    own.refresh_from_db()
    other.refresh_from_db()
    assert (own.status, other.status) == (ContentStatus.DRAFT, ContentStatus.PUBLISHED)


def test_program_officer_changes_an_event_of_their_program(client):
    mine = ProgramFactory()
    event = EventFactory(title="Old title", programs=[mine])
    officer = ProgramOfficerFactory(programs=[mine])
    client.force_login(officer)

    response = client.post(
        change_url(event), event_form(event.year, [mine], title_en="New title", slug=event.slug)
    )

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "New title"
    assert event.history.first().history_user == officer


def test_program_officer_event_form_reads_their_programs_once(client):
    mine = ProgramFactory()
    event = EventFactory(programs=[mine, ProgramFactory()])
    client.force_login(ProgramOfficerFactory(programs=[mine]))

    with CaptureQueriesContext(connection) as queries:
        response = client.get(change_url(event))

    # The form's choices, the joint event's other program and each permission check ask.
    assert response.status_code == 200
    assert len([q for q in queries if '"programs_program_officers"' in q["sql"]]) == 1


def test_program_officer_cannot_change_an_event_of_another_program(client):
    mine, theirs = ProgramFactory(), ProgramFactory()
    event = EventFactory(title="Their event", programs=[theirs])
    client.force_login(ProgramOfficerFactory(programs=[mine]))

    response = client.post(
        change_url(event), event_form(event.year, [mine], title_en="Taken over", slug=event.slug)
    )

    assert response.status_code == 403
    event.refresh_from_db()
    assert event.title == "Their event"
    assert list(event.programs.all()) == [theirs]


def test_program_officer_sees_an_event_of_another_program_read_only(client):
    mine, theirs = ProgramFactory(), ProgramFactory()
    event = EventFactory(title="Their event", programs=[theirs])
    EventDateFactory(event=event, start=datetime.date(2020, 6, 17))
    client.force_login(ProgramOfficerFactory(programs=[mine]))

    response = client.get(change_url(event))

    assert response.status_code == 200
    content = response.content.decode()
    assert '<div class="readonly">Their event</div>' in content
    assert 'name="title_en"' not in content
    assert 'name="_save"' not in content
    assert 'name="_saveasnew"' not in content
    assert [
        (inline.has_add_permission, inline.has_change_permission, inline.has_delete_permission)
        for inline in response.context["inline_admin_formsets"]
    ] == [(False, False, False), (False, False, False)]


def test_program_officer_cannot_add_an_event_to_another_program(client):
    mine, theirs = ProgramFactory(), ProgramFactory()
    year = ReportingYearFactory(year=2020)
    client.force_login(ProgramOfficerFactory(programs=[mine]))

    response = client.post(ADD, event_form(year, [theirs]))

    assert response.status_code == 200
    assert form_errors(response) == {
        "programs": [f"Select a valid choice. {theirs.pk} is not one of the available choices."]
    }
    assert Event.objects.count() == 0


def saved_as_new(form, **typed):
    """What a browser sends for "Save as new" on the change form in `form`."""
    data = browser_post(form, _saveasnew="Save as new", **typed)
    del data["_save"]
    return data


def test_editor_saves_an_event_as_new_with_its_dates_partners_and_programs(client):
    program, partner = ProgramFactory(), PartnerFactory()
    event = EventFactory(title="Cyber forum", slug="cyber-forum", programs=[program])
    EventDateFactory(event=event, start=datetime.date(2020, 6, 17))
    EventPartnerFactory(event=event, partner=partner, role="organiser")
    client.force_login(EditorFactory())
    form = client.get(change_url(event))
    assert 'name="_saveasnew"' in form.content.decode()

    response = client.post(
        change_url(event), saved_as_new(form, title_en="Cyber forum II", slug="cyber-forum-ii")
    )

    copy = Event.objects.get(slug="cyber-forum-ii")
    assert response.status_code == 302
    assert response["Location"] == change_url(copy)
    assert (
        copy.title,
        list(copy.programs.all()),
        [(d.start, d.end) for d in copy.dates.all()],
        [(p.partner, p.role) for p in copy.partner_roles.all()],
        [h.history_type for h in copy.history.all()],
    ) == (
        "Cyber forum II",
        [program],
        [(datetime.date(2020, 6, 17), datetime.date(2020, 6, 17))],
        [(partner, "organiser")],
        ["+"],
    )
    event.refresh_from_db()
    assert (event.title, event.dates.count(), event.partner_roles.count()) == ("Cyber forum", 1, 1)


def test_program_officer_cannot_save_an_event_as_new_into_another_program(client):
    mine, theirs = ProgramFactory(), ProgramFactory()
    event = EventFactory(slug="cyber-forum", programs=[mine])
    client.force_login(ProgramOfficerFactory(programs=[mine]))
    form = client.get(change_url(event))

    response = client.post(
        change_url(event), saved_as_new(form, slug="cyber-forum-ii", programs=[str(theirs.pk)])
    )

    assert response.status_code == 200
    assert form_errors(response) == {
        "programs": [f"Select a valid choice. {theirs.pk} is not one of the available choices."]
    }
    assert list(Event.objects.values_list("slug", flat=True)) == ["cyber-forum"]


def test_program_officer_keeps_the_other_programs_of_a_joint_event(client):
    mine, theirs = ProgramFactory(), ProgramFactory(name="Border security")
    event = EventFactory(programs=[mine, theirs])
    client.force_login(ProgramOfficerFactory(programs=[mine]))

    form = client.get(change_url(event)).context["adminform"].form
    response = client.post(
        change_url(event), event_form(event.year, [mine], title_en="Joint", slug=event.slug)
    )

    assert list(form.fields["programs"].queryset) == [mine]
    assert form.fields["programs"].help_text == (
        "Also belongs to Border security, which stays as it is."
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Joint"
    assert set(event.programs.all()) == {mine, theirs}


def test_program_officer_form_names_every_other_program_of_a_joint_event(client):
    mine = ProgramFactory()
    border, maritime = ProgramFactory(name="Border security"), ProgramFactory(name="Maritime")
    event = EventFactory(programs=[mine, maritime, border])
    client.force_login(ProgramOfficerFactory(programs=[mine]))

    form = client.get(change_url(event)).context["adminform"].form

    assert form.fields["programs"].help_text == (
        "Also belongs to Border security and Maritime, which stays as it is."
    )


def test_editor_takes_a_program_off_a_joint_event(client):
    cyber, border = ProgramFactory(), ProgramFactory(name="Border security")
    event = EventFactory(programs=[cyber, border])
    client.force_login(EditorFactory())

    form = client.get(change_url(event)).context["adminform"].form
    response = client.post(
        change_url(event), event_form(event.year, [cyber], title_en="Cyber only", slug=event.slug)
    )

    assert "Also belongs" not in form.fields["programs"].help_text
    assert response.status_code == 302
    assert list(event.programs.all()) == [cyber]


def test_program_officer_cannot_delete_an_event(client):
    mine = ProgramFactory()
    event = EventFactory(programs=[mine])
    client.force_login(ProgramOfficerFactory(programs=[mine]))

    response = client.post(reverse("admin:events_event_delete", args=[event.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert Event.objects.filter(pk=event.pk).exists()


def test_program_officer_reverts_an_event_of_their_program(client):
    mine = ProgramFactory()
    event = EventFactory(title="Their event", programs=[mine])
    first = event.history.earliest()
    event.title = "Their event, renamed"
    event.save()
    officer = ProgramOfficerFactory(programs=[mine])
    client.force_login(officer)
    url = reverse("admin:events_event_simple_history", args=[event.pk, first.history_id])

    form = client.get(url).context["adminform"].form
    fields = {field.html_name: field.value() for field in form if field.value() is not None}

    response = client.post(url, {**fields, "_save": "Save"})

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Their event"
    assert [(h.title, h.history_user) for h in event.history.all()[:2]] == [
        ("Their event", officer),
        ("Their event, renamed", None),
    ]


def test_program_officer_cannot_revert_an_event_of_another_program(client):
    mine, theirs = ProgramFactory(), ProgramFactory()
    event = EventFactory(title="Their event", programs=[theirs])
    first = event.history.earliest()
    event.title = "Their event, renamed"
    event.save()
    client.force_login(ProgramOfficerFactory(programs=[mine]))
    url = reverse("admin:events_event_simple_history", args=[event.pk, first.history_id])

    response = client.post(url, event_form(event.year, [theirs], title_en="Their event"))

    assert response.status_code == 403
    event.refresh_from_db()
    assert event.title == "Their event, renamed"


def test_event_admin_edit_records_history_with_the_user(client):
    program = ProgramFactory()
    event = EventFactory(title="Before", programs=[program])
    editor = EditorFactory(username="maria")
    client.force_login(editor)

    client.post(
        change_url(event), event_form(event.year, [program], title_en="After", slug=event.slug)
    )
    response = client.get(reverse("admin:events_event_history", args=[event.pk]))

    latest = event.history.first()
    assert (latest.history_type, latest.title, latest.history_user) == ("~", "After", editor)
    assert response.status_code == 200
    assert response.context["page_obj"][0] == latest
    assert "maria" in response.content.decode()


def test_event_admin_sets_the_countries_served_and_history_keeps_them(client):
    program = ProgramFactory()
    event = EventFactory(title="Tri-Border webinar", programs=[program])
    client.force_login(EditorFactory())
    form = client.get(change_url(event)).context["adminform"].form

    response = client.post(
        change_url(event),
        event_form(
            event.year,
            [program],
            title_en="Tri-Border webinar",
            slug=event.slug,
            countries_served=["PY", "AR", "BR"],
        ),
    )

    assert form.fields["countries_served"].label == "Countries served"
    assert response.status_code == 302
    event.refresh_from_db()
    assert [country.code for country in event.countries_served] == ["AR", "BR", "PY"]
    before, after = event.history.all()[1], event.history.all()[0]
    assert (before.countries_served, after.countries_served) == ([], event.countries_served)


def test_event_admin_refuses_an_unknown_country_served(client):
    program = ProgramFactory()
    event = EventFactory(programs=[program])
    client.force_login(EditorFactory())

    response = client.post(
        change_url(event),
        event_form(event.year, [program], slug=event.slug, countries_served=["XX"]),
    )

    assert form_errors(response)["countries_served"] == [
        "Select a valid choice. XX is not one of the available choices."
    ]


def test_event_history_page_lists_changes_to_its_date_ranges(client):
    event = EventFactory()
    date = EventDateFactory(event=event, start=datetime.date(2020, 6, 17))
    date.end = datetime.date(2020, 6, 18)
    date.save()
    client.force_login(EditorFactory())

    response = client.get(reverse("admin:events_event_history", args=[event.pk]))

    dates, partners = response.context["child_histories"]
    assert (dates["verbose_name_plural"], partners["verbose_name_plural"]) == (
        "date ranges",
        "event partners",
    )
    assert [(r.history_type, str(r.instance)) for r in dates["records"]] == [
        ("~", "2020-06-17 to 2020-06-18"),
        ("+", "2020-06-17"),
    ]
    assert list(partners["records"]) == []


def test_event_history_page_shows_the_latest_100_changes_of_its_date_ranges(client):
    event = EventFactory()
    date = EventDateFactory.build(event=event, start=datetime.date(2020, 6, 17))
    editor = EditorFactory()
    client.force_login(editor)
    url = reverse("admin:events_event_history", args=[event.pk])

    def change(times):
        for _ in range(times):
            date.end = (date.end or date.start) + datetime.timedelta(days=1)
            date._history_user = editor
            date.save()

    def page():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        return response, len(queries)

    change(1)
    client.get(url)  # What every page reads once (content types) is read.
    _response, queries_for_one = page()
    change(100)
    response, queries_for_101 = page()

    # However many rows, one query reads them with who made each change.
    assert queries_for_101 == queries_for_one
    dates = response.context["child_histories"][0]["records"]
    assert len(dates) == 100
    assert (dates[0].end, dates[0].history_user) == (date.end, editor)


def test_deleted_event_is_recovered_with_its_dates_partners_and_programs(client):
    program = ProgramFactory()
    event = EventFactory(title="Deleted by mistake", programs=[program])
    EventDateFactory(event=event, start=datetime.date(2020, 6, 17))
    EventDateFactory(event=event, start=datetime.date(2020, 11, 30), end=datetime.date(2020, 12, 3))
    partner = EventPartnerFactory(event=event).partner
    removed_earlier = EventDateFactory(event=event, start=datetime.date(2020, 5, 5))
    removed_earlier._history_date = timezone.now() - datetime.timedelta(hours=1)
    removed_earlier.delete()
    # As after loaddata, which writes no history: only the deletion row can tell the programs.
    event.history.all().delete()
    editor = EditorFactory()
    client.force_login(editor)
    client.post(reverse("admin:events_event_delete", args=[event.pk]), {"post": "yes"})
    assert not Event.objects.filter(pk=event.pk).exists()

    listing = client.get(reverse("admin:events_event_recoverlist"))
    record = listing.context["records"][0]
    confirm = client.get(reverse("admin:events_event_recover", args=[record.history_id]))
    response = client.post(reverse("admin:events_event_recover", args=[record.history_id]))

    assert [r.title for r in listing.context["records"]] == ["Deleted by mistake"]
    assert [(c["verbose_name_plural"], len(c["rows"])) for c in confirm.context["children"]] == [
        ("date ranges", 2),
        ("event partners", 1),
    ]
    assert response.status_code == 302
    assert response["Location"] == change_url(event)
    recovered = Event.objects.get(pk=event.pk)
    assert recovered.title == "Deleted by mistake"
    assert list(recovered.programs.all()) == [program]
    assert [(d.start, d.end) for d in recovered.dates.all()] == [
        (datetime.date(2020, 6, 17), datetime.date(2020, 6, 17)),
        (datetime.date(2020, 11, 30), datetime.date(2020, 12, 3)),
    ]
    assert (recovered.starts_on, recovered.ends_on) == (
        datetime.date(2020, 6, 17),
        datetime.date(2020, 12, 3),
    )
    assert [p.partner for p in EventPartner.objects.filter(event=recovered)] == [partner]
    assert recovered.history.first().history_user == editor
    assert list(client.get(reverse("admin:events_event_recoverlist")).context["records"]) == []


def test_deleted_event_whose_slug_was_reused_is_not_recovered(client):
    event = EventFactory(slug="cyber-forum")
    client.force_login(EditorFactory())
    client.post(reverse("admin:events_event_delete", args=[event.pk]), {"post": "yes"})
    EventFactory(slug="cyber-forum")
    record = event.history.filter(history_type="-").get()

    response = client.post(
        reverse("admin:events_event_recover", args=[record.history_id]), follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        f"The event “{event.title}” was deleted successfully.",
        f"Event “{event.title}” could not be recovered: Event with this Slug already exists.",
    ]
    assert not Event.objects.filter(pk=event.pk).exists()


def test_program_officer_cannot_recover_deleted_events(client):
    client.force_login(ProgramOfficerFactory(programs=[ProgramFactory()]))

    changelist = client.get(CHANGELIST)
    response = client.get(reverse("admin:events_event_recoverlist"))

    assert "Recover deleted events" not in changelist.content.decode()
    assert response.status_code == 403
