"""Cells of the spreadsheets the service writes (CSV and XLSX reports), safe whatever was typed.

Every text cell of every report goes through :func:`safe_cell`:

- control characters that a workbook cannot hold (openpyxl's ``ILLEGAL_CHARACTERS_RE``: C0
  controls other than tab and line breaks) become U+FFFD, so one odd name already stored cannot
  break the report for everyone;
- text that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab
  or a carriage return) is written with a leading apostrophe, so a name typed into the service
  cannot become a formula.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
REPLACEMENT = "\ufffd"

Cell = str | int | float | dt.date | None


def safe_cell(value: Cell) -> Cell:
    """Return `value` fit for a cell: no characters a workbook refuses, and never a formula."""
    if not isinstance(value, str):
        return value
    text = safe_text(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def safe_text(value: str) -> str:
    """Return `value` with the control characters a workbook cannot hold replaced."""
    return str(ILLEGAL_CHARACTERS_RE.sub(REPLACEMENT, value))


def append_row(sheet: Any, cells: Iterable[Cell]) -> None:
    """Append one row of safe cells to an openpyxl worksheet."""
    sheet.append([safe_cell(cell) for cell in cells])
