"""Writing a generated report: DOCX (python-docx) and the tables as XLSX (openpyxl).

The report is a plain document model (:class:`Report`: headings, paragraphs, tables, images)
assembled by :mod:`geo.present.report`; this module only writes it. Text from the data is
inserted as text runs and cells, never as markup. XLSX text cells are written as strings and a
text starting with ``= + - @`` (or a tab / carriage return) is prefixed with ``'`` so a
spreadsheet never runs it as a formula (:mod:`geo.exports.cells`).
Files are written atomically (:func:`geo.store.atomic.atomic_path`).
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from geo.errors import ExportError
from geo.exports.cells import neutralise_formula
from geo.store.atomic import write_bytes_atomic

REPORT_FORMATS = ("docx", "xlsx")


@dataclass(frozen=True)
class Heading:
    """A section heading (level 1 or 2)."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text; ``note`` renders it small and grey (sources, coverage)."""

    text: str
    note: bool = False


@dataclass(frozen=True)
class Table:
    """A table: ``text`` (rendered cells for DOCX) and ``values`` (raw cells for XLSX).

    ``sheet`` names the XLSX sheet it goes to (several tables may share one).
    """

    title: str
    headers: Sequence[str]
    text: Sequence[Sequence[str]]
    values: Sequence[Sequence[object]]
    sheet: str = "Tables"


@dataclass(frozen=True)
class Image:
    """A PNG image with its caption; ``width_cm`` on the page."""

    png: bytes
    caption: str
    width_cm: float = 16.0


Block = Heading | Paragraph | Table | Image


@dataclass
class Report:
    """A generated report: a title, a subtitle and blocks in order."""

    title: str
    subtitle: str = ""
    blocks: list[Block] = field(default_factory=list)

    def tables(self) -> list[Table]:
        """The tables in order."""
        return [b for b in self.blocks if isinstance(b, Table)]


def report_docx_bytes(report: Report) -> bytes:
    """The report as a DOCX file (A4 portrait; headings as Word headings, tables gridded)."""
    from docx import Document
    from docx.shared import Cm, Pt, RGBColor

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    doc.add_heading(report.title, level=0)
    if report.subtitle:
        doc.add_paragraph(report.subtitle)
    for block in report.blocks:
        if isinstance(block, Heading):
            doc.add_heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            run = doc.add_paragraph().add_run(block.text)
            if block.note:
                run.font.size = Pt(9)
                run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
        elif isinstance(block, Table):
            doc.add_paragraph().add_run(block.title).bold = True
            table = doc.add_table(rows=1, cols=len(block.headers))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.headers, strict=True):
                cell.text = str(text)
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.bold = True
            for row in block.text:
                for cell, text in zip(table.add_row().cells, row, strict=True):
                    cell.text = str(text)
        else:
            doc.add_picture(io.BytesIO(block.png), width=Cm(block.width_cm))
            caption = doc.add_paragraph().add_run(block.caption)
            caption.italic = True
            caption.font.size = Pt(9)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def report_xlsx_bytes(report: Report) -> bytes:
    """The report's tables as an XLSX workbook: one sheet per ``Table.sheet``, tables stacked.

    Numbers stay numeric cells (full precision); text cells are explicit strings, neutralised.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for table in report.tables():
        name = table.sheet[:31]
        sheet = book[name] if name in book.sheetnames else book.create_sheet(name)
        row = sheet.max_row + 2 if sheet.max_row > 1 else 1
        sheet.cell(row=row, column=1, value=neutralise_formula(table.title)).font = Font(bold=True)
        for col, header in enumerate(table.headers, 1):
            cell = sheet.cell(row=row + 1, column=col, value=neutralise_formula(str(header)))
            cell.data_type, cell.font = "s", Font(bold=True)
        for r, values in enumerate(table.values, row + 2):
            for col, value in enumerate(values, 1):
                cell = sheet.cell(row=r, column=col)
                if isinstance(value, bool) or value is None:
                    cell.value = None if value is None else str(value)
                elif isinstance(value, int | float):
                    cell.value = None if value != value else float(value)
                else:
                    cell.value = neutralise_formula(str(value))
                    cell.data_type = "s"
    if not book.sheetnames:
        book.create_sheet("Report")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def report_format(path: str | os.PathLike[str]) -> str:
    """``docx`` or ``xlsx`` from the file name, else :class:`ExportError`."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in REPORT_FORMATS:
        raise ExportError(f"{path}: unknown report format {suffix!r}; valid: docx, xlsx",
                          message_vi=f"{path}: định dạng báo cáo không hỗ trợ; dùng docx, xlsx")
    return suffix


def write_report(report: Report, path: str | os.PathLike[str]) -> Path:
    """Write ``report`` to ``path`` (``.docx`` or ``.xlsx``) atomically; returns the path."""
    fmt = report_format(path)
    data = report_docx_bytes(report) if fmt == "docx" else report_xlsx_bytes(report)
    write_bytes_atomic(path, data, error=ExportError)
    return Path(path)
