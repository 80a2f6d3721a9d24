"""A record deleted in the admin comes back from "Recover deleted" with its relations."""

import datetime

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.test import Client
from django.urls import URLResolver, reverse
from django.urls.resolvers import RoutePattern
from django.utils import formats, timezone

from cicte.enums import Language
from cicte.roles import REPORT_MODELS
from events.models import Event
from partners.models import Partner, PartnerYear
from programs.models import Activity, ActivityPartner
from publications.models import CoPublisher, Edition, Publication
from tests.admin_forms import change_url, delete_url, signed_in
from tests.factories.cicte import ReportingYearFactory
from tests.factories.events import EventDateFactory, EventFactory
from tests.factories.partners import PartnerFactory, PartnerYearFactory
from tests.factories.programs import ActivityFactory, ActivityPartnerFactory, ProgramFactory
from tests.factories.publications import CoPublisherFactory, EditionFactory, PublicationFactory
from tests.factories.users import EditorFactory, ProgramOfficerFactory
from tests.html import parse

pytestmark = pytest.mark.django_db


def delete_and_recover(client, obj):
    """Delete `obj` in the admin, then recover it; (recover page, recover answer)."""
    opts = obj._meta
    client.post(delete_url(obj), {"post": "yes"})
    assert not type(obj).objects.filter(pk=obj.pk).exists()
    listing = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_recoverlist"))
    [record] = listing.context["records"]
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_recover", args=[record.history_id])
    return client.get(url), client.post(url)


def restored_rows(confirm):
    return [
        (c["verbose_name_plural"], [str(r) for r in c["rows"]]) for c in confirm.context["children"]
    ]


def test_deleted_activity_is_recovered_with_its_partners_and_countries():
    program = ProgramFactory()
    activity = ActivityFactory(
        program=program,
        title="Cyber drills",
        countries=["AR", "BR"],
        start_date=datetime.date(2020, 3, 1),
    )
    partner = ActivityPartnerFactory(activity=activity, partner__name="Trend Micro").partner
    editor = EditorFactory()
    client = signed_in(editor)

    confirm, response = delete_and_recover(client, activity)

    assert restored_rows(confirm) == [("activity partners", ["Trend Micro (Implementing)"])]
    assert response["Location"] == change_url(activity)
    recovered = Activity.objects.get(pk=activity.pk)
    assert (recovered.title, recovered.program, recovered.start_date) == (
        "Cyber drills",
        program,
        datetime.date(2020, 3, 1),
    )
    assert [country.code for country in recovered.countries] == ["AR", "BR"]
    assert [row.partner for row in ActivityPartner.objects.filter(activity=recovered)] == [partner]
    assert recovered.history.first().history_user == editor


def test_deleted_partner_is_recovered_with_its_yearly_standing():
    partner = PartnerFactory(name="Trend Micro", acronym="TM")
    PartnerYearFactory(
        partner=partner, year=ReportingYearFactory(year=2020), financial_contributor=True
    )
    client = signed_in(EditorFactory())

    confirm, response = delete_and_recover(client, partner)

    assert restored_rows(confirm) == [("partner's years", ["Trend Micro (TM) — 2020"])]
    assert response.status_code == 302
    recovered = Partner.objects.get(pk=partner.pk)
    assert (recovered.name, recovered.acronym) == ("Trend Micro", "TM")
    assert list(
        PartnerYear.objects.filter(partner=recovered).values_list(
            "year__year", "financial_contributor"
        )
    ) == [(2020, True)]


