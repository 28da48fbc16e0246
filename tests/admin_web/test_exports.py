"""Report files stay whole whatever text is stored: control characters, would-be formulas."""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from admin_web.exports import csv_bytes, xlsx_bytes
from attendance.enums import EventKind, EventSource, Role
from attendance.ledger import Ledger, NewEvent
from attendance.models import Person, Village
from attendance.spreadsheet import REPLACEMENT, Cell, safe_cell, safe_text
from tests.admin_web.conftest import KRAGAN, Accounts, Client, login

# Every C0 control openpyxl refuses, in one name; tab and line breaks are allowed in cells.
REFUSED = "".join(chr(n) for n in range(32) if chr(n) not in "\t\n\r")
BAD_NAME = f"Budi{REFUSED}Santoso"


def cells_of(data: bytes) -> list[str]:
    """Return every cell of every sheet of a workbook as text."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    ]


async def store_odd_person(name: str) -> Person:
    """Store a person the way older data may hold them: straight into the table, unchecked."""
    village = await Village.get(code=KRAGAN)
    return await Person.create(name=name, role=Role.STAF, village=village)


def test_xlsx_and_csv_of_any_text_open() -> None:
    """Control characters in the title, the header or any cell do not break either file."""
    rows: list[list[Cell]] = [[BAD_NAME, 3, None, "+62 812"]]

    book = cells_of(xlsx_bytes(f"Judul\x00{REFUSED}", ["Nama\x1b", "N", "X", "Telp"], rows))
    table = list(csv.reader(io.StringIO(csv_bytes(["Nama\x1b"], rows).decode("utf-8-sig"))))

    assert not any(char in cell for cell in book for char in REFUSED)
    assert safe_cell(BAD_NAME) in book and "'+62 812" in book
    assert table[1][0] == safe_cell(BAD_NAME)
    assert not any(char in cell for row in table for cell in row for char in REFUSED)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_day_report_with_a_nul_in_a_stored_name(
    client: Client,
    accounts: Accounts,
    villagers: dict[str, Person],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The tester's case: ``A\\x00B`` stored; both day files still download for everyone."""
    await store_odd_person("A\x00B")
    await login(client, accounts.camat)

    xlsx = await client.get("/admin/laporan/harian.xlsx?tanggal=2026-12-04")
    day_csv = await client.get("/admin/laporan/harian.csv?tanggal=2026-12-04")

    assert xlsx.status == 200, await xlsx.text()
    cells = cells_of(await xlsx.read())
    assert f"A{REPLACEMENT}B" in cells and "Budi Santoso" in cells
    assert day_csv.status == 200
    assert f"A{REPLACEMENT}B" in (await day_csv.read()).decode("utf-8-sig")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_every_report_file_survives_control_characters(
    client: Client,
    accounts: Accounts,
    villagers: dict[str, Person],
    ledger: Ledger,
) -> None:
    """Day and month reports, XLSX and CSV, with a stored name full of controls (both backends).

    PostgreSQL cannot hold a NUL at all, so the name carries every other refused control.
    """
    odd = await store_odd_person(BAD_NAME.replace("\x00", ""))
    late = dt.datetime.combine(ledger.today(), dt.time(7, 50), tzinfo=ZoneInfo("Asia/Jakarta"))
    await ledger.record(NewEvent("test:odd", EventSource.ADMIN, EventKind.CHECK_IN, late, odd.id))
    month = f"{ledger.today():%Y-%m}"
    day = ledger.today().isoformat()
    await login(client, accounts.camat)

    page = await client.get(f"/admin/laporan?tanggal={day}&bulan={month}")
    assert page.status == 200
    for path in (
        f"/admin/laporan/harian.xlsx?tanggal={day}",
        f"/admin/laporan/harian.csv?tanggal={day}",
        f"/admin/laporan/bulanan.xlsx?bulan={month}",
        f"/admin/laporan/bulanan.csv?bulan={month}",
    ):
        response = await client.get(path)
        assert response.status == 200, (path, await response.text())
        data = await response.read()
        text = "\n".join(cells_of(data)) if ".xlsx" in path else data.decode("utf-8-sig")
        assert safe_text(odd.name) in text, path
        assert not any(char in text for char in REFUSED), path
