"""The report as the secretariat files it in Word (python-docx): the whole report, as the General
Assembly receives it, and its four annexes alone.

Laid out as the printed report: the title and its approval, a table of contents, the numbered
sections in Word's heading styles (so that Word's contents and navigation pane list them), each
section's own texts (cicte.ReportText) and the programs' narratives, then the four annexes, each
on a page of its own, with their order notes, Annex 1's markers and legend and Annex 4's
categories and stars. Entries are written with the filters the annex pages use (full_stop,
organisers, place, date_ranges…), so that the page, the PDF and the Word file say the same
thing; a text that has no translation yet reads in English, marked "(in English)" as on the
site. Built once per data version by reports.documents, which serves both files.
"""

import io
import re

import docx
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from cicte import i18n
from cicte.enums import ReportPart
from cicte.text import and_list, full_stop
from events.dates import DateRange, format_ranges
from events.templatetags.event_tags import date_ranges, marker_legend
from reports import queries
from reports.annexes import ANNEX_ORDER_NOTES, ANNEX_TITLES

# What Word's table of contents lists: the sections (Heading 1) and what they hold (Heading 2).
TOC_FIELD = 'TOC \\o "1-2" \\h \\z \\u'
# A blank line between paragraphs, as the admin's text boxes and the site's linebreaks read it.
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def _in_part(rows, part):
    """The report texts or editorial notes of `part`, from rows already loaded."""
    return [row for row in rows if row.part == part]


# -- Entries ---------------------------------------------------------------------------------


def annex_1_entry(event) -> tuple[str, str]:
    """(text, marker) as Annex 1 writes a meeting: title and credits, organisers, place,
    dates, the secretariat's capacity; marker."""
    note = _in_english(event, "title")
    if others := event.credits:
        parts = [f"{event.title}{note} {full_stop(others)}"]
    else:
        parts = [f"{full_stop(event.title)}{note}"]
    if who := event.organisers:
        parts.append(full_stop(who))
    if where := event.place:
        parts.append(full_stop(where))
    parts.append(full_stop(date_ranges(event.dates.all())))
    if how := event.capacity:
        parts.append(how)
    return " ".join(parts), event.marker


def annex_2_entry(event) -> str:
    dates = full_stop(date_ranges(event.dates.all(), "no_year"))
    return f"{full_stop(event.title)}{_in_english(event, 'title')} {event.organised_by} {dates}"


def annex_3_entry(publication) -> str:
    month = date_format(publication.published_on, "YEAR_MONTH_FORMAT")
    available = _("Available in %(languages)s.") % {"languages": publication.language_names}
    title = f"“{full_stop(publication.title)}”{_in_english(publication, 'title')}"
    text = f"{title} {month}. {full_stop(publication.publisher_names)} "
    text += available
    links = publication.linked_editions
    for edition in links:
        label = (
            _("Link (%(language)s):") % {"language": edition.get_language_display()}
            if len(links) > 1
            else _("Link:")
        )
        text += f" {label} {edition.url}"
    return text


def _in_english(obj, field) -> str:
    """ " (in English)" after a text that has no translation yet, as on the site; else ""."""
    if i18n.text_language(obj, field) == i18n.active_language():
        return ""
    # Translators: after a text shown in English because it has no translation yet.
    return f" {_('(in English)')}"


# -- Writing ---------------------------------------------------------------------------------


def _new_document(title: str):
    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = _("CICTE Secretariat")
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(11)
    footer = document.sections[0].footer.paragraphs[0]
    footer.alignment = 1  # centred
    # The page's number, a field Word computes (a paragraph's child, as Word writes it).
    page_number = OxmlElement("w:fldSimple")
    page_number.set(qn("w:instr"), "PAGE")
    footer._p.append(page_number)
    return document


def _field_char(paragraph, kind):
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(char)


