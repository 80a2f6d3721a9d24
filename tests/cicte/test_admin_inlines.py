"""Tabular inlines name each control for screen readers (cicte.admin.inlines)."""

import pytest
from django.urls import reverse

from tests.factories.events import EventDateFactory, EventPartnerFactory
from tests.factories.users import EditorFactory
from tests.html import parse

pytestmark = pytest.mark.django_db


def named_controls(response, prefix):
    """(name, aria-label) of each visible control in the rows of one inline, in page order."""
    group = parse(response).one("div", id=f"{prefix}-group")
    return [
        (control.attrs["name"], control.attrs.get("aria-label"))
        for control in group.iter()
        if control.tag in {"input", "select"}
        and control.attrs.get("type") != "hidden"
        and "__prefix__" not in control.attrs["name"]
    ]


def test_event_inline_controls_are_named_by_their_column(client):
    event = EventPartnerFactory(partner__name="UNICRI").event
    EventDateFactory(event=event)
    client.force_login(EditorFactory())

    response = client.get(reverse("admin:events_event_change", args=[event.pk]))

    assert named_controls(response, "dates") == [
        ("dates-0-start", "Start"),
        ("dates-0-end", "End"),
        ("dates-0-precision", "Precision"),
        ("dates-0-DELETE", "Delete"),
        ("dates-1-start", "Start"),
        ("dates-1-end", "End"),
        ("dates-1-precision", "Precision"),
    ]
    assert named_controls(response, "partner_roles") == [
        ("partner_roles-0-partner", "Partner"),
        ("partner_roles-0-role", "Role"),
        ("partner_roles-0-position", "Position"),
        ("partner_roles-0-name_as_printed_en", "Name as printed (English)"),
        ("partner_roles-0-name_as_printed_es", "Name as printed (Spanish)"),
        ("partner_roles-0-name_as_printed_fr", "Name as printed (French)"),
        ("partner_roles-0-name_as_printed_pt", "Name as printed (Portuguese)"),
        ("partner_roles-0-DELETE", "Delete"),
    ]
