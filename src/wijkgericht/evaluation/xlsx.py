"""The report as data: a workbook (openpyxl) with one sheet per table, the header in bold and frozen, numbers as
numbers."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font

from wijkgericht.evaluation.tables import Table

MAX_SHEET_NAME = 31


def _sheet_name(table: Table, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "-", table.name)[:MAX_SHEET_NAME] or "tabel"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f"-{n}"
        name, n = base[: MAX_SHEET_NAME - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def workbook(tables: Sequence[Table], *, title: str = "") -> bytes:
    """One sheet per table: row 1 the table's title, row 3 its header, then its rows."""
    book = Workbook()
    book.remove(book.active)
    book.properties.title = title
    book.properties.language = "nl"
    taken: set[str] = set()
    for table in tables:
        sheet = book.create_sheet(_sheet_name(table, taken))
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([])
        sheet.append(table.header)
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([v if isinstance(v, (int, float)) or v is None else str(v) for v in row])
        sheet.freeze_panes = "B4"
        for column, head in zip(sheet.iter_cols(min_row=3, max_row=3), table.header, strict=False):
            sheet.column_dimensions[column[0].column_letter].width = min(max(len(str(head)) + 2, 12), 60)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