def test_deleted_publication_is_recovered_with_programs_co_publishers_and_editions():
    programs = [ProgramFactory(name="Cyber"), ProgramFactory(name="Borders")]
    publication = PublicationFactory(title="Cyber report", programs=programs)
    CoPublisherFactory(publication=publication, partner__name="Trend Micro", position=1)
    CoPublisherFactory(publication=publication, partner__name="Cisco", position=2)
    EditionFactory(publication=publication, language=Language.ENGLISH)
    EditionFactory(publication=publication, language=Language.SPANISH, url="")
    # As after loadreport, which writes no history: only the deletion row knows the programs.
    publication.history.all().delete()
    client = signed_in(EditorFactory())

    confirm, response = delete_and_recover(client, publication)

    assert restored_rows(confirm) == [
        ("language editions", ["Cyber report (English)", "Cyber report (Spanish)"]),
        ("co-publishers", ["Trend Micro", "Cisco"]),
    ]
    assert response.status_code == 302
    recovered = Publication.objects.get(pk=publication.pk)
    assert recovered.title == "Cyber report"
    assert set(recovered.programs.all()) == set(programs)
    assert list(
        CoPublisher.objects.filter(publication=recovered).values_list("partner__name", "position")
    ) == [("Trend Micro", 1), ("Cisco", 2)]
    assert list(Edition.objects.filter(publication=recovered).values_list("language", "url")) == [
        ("en", "https://example.org/report.pdf"),
        ("es", ""),
    ]


def test_deleted_record_every_history_row_names_its_user():
    editor = EditorFactory(username="maria")
    client = signed_in(editor)
    publication = PublicationFactory()
    EditionFactory(publication=publication)

    delete_and_recover(client, publication)

    rows = Publication.history.filter(id=publication.pk).order_by("history_date")
    assert [(r.history_type, r.history_user) for r in rows][-2:] == [("-", editor), ("+", editor)]
    editions = Edition.history.filter(publication_id=publication.pk).order_by("history_date")
    assert [(r.history_type, r.history_user) for r in editions][-2:] == [
        ("-", editor),
        ("+", editor),
    ]


def test_every_report_model_keeps_a_history_with_the_user():
    without_history = [
        f"{app_label}.{name}"
        for app_label, names in REPORT_MODELS.items()
        for name in names
        if not hasattr(apps.get_model(app_label, name)._meta, "simple_history_manager_attribute")
    ]

    assert without_history == []
    # The middleware hands the signed-in user to every history row the request writes.
    assert "simple_history.middleware.HistoryRequestMiddleware" in settings.MIDDLEWARE


@pytest.mark.parametrize(
    "factory",
    [
        lambda program: EventFactory(programs=[program]),
        lambda program: PublicationFactory(programs=[program]),
        lambda program: ActivityFactory(program=program),
    ],
    ids=["event", "publication", "activity"],
)
def test_deleted_record_of_their_own_program_is_recovered_by_an_editor_not_an_officer(factory):
    """Only editors delete these records, so only editors bring them back, whichever program."""
    program = ProgramFactory()
    record = factory(program)
    model, opts = type(record), record._meta
    officer = signed_in(ProgramOfficerFactory(programs=[program]))
    editor = signed_in(EditorFactory())
    editor.post(delete_url(record), {"post": "yes"})
    deletion = record.history.get(history_type="-")
    history_rows = record.history.count()
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_recover", args=[deletion.history_id])

    refused = officer.post(url)

    assert refused.status_code == 403
    assert not model.objects.filter(pk=record.pk).exists()
    assert record.history.count() == history_rows

    recovered = editor.post(url)

    assert recovered["Location"] == change_url(record)
    assert model.objects.filter(pk=record.pk).exists()


def test_recover_pages_are_served_beside_the_admins_own():
    """The addresses as `get_urls` builds them (once, when the URLconf loads), ahead of the
    admin's `<object_id>/` pages that would take "recover/" for a record's key."""
    model_admin = admin.site._registry[Event]
    resolver = URLResolver(RoutePattern(""), model_admin.get_urls())

    pages = [resolver.resolve(path) for path in ("recover/", "recover/12/", "12/change/")]

    assert [(page.url_name, page.kwargs) for page in pages] == [
        ("events_event_recoverlist", {}),
        ("events_event_recover", {"history_id": 12}),
        ("events_event_change", {"object_id": "12"}),
    ]
    assert [page.func.__wrapped__ for page in pages[:2]] == [
        model_admin.recover_list_view,
        model_admin.recover_view,
    ]


