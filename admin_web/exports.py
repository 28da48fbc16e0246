"""Report files: the day report and the monthly deduction report as CSV and XLSX.

The monthly workbook is the scheduler's own (:mod:`scheduler.monthly_report`), limited to the
people the admin may see; the CSV files carry the same columns as the pages. Every text cell of
every file goes through :func:`attendance.spreadsheet.safe_cell` (no control characters a
workbook refuses, never a formula).
"""

from __future__ import annotations

import asyncio
import csv
import io
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from admin_web.labels import leave_label, local_time, reason_label, role_label, status_label
from admin_web.overview import PersonStanding
from attendance.spreadsheet import Cell, safe_cell
from config.district import DeductionSettings
from scheduler.deduction import codes
from scheduler.monthly_report import PersonMonth, write_workbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv"

DAY_HEADER = (
    "Kode desa",
    "Desa",
    "Nama",
    "Jabatan",
    "Tanggal",
    "Status",
    "Masuk",
    "Pulang",
    "Terlambat (menit)",
    "Pulang cepat (menit)",
    "Keterangan",
    "Alasan",
)


def day_rows(people: Iterable[PersonStanding]) -> list[list[Cell]]:
    """Return the day report's rows, one per person."""
    rows: list[list[Cell]] = []
    for person in people:
        result = person.result
        rows.append(
            [
                person.village_code,
                person.village_name,
                person.name,
                role_label(person.role),
                result.date.isoformat(),
                status_label(result.status),
                local_time(result.first_in, person.timezone) if result.first_in else "",
                local_time(result.last_out, person.timezone) if result.last_out else "",
                result.late_minutes,
                result.early_minutes,
                leave_label(result.leave_type),
                "; ".join(reason_label(code) for code in result.reasons),
            ]
        )
    return rows


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """Return a CSV file (UTF-8 with BOM, so Excel reads the accents) of `rows`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow(["" if cell is None else safe_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(title: str, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """Return a one-sheet workbook of `rows` under a bold title and header."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Laporan"
    sheet.append([safe_cell(title)])
    sheet["A1"].font = Font(bold=True)
    sheet.append([safe_cell(cell) for cell in header])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_cell(cell) for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def month_header(settings: DeductionSettings) -> list[str]:
    """Return the header of the monthly CSV (the workbook's ``Rekap`` sheet)."""
    return [
        "Desa",
        "Nama",
        "Jabatan",
        "Hari kerja",
        "Izin/sakit/cuti/DL",
        *codes(settings),
        "Perkiraan potongan (%)",
    ]


def month_rows(lines: Iterable[PersonMonth], settings: DeductionSettings) -> list[list[Cell]]:
    """Return the monthly CSV's rows, one per person."""
    columns = codes(settings)
    return [
        [
            line.village,
            line.name,
            line.role,
            line.deduction.working_days,
            line.deduction.excused_days,
            *(line.deduction.counts.get(code, 0) for code in columns),
            line.deduction.percent,
        ]
        for line in lines
    ]


async def month_workbook(
    lines: list[PersonMonth], settings: DeductionSettings, title: str
) -> bytes:
    """Return the scheduler's monthly workbook for `lines`, built off the event loop."""

    def build() -> bytes:
        with tempfile.TemporaryDirectory(prefix="sregep-report-") as folder:
            path = Path(folder) / "laporan.xlsx"
            write_workbook(lines, path, settings, title)
            return path.read_bytes()

    return await asyncio.to_thread(build)