def _table_of_contents(document, before):
    """Word's table of contents of the headings written so far, inserted before the paragraph
    `before`: a TOC field whose shown text lists the headings already (without page numbers,
    which Word adds when the field is updated: right-click, Update Field)."""
    headings = [
        (paragraph.text, paragraph.style.name)
        for paragraph in document.paragraphs
        if paragraph.style.name in ("Heading 1", "Heading 2")
    ]
    entries = [before.insert_paragraph_before() for _heading in headings]
    _field_char(entries[0], "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = TOC_FIELD
    entries[0].add_run()._r.append(instruction)
    _field_char(entries[0], "separate")
    for paragraph, (text, style) in zip(entries, headings, strict=True):
        paragraph.add_run(text)
        if style == "Heading 2":
            paragraph.paragraph_format.left_indent = Pt(18)
    _field_char(entries[-1], "end")


def _text(document, obj, field):
    """`obj.field` in the active language, a paragraph per paragraph of it; "(in English)"
    after a text that has no translation yet."""
    text = (getattr(obj, field, "") or "").strip()
    if not text:
        return
    for block in PARAGRAPH_BREAK.split(text):
        paragraph = document.add_paragraph()
        for number, line in enumerate(block.strip().split("\n")):
            if number:
                paragraph.add_run().add_break(WD_BREAK.LINE)
            paragraph.add_run(line.strip())
    if note := _in_english(obj, field):
        paragraph.add_run(note).italic = True


def _entry(document, text):
    """An annex entry: a bullet, kept whole on a page."""
    paragraph = document.add_paragraph(text, style="List Bullet")
    paragraph.paragraph_format.keep_together = True
    return paragraph


def _keep_ends_together(paragraphs):
    """As in the PDF, no entry of a list alone on a page: its first two entries stay
    together, and so do its last two."""
    if len(paragraphs) > 1:
        paragraphs[0].paragraph_format.keep_with_next = True
        paragraphs[-2].paragraph_format.keep_with_next = True


def _empty(document, text):
    document.add_paragraph(text).runs[0].italic = True


def _editorial_notes(document, year, part):
    """The notes on where this part departs from the printed report, after it."""
    for note in _in_part(year.editorial_notes.all(), part):
        paragraph = document.add_paragraph()
        paragraph.add_run(_("Editorial note:")).bold = True
        paragraph.add_run(f" {note.text}").italic = True


def _report_texts(document, texts, level):
    """A section's own passages, each under its subheading."""
    for passage in texts:
        if passage.heading:
            document.add_heading(passage.heading, level=level)
        _text(document, passage, "text")


# -- The annexes -----------------------------------------------------------------------------


def _annex_heading(document, number, level):
    title = _("Annex %(number)s: %(title)s") % {"number": number, "title": ANNEX_TITLES[number]}
    heading = document.add_heading(title, level=level)
    heading.paragraph_format.page_break_before = True
    note = document.add_paragraph()
    note.add_run(f"({ANNEX_ORDER_NOTES[number]})").italic = True


def _annexes(document, year, report, level):
    """The four annexes of `report` (queries.report_sections), their headings at `level`,
    Annex 4's categories below it."""
    _annex_heading(document, 1, level)
    document.add_paragraph(
        _(
            "The following is a selection of the main high-level international events in which "
            "the CICTE Secretariat participated during %(year)s. The list is in chronological "
            "order."
        )
        % {"year": year.year}
    )
    entries = []
    for event in report["annex_1"]:
        text, marker = annex_1_entry(event)
        entries.append(_entry(document, f"{text} "))
        entries[-1].add_run(marker).bold = True
    _keep_ends_together(entries)
    if not entries:
        _empty(document, _("No high-level meetings are recorded for this year."))
    for marker, meaning in marker_legend():
        legend = document.add_paragraph()
        legend.add_run(marker).bold = True
        legend.add_run(f" {meaning}")
    _editorial_notes(document, year, ReportPart.ANNEX_1)

    _annex_heading(document, 2, level)
    _keep_ends_together([_entry(document, annex_2_entry(e)) for e in report["annex_2"]])
    if not report["annex_2"]:
        _empty(document, _("No webinars or virtual forums are recorded for this year."))
    _editorial_notes(document, year, ReportPart.ANNEX_2)

    _annex_heading(document, 3, level)
    _keep_ends_together([_entry(document, annex_3_entry(p)) for p in report["annex_3"]])
    if not report["annex_3"]:
        _empty(document, _("No publications are recorded for this year."))
    _editorial_notes(document, year, ReportPart.ANNEX_3)

    _annex_heading(document, 4, level)
    legend = document.add_paragraph()
    legend.add_run("*").bold = True
    legend.add_run(
        " "
        + _(
            "Countries or institutions that made a financial contribution - specific funds for "
            "the implementation of the CICTE Secretariat's programs."
        )
    )
    for group in report["annex_4"]:
        document.add_heading(str(group.label), level=level + 1)
        entries = []
        for entry in group.entries:
            entries.append(_entry(document, entry.printed_name))
            if entry.financial_contributor:
                entries[-1].add_run(" ")
                entries[-1].add_run("*").bold = True
        _keep_ends_together(entries)
    if not report["annex_4"]:
        _empty(document, _("No donors or partners are recorded for this year."))
    _editorial_notes(document, year, ReportPart.ANNEX_4)


def annexes_docx(year) -> bytes:
    """The four annexes of `year` (from queries.report_year(…, with_sections=True)) as a
    Word document (eight queries with report_year's)."""
    title = _("Annexes to the annual report %(year)s") % {"year": year.year}
    document = _new_document(title)
    if not year.is_public:
        document.add_paragraph(_("Draft — not public"), style="Intense Quote")
    document.add_heading(year.title, level=0)
    document.add_paragraph(title, style="Subtitle")
    _annexes(document, year, queries.report_sections(year), level=1)
    return _saved(document)


# -- The whole report ------------------------------------------------------------------------


def _approval(year):
    """ "(Approved at the fourth plenary session held on October 8, 2021)", or ""."""
    body = year.approved_at
    day = format_ranges([DateRange(year.approved_on)]) if year.approved_on else ""
    if body and day:
        return _("(Approved at the %(body)s held on %(date)s)") % {"body": body, "date": day}
    if body:
        return _("(Approved at the %(body)s)") % {"body": body}
    if day:
        return _("(Approved on %(date)s)") % {"date": day}
    return ""


def _programs(document, year, report):
    """Section III: its own texts, then each program's narrative (a sub-program's heading one
    level below its parent's), activities and key partners."""
    _report_texts(document, _in_part(year.texts.all(), ReportPart.PROGRAMS), level=2)
    for program_year, program, activities in report["programs"]:
        document.add_heading(program.name, level=3 if program.parent_id else 2)
        if program_year and not program_year.funded:
            _empty(document, _("No funding this year."))
        if program_year:
            _text(document, program_year, "narrative")
        for activity in activities:
            note = f" — {activity.figures_note}" if activity.figures_note else ""
            document.add_paragraph(f"{activity.title}{note}", style="List Bullet")
        if program_year and (key_partners := program_year.key_partner_links.all()):
            paragraph = document.add_paragraph()
            paragraph.add_run(_("Key partners:")).bold = True
            paragraph.add_run(f" {and_list(link.partner.annex_name for link in key_partners)}.")
    if not report["programs"]:
        _empty(document, _("No program narratives are recorded for this year."))


def _donors(document, year, report):
    """Section IV: its own texts, then the year's financial contributors by category."""
    _report_texts(document, _in_part(year.texts.all(), ReportPart.DONORS), level=2)
    document.add_paragraph(
        _(
            "The main financial contributors to the CICTE Secretariat's programs and projects "
            "during %(year)s were as follows:"
        )
        % {"year": year.year}
    )
    for group in report["contributors"]:
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(f"{group.label}:").bold = True
        paragraph.add_run(f" {and_list(group.names)}.")
    if not report["contributors"]:
        _empty(document, _("No financial contributions are recorded for this year."))
    document.add_paragraph(
        _("See Annex 4 for the consolidated list of donors and institutional partners.")
    )


def report_docx(year) -> bytes:
    """The whole report of `year` (from queries.report_year(…, with_sections=True)) as a Word
    document: its sections I to VI and the four annexes (eight queries with report_year's)."""
    report = queries.report_sections(year)
    texts = year.texts.all()
    document = _new_document(year.title)
    if not year.is_public:
        document.add_paragraph(_("Draft — not public"), style="Intense Quote")
    document.add_heading(year.title, level=0)
    if approval := _approval(year):
        document.add_paragraph(approval).runs[0].italic = True
    document.add_paragraph(_("Contents"), style="TOC Heading")
    contents = document.add_paragraph()
    contents.add_run().add_break(WD_BREAK.PAGE)

    # Sections II and V only where the year has texts of theirs, as on the report's page.
    framework = _in_part(texts, ReportPart.FRAMEWORK)
    cooperation = _in_part(texts, ReportPart.COOPERATION)
    _section_heading(document, ReportPart.INTRODUCTION)
    _text(document, year, "introduction")
    _editorial_notes(document, year, ReportPart.INTRODUCTION)
    if framework:
        _section_heading(document, ReportPart.FRAMEWORK)
        _report_texts(document, framework, level=2)
        _editorial_notes(document, year, ReportPart.FRAMEWORK)
    _section_heading(document, ReportPart.PROGRAMS)
    _programs(document, year, report)
    _editorial_notes(document, year, ReportPart.PROGRAMS)
    _section_heading(document, ReportPart.DONORS)
    _donors(document, year, report)
    _editorial_notes(document, year, ReportPart.DONORS)
    if cooperation:
        _section_heading(document, ReportPart.COOPERATION)
        _report_texts(document, cooperation, level=2)
        _editorial_notes(document, year, ReportPart.COOPERATION)

    document.add_heading(_("VI. Annexes"), level=1)
    for number, title in ANNEX_TITLES.items():
        document.add_paragraph(
            _("Annex %(number)s: %(title)s") % {"number": number, "title": title}
            + f" ({ANNEX_ORDER_NOTES[number]})"
        )
    _annexes(document, year, report, level=2)
    _table_of_contents(document, before=contents)
    return _saved(document)


def _section_heading(document, part):
    """ "III. Main programs": the section's number and title, as its part names it."""
    document.add_heading(str(part.label), level=1)


def _saved(document) -> bytes:
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