def deleted_rows(listing):
    """(record, deleted by) for each row of the recover list, as a reader sees them."""
    rows = parse(listing).one("table", id="deleted-records").select("tr")[1:]
    return [(cells[0].text, cells[2].text) for cells in (row.select("td") for row in rows)]


@pytest.mark.parametrize("rows", [1, 3])
def test_recover_list_shows_who_deleted_each_record_latest_first_in_few_queries(
    django_assert_num_queries, rows
):
    for number in range(rows):
        event = EventFactory(title=f"Forum {number}")
        signed_in(EditorFactory(username=f"editor{number}")).post(
            delete_url(event), {"post": "yes"}
        )
    client = signed_in(EditorFactory())

    with django_assert_num_queries(5):
        listing = client.get(reverse("admin:events_event_recoverlist"))

    assert parse(listing).one("h1").text == "Recover deleted events"
    assert deleted_rows(listing) == [(f"Forum {n}", f"editor{n}") for n in reversed(range(rows))]


def test_record_deleted_recovered_and_deleted_again_is_offered_once_with_its_rows_once():
    event = EventFactory(title="Cyber forum")
    EventDateFactory(event=event, start=datetime.date(2020, 6, 17))
    client = signed_in(EditorFactory())
    delete_and_recover(client, event)

    confirm, response = delete_and_recover(client, event)

    assert restored_rows(confirm) == [("date ranges", ["2020-06-17"])]
    assert response["Location"] == change_url(event)
    assert [str(d) for d in Event.objects.get(pk=event.pk).dates.all()] == ["2020-06-17"]


def test_only_the_rows_deleted_with_the_record_come_back_with_it():
    maria = EditorFactory(username="maria")
    event, neighbour = EventFactory(title="Cyber forum"), EventFactory(title="Border forum")
    EventDateFactory(event=event, start=datetime.date(2020, 6, 17))
    EventDateFactory(event=neighbour, start=datetime.date(2020, 9, 1))
    # Removed by maria an hour before, and by juan just before: not deleted with the event.
    earlier = EventDateFactory.build(event=event, start=datetime.date(2020, 5, 5))
    earlier._history_date = timezone.now() - datetime.timedelta(hours=2)
    earlier.save()
    earlier._history_user = maria
    earlier._history_date = timezone.now() - datetime.timedelta(hours=1)
    earlier.delete()
    by_juan = EventDateFactory(event=event, start=datetime.date(2020, 7, 1))
    by_juan._history_user = EditorFactory(username="juan")
    by_juan.delete()
    client = signed_in(maria)
    client.post(delete_url(neighbour), {"post": "yes"})
    client.post(delete_url(event), {"post": "yes"})
    deletion = event.history.get(history_type="-")
    url = reverse("admin:events_event_recover", args=[deletion.history_id])

    confirm, response = client.get(url), client.post(url)

    assert restored_rows(confirm) == [("date ranges", ["2020-06-17"])]
    assert response["Location"] == change_url(event)
    assert [str(d) for d in Event.objects.get(pk=event.pk).dates.all()] == ["2020-06-17"]


def test_records_and_rows_gone_without_a_deletion_row_are_not_offered(settings):
    maria = EditorFactory(username="maria")
    event = EventFactory(title="Cyber forum")
    EventDateFactory(event=event, start=datetime.date(2020, 6, 17))
    by_script = EventDateFactory.build(event=event, start=datetime.date(2020, 7, 1))
    by_script._history_user = maria
    by_script.save()
    gone = EventFactory(title="Removed by a script")
    # Deleted with the history switched off (a script): no deletion row to recover from.
    settings.SIMPLE_HISTORY_ENABLED = False
    by_script.delete()
    gone.delete()
    settings.SIMPLE_HISTORY_ENABLED = True

    confirm, response = delete_and_recover(signed_in(maria), event)

    assert restored_rows(confirm) == [("date ranges", ["2020-06-17"])]
    assert response["Location"] == change_url(event)
    assert [str(d) for d in Event.objects.get(pk=event.pk).dates.all()] == ["2020-06-17"]
    assert not Event.objects.filter(pk=gone.pk).exists()


