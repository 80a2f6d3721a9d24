"""Open data: a queryset as streamed CSV or JSON, and the plain 400 for a filter that fails.

Each app's exports.py describes its rows as `Column`s (a stable JSON key, a translated CSV
header, a function of one row) and hands a queryset to `csv_response` or `json_response`. Rows
are read with `iterator(chunk_size=CHUNK_SIZE)`: prefetches run once per chunk, so memory and
the number of queries stay flat however many rows match.

Every cell of a CSV file (and of the back office's spreadsheets, cicte.admin.io) goes through
`spreadsheet_cell`, so that no text staff typed is read as a formula; JSON carries the text as
it is.
"""

import csv
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

# Rows read from the database (and prefetched) at a time.
CHUNK_SIZE = 500
# The control characters that neither XML 1.0 (the Atom feeds) nor iCalendar's TEXT may carry:
# all but the tab and the line breaks, which both escape or keep.
UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# What makes a spreadsheet program read a cell as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(text: str) -> str:
    """`text` as a cell that no spreadsheet program reads as a formula: a single quote before
    one that starts with = + - @, a tab or a carriage return, as OWASP advises. A text that
    already reads as quoted ("'=x") gets one more, so that `from_spreadsheet_cell` gives back
    exactly `text`."""
    return "'" + text if text.lstrip("'").startswith(FORMULA_STARTS) else text


def from_spreadsheet_cell(text: str) -> str:
    """The text `spreadsheet_cell` wrote: its quote taken off again."""
    quoted = text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS)
    return text[1:] if quoted else text


@dataclass(frozen=True)
class Column:
    key: str  # JSON key: stable English snake_case, never translated
    header: str  # CSV header: translated, for people
    value: Callable[[Any], Any]  # the row's value: str, int, None or a list of them


def plain_text(value: str) -> str:
    """Text typed by staff as a feed or a calendar can carry it: without UNWRITABLE characters
    (a vertical tab pasted from a word processor, say), which would make the file invalid."""
    return UNWRITABLE.sub("", value)


def csv_text(value) -> str:
    """A cell: lists joined with "; ", None empty, never a formula."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return spreadsheet_cell("; ".join(str(item) for item in value))
    return spreadsheet_cell(str(value))


class _Echo:
    """A file-like object whose write() returns the line, so csv.writer can feed a generator."""

    def write(self, value):
        return value


def rows_of(queryset) -> Iterator:
    return queryset.iterator(chunk_size=CHUNK_SIZE)


def _in_language(language, chunks):
    with translation.override(language):
        yield from chunks


def streaming_response(chunks: Iterator, *, content_type: str, disposition: str):
    """A streamed response whose body is written in the request's language: the body is
    produced after the view has returned, when another language may be active."""
    response = StreamingHttpResponse(
        _in_language(translation.get_language(), chunks), content_type=content_type
    )
    response["Content-Disposition"] = disposition
    return response


def csv_response(rows: Iterable, columns: list[Column], *, filename: str):
    """UTF-8 CSV with a byte-order mark, so that spreadsheet programs read accents right."""
    writer = csv.writer(_Echo())
    headers = [str(column.header) for column in columns]

    def lines():
        yield "\ufeff" + writer.writerow(headers)
        for row in rows:
            yield writer.writerow([csv_text(column.value(row)) for column in columns])

    return streaming_response(
        lines(),
        content_type="text/csv; charset=utf-8",
        disposition=f'attachment; filename="{filename}"',
    )


def json_response(rows: Iterable, columns: list[Column], *, filename: str):
    """A JSON array of objects, written one row at a time."""

    def chunks():
        yield "["
        for number, row in enumerate(rows):
            record = {column.key: column.value(row) for column in columns}
            yield ("," if number else "") + json.dumps(
                record, cls=DjangoJSONEncoder, ensure_ascii=False
            )
        yield "]"

    return streaming_response(
        chunks(),
        content_type="application/json; charset=utf-8",
        disposition=f'inline; filename="{filename}"',
    )


def bad_filter_response(filterset):
    """400 in plain words, as the HTML list says it: nothing is exported from a bad filter."""
    lines = [_("Some filters could not be applied. Nothing is exported until they are corrected.")]
    for field in filterset.form:
        lines.extend(f"{field.label}: {error}" for error in field.errors)
    lines.extend(str(error) for error in filterset.form.non_field_errors())
    return HttpResponseBadRequest("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
