"""cicte.exports: the CSV and JSON bodies every open-data export shares."""

import datetime

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cicte.exports import (
    Column,
    bad_filter_response,
    csv_response,
    csv_text,
    json_response,
    streaming_response,
)
from events.filters import EventFilterSet
from events.models import Event


def body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_csv_text_writes_nothing_for_a_missing_value_and_joins_lists():
    assert [csv_text(None), csv_text(["Canada", "=Chile"]), csv_text(3)] == [
        "",
        "Canada; =Chile",
        "3",
    ]


def test_json_response_writes_dates_and_accents_as_they_are():
    columns = [
        Column("day", "Day", lambda row: row[0]),
        Column("city", "City", lambda row: row[1]),
    ]
    rows = [(datetime.date(2020, 6, 17), "Bogotá"), (None, "São Paulo")]

    response = json_response(rows, columns, filename="cicte-events.json")

    assert response["Content-Disposition"] == 'inline; filename="cicte-events.json"'
    assert (
        body(response)
        == '[{"day": "2020-06-17", "city": "Bogotá"},{"day": null, "city": "São Paulo"}]'
    )


def test_a_streamed_body_is_written_in_the_language_of_the_request():
    """The body is produced after the view returned, when another language may be active."""
    columns = [Column("kind", _("Kind"), lambda row: str(_("Kind")))]
    with translation.override("es"):
        csv, streamed = (
            csv_response([1], columns, filename="x.csv"),
            streaming_response(
                (str(_("Kind")) for _row in [1]), content_type="text/plain", disposition="inline"
            ),
        )

    with translation.override("en"):
        assert body(csv) == "Tipo\r\nTipo\r\n"
        assert body(streamed) == "Tipo"


@pytest.mark.django_db
def test_bad_filter_response_names_each_field_error_then_the_others():
    filterset = EventFilterSet(data={"start": "2020-02-30"}, queryset=Event.objects.none())
    assert not filterset.is_valid()
    filterset.form.add_error(None, "Too many filters at once.")

    response = bad_filter_response(filterset)

    assert response.status_code == 400
    assert response.content.decode() == (
        "Some filters could not be applied. Nothing is exported until they are corrected.\n"
        "From: Enter a valid date.\n"
        "Too many filters at once.\n"
    )