def test_recover_list_shows_the_200_latest_deletions():
    events = EventFactory.create_batch(201, year=ReportingYearFactory(year=2020))
    Event.objects.filter(pk__in=[event.pk for event in events]).delete()
    deletions = Event.history.filter(history_type="-").order_by("-history_date")

    listing = signed_in(EditorFactory()).get(reverse("admin:events_event_recoverlist"))

    assert [record for record, _user in deleted_rows(listing)] == [
        row.title for row in deletions[:200]
    ]
    assert deletions.count() == 201


def test_recover_page_names_the_record_and_its_recovery_is_told_as_a_success():
    event = EventFactory(title="Cyber forum")
    client = signed_in(EditorFactory())

    confirm, response = delete_and_recover(client, event)
    page = parse(client.get(response["Location"]))

    assert parse(confirm).one("h1").text == "Recover event “Cyber forum”"
    assert [(li.classes, li.text) for li in page.one("ul", class_="messagelist").select("li")] == [
        (["success"], "Event “Cyber forum” was recovered.")
    ]


def test_recover_page_says_what_was_deleted_when_and_by_whom_and_its_form_works_in_a_browser():
    maria = EditorFactory(username="maria")
    event = EventFactory(title="Cyber forum")
    signed_in(maria).post(delete_url(event), {"post": "yes"})
    deletion = event.history.get(history_type="-")
    url = reverse("admin:events_event_recover", args=[deletion.history_id])
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(maria)

    page = parse(browser.get(url)).one("div", id="content-main")
    token = page.one("input", name="csrfmiddlewaretoken").attrs["value"]
    response = browser.post(url, {"csrfmiddlewaretoken": token})

    when = formats.date_format(timezone.localtime(deletion.history_date), "DATETIME_FORMAT")
    assert [p.text for p in page.select("p")] == [
        f"The event “Cyber forum” was deleted on {when} by maria. Recovering it restores it as "
        "it was then, with:",
        "No other rows were deleted with it.",
    ]
    assert response["Location"] == change_url(event)


def test_recovery_refused_for_each_reason_is_told_as_an_error():
    activity = ActivityFactory(title="Cyber drills")
    event = EventFactory(title="Cyber forum", slug="cyber-forum", activity=activity)
    client = signed_in(EditorFactory())
    client.post(delete_url(event), {"post": "yes"})
    # Since then, its activity was deleted and another event took its address.
    activity_id = activity.pk
    activity.delete()
    EventFactory(slug="cyber-forum")
    deletion = event.history.get(history_type="-")

    response = client.post(
        reverse("admin:events_event_recover", args=[deletion.history_id]), follow=True
    )

    assert [
        (li.classes, li.text) for li in parse(response).one("ul", class_="messagelist").select("li")
    ] == [
        (["success"], "The event “Cyber forum” was deleted successfully."),
        (
            ["error"],
            f"Event “Cyber forum” could not be recovered: activity instance with id {activity_id} "
            "is not a valid choice. Event with this Slug already exists.",
        ),
    ]
    assert not Event.objects.filter(pk=event.pk).exists()


def test_recovery_of_a_record_whose_year_was_deleted_since_is_told_as_an_error():
    year = ReportingYearFactory(year=2031)
    event = EventFactory(title="Cyber forum", year=year)
    client = signed_in(EditorFactory())
    client.post(delete_url(event), {"post": "yes"})
    year_id = year.pk
    year.delete()  # nothing holds it now
    deletion = event.history.get(history_type="-")

    response = client.post(
        reverse("admin:events_event_recover", args=[deletion.history_id]), follow=True
    )

    assert parse(response).one("ul", class_="messagelist").select("li")[-1].text == (
        f"Event “Cyber forum” could not be recovered: reporting year instance with id {year_id} "
        "is not a valid choice."
    )
    assert not Event.objects.filter(pk=event.pk).exists()
