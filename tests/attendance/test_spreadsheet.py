"""Spreadsheet cells: control characters replaced, would-be formulas defused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from attendance.spreadsheet import REPLACEMENT, append_row, safe_cell

# Every C0 control openpyxl refuses, in one name; tab and line breaks are allowed in cells.
REFUSED = "".join(chr(n) for n in range(32) if chr(n) not in "\t\n\r")
BAD_NAME = f"Budi{REFUSED}Santoso"


def test_safe_cell_replaces_refused_characters_and_defuses_formulas() -> None:
    """Each refused control becomes U+FFFD; tab and line breaks stay; formulas get a quote."""
    assert safe_cell("A\x00B") == f"A{REPLACEMENT}B"
    assert safe_cell(BAD_NAME) == "Budi" + REPLACEMENT * len(REFUSED) + "Santoso"
    assert safe_cell("baris\nkedua\tkolom") == "baris\nkedua\tkolom"
    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert safe_cell("\x00=1") == f"{REPLACEMENT}=1"
    assert safe_cell(7) == 7 and safe_cell(None) is None


def test_append_row_writes_a_workbook_that_opens(tmp_path: Path) -> None:
    """A row with every refused control, a formula and a date saves and reads back."""
    book = openpyxl.Workbook()
    sheet = book.active
    append_row(sheet, [BAD_NAME, "=1+1", dt.date(2026, 12, 7), 3, None])
    book.save(tmp_path / "t.xlsx")

    (row,) = openpyxl.load_workbook(tmp_path / "t.xlsx").active.iter_rows(values_only=True)

    assert row[:2] == (safe_cell(BAD_NAME), "'=1+1")
    assert row[3] == 3
