"""A program officer's rights are checked on the server, whatever the browser sends."""

import datetime

import pytest

from cicte.enums import Language
from events.models import Event, EventDate, EventPartner
from programs.models import ActivityPartner
from publications.models import Edition
from tests.admin_forms import browser_post, change_url, delete_url, signed_in
from tests.factories.events import EventDateFactory, EventFactory, EventPartnerFactory
from tests.factories.programs import ActivityFactory, ActivityPartnerFactory, ProgramFactory
from tests.factories.publications import EditionFactory, PublicationFactory
from tests.factories.users import EditorFactory, ProgramOfficerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine():
    return ProgramFactory(name="Cybersecurity")


@pytest.fixture
def theirs():
    return ProgramFactory(name="Border security")


@pytest.fixture
def officer(mine):
    return signed_in(ProgramOfficerFactory(programs=[mine]))


def dated_event(program, title):
    event = EventFactory(title=title, programs=[program])
    EventDateFactory(event=event, start=datetime.date(2020, 6, 17))
    EventDateFactory(event=event, start=datetime.date(2020, 7, 1))
    return event


def test_program_officer_removes_a_wrong_date_range_of_their_event(officer, mine):
    event = dated_event(mine, "Cyber forum")

    response = officer.post(
        change_url(event), browser_post(officer.get(change_url(event)), **{"dates-1-DELETE": "on"})
    )

    assert response.status_code == 302
    assert [str(date) for date in EventDate.objects.filter(event=event)] == ["2020-06-17"]
    assert Event.objects.get(pk=event.pk).ends_on == datetime.date(2020, 6, 17)


def test_program_officer_removes_a_partner_and_an_edition_of_their_records(officer, mine):
    event = EventFactory(programs=[mine])
    EventPartnerFactory(event=event)
    publication = PublicationFactory(programs=[mine])
    EditionFactory(publication=publication, language=Language.ENGLISH)
    EditionFactory(publication=publication, language=Language.SPANISH)

    officer.post(
        change_url(event),
        browser_post(officer.get(change_url(event)), **{"partner_roles-0-DELETE": "on"}),
    )
    officer.post(
        change_url(publication),
        browser_post(officer.get(change_url(publication)), **{"editions-1-DELETE": "on"}),
    )

    assert not EventPartner.objects.filter(event=event).exists()
    assert list(Edition.objects.filter(publication=publication).values_list("language")) == [
        ("en",)
    ]


def test_program_officer_removes_a_partner_of_their_activity(officer, mine):
    activity = ActivityFactory(program=mine)
    ActivityPartnerFactory(activity=activity)

    response = officer.post(
        change_url(activity),
        browser_post(officer.get(change_url(activity)), **{"partner_roles-0-DELETE": "on"}),
    )

    assert response.status_code == 302
    assert not ActivityPartner.objects.filter(activity=activity).exists()


def test_program_officer_cannot_remove_a_date_range_of_another_programs_event(
    officer, mine, theirs
):
    event = dated_event(theirs, "Border forum")
    # The form of an event of their own, sent to the other event's address.
    own_form = officer.get(change_url(dated_event(mine, "Cyber forum")))
    data = browser_post(own_form, title="Taken over", slug=event.slug)
    data.update({"dates-0-id": str(event.dates.first().pk), "dates-0-DELETE": "on"})

    response = officer.post(change_url(event), data)

    assert response.status_code == 403
    assert Event.objects.get(pk=event.pk).title == "Border forum"
    assert EventDate.objects.filter(event=event).count() == 2


def test_program_officer_direct_post_to_another_programs_event_changes_nothing(
    officer, mine, theirs
):
    event = dated_event(theirs, "Border forum")
    before = list(Event.objects.filter(pk=event.pk).values())
    history_before = list(event.history.values_list("history_id", flat=True))
    editor_form = signed_in(EditorFactory()).get(change_url(event))

    response = officer.post(
        change_url(event),
        browser_post(editor_form, title="Taken over", programs=[str(mine.pk)]),
    )

    assert response.status_code == 403
    assert list(Event.objects.filter(pk=event.pk).values()) == before
    assert list(event.programs.all()) == [theirs]
    assert list(event.history.values_list("history_id", flat=True)) == history_before


@pytest.mark.parametrize("program", ["mine", "theirs"])
def test_program_officer_direct_post_to_delete_an_event_is_refused(officer, request, program):
    event = dated_event(request.getfixturevalue(program), "Forum")

    response = officer.post(delete_url(event), {"post": "yes"})

    assert response.status_code == 403
    assert Event.objects.filter(pk=event.pk).exists()
    assert EventDate.objects.filter(event=event).count() == 2


def test_program_officer_direct_post_to_delete_another_programs_publication_is_refused(
    officer, theirs
):
    publication = PublicationFactory(programs=[theirs])

    response = officer.post(delete_url(publication), {"post": "yes"})

    assert response.status_code == 403
    assert publication.__class__.objects.filter(pk=publication.pk).exists()
