"""The monthly allowance-deduction report: one XLSX per month for the camat group.

Sent on the first working day of the next month at ``monthly_report_time`` (district zone). If the
service was down then, it goes out at the first tick later in that month (its dedupe key is the
month). Before it is built, every day of the month that was never closed is closed, so the
report reads final days only. It is a report: nothing is deducted by the service.

Sheets: ``Rekap`` (one row per person: counts per code and the estimated percentage),
``Rincian`` (every day that carries a deduction) and ``Aturan`` (the bands used, and the note that
the figures are estimates to be checked against the Perbup).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from attendance.enums import DayStatus, HolidayKind
from attendance.holiday import Override, holiday_on
from attendance.ledger import Ledger
from attendance.models import AttendanceDay, HolidayOverride, Person
from attendance.spreadsheet import append_row
from attendance.vocabulary import ROLE_NAMES, STATUS_NAMES, month_name
from attendance.workrule import rule_in_force, shift_on
from config.district import DeductionSettings
from scheduler.deduction import DayRecord, MonthDeduction, codes, day_charges, month_deduction

REPORTS = "reports"
KIND = "report.monthly"


@dataclass(frozen=True, slots=True)
class PersonMonth:
    """One person's line of the report."""

    person_id: int
    name: str
    role: str
    village: str
    deduction: MonthDeduction
    charged_days: tuple[tuple[dt.date, str, int, int, str, float], ...]


def previous_month(date: dt.date) -> tuple[int, int]:
    """Return (year, month) of the month before `date`."""
    first = date.replace(day=1) - dt.timedelta(days=1)
    return first.year, first.month


def month_dates(year: int, month: int) -> list[dt.date]:
    """Return every date of a month."""
    days = calendar.monthrange(year, month)[1]
    return [dt.date(year, month, day) for day in range(1, days + 1)]


async def first_working_day(ledger: Ledger, year: int, month: int) -> dt.date | None:
    """Return the district's first working day of a month (national and district holidays)."""
    rules = await ledger.work_rules()
    dates = month_dates(year, month)
    overrides = [
        Override(row.date, HolidayKind(row.kind), row.name, None)
        for row in await HolidayOverride.filter(
            date__gte=dates[0], date__lte=dates[-1], village_id=None
        )
    ]
    for date in dates:
        rule = rule_in_force(rules, date)
        if rule is None or shift_on(rule, date) is None:
            continue
        if holiday_on(date, -1, overrides) is None:
            return date
    return None


async def month_lines(ledger: Ledger, year: int, month: int) -> list[PersonMonth]:
    """Read the stored days of a month and compute each person's deductions."""
    dates = month_dates(year, month)
    settings = ledger.district.deductions
    rows = (
        await AttendanceDay.filter(
            local_date__gte=dates[0],
            local_date__lte=dates[-1],
            person__village__district_id=ledger.district.code,
        )
        .order_by("person_id", "local_date")
        .values_list("person_id", "local_date", "status", "late_minutes", "early_minutes")
    )
    days: dict[int, list[tuple[dt.date, DayRecord]]] = defaultdict(list)
    for person_id, date, status, late, early in rows:
        days[person_id].append((date, DayRecord(DayStatus(status), late, early)))
    people = await Person.filter(id__in=list(days)).prefetch_related("village")
    lines = [
        _line(person, days[person.id], settings)
        for person in sorted(people, key=lambda p: (p.village.code, p.role.value, p.name, p.id))
    ]
    return lines


def write_workbook(
    lines: list[PersonMonth], path: Path, settings: DeductionSettings, title: str
) -> None:
    """Write the report workbook to `path`; every cell through :func:`safe_cell`."""
    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = "Rekap"
    columns = codes(settings)
    append_row(summary, [title])
    summary["A1"].font = Font(bold=True)
    append_row(summary, ["Perkiraan potongan; tidak diterapkan otomatis. Periksa sesuai Perbup."])
    header = ["No", "Desa", "Nama", "Jabatan", "Hari kerja", "Izin/sakit/cuti/DL"]
    header += [*columns, "Perkiraan potongan (%)"]
    append_row(summary, header)
    for cell in summary[3]:
        cell.font = Font(bold=True)
    for number, line in enumerate(lines, start=1):
        deduction = line.deduction
        append_row(
            summary,
            [
                number,
                line.village,
                line.name,
                line.role,
                deduction.working_days,
                deduction.excused_days,
                *(deduction.counts.get(code, 0) for code in columns),
                deduction.percent,
            ],
        )

    detail = book.create_sheet("Rincian")
    append_row(
        detail,
        [
            *("Desa", "Nama", "Tanggal", "Status", "Telat (menit)", "Pulang cepat (menit)"),
            *("Kode", "Potongan (%)"),
        ],
    )
    for cell in detail[1]:
        cell.font = Font(bold=True)
    for line in lines:
        for date, status, late, early, code, percent in line.charged_days:
            append_row(detail, [line.village, line.name, date, status, late, early, code, percent])

    rules = book.create_sheet("Aturan")
    append_row(rules, ["Kode", "Dari (menit)", "Kurang dari (menit)", "Potongan (%)"])
    for item in (*settings.late_bands, *settings.early_bands):
        append_row(rules, [item.code, item.min_minutes, item.below, item.percent])
    append_row(rules, ["TAM (tidak absen masuk)", None, None, settings.missing_check_in_percent])
    append_row(rules, ["TAP (lupa absen pulang)", None, None, settings.missing_check_out_percent])
    append_row(rules, ["TK (tanpa keterangan, per hari)", None, None, settings.absent_day_percent])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


async def build_report(ledger: Ledger, data_dir: Path, year: int, month: int) -> tuple[str, int]:
    """Compute and write a month's report; return its path under `data_dir` and the people."""
    lines = await month_lines(ledger, year, month)
    relative = f"{REPORTS}/potongan-{ledger.district.code}-{year:04d}-{month:02d}.xlsx"
    title = (
        f"Rekap perkiraan potongan tunjangan Kecamatan {ledger.district.name}, "
        f"{month_name(year, month)}"
    )
    write_workbook(lines, data_dir / relative, ledger.district.deductions, title)
    return relative, len(lines)


def _line(
    person: Person, days: list[tuple[dt.date, DayRecord]], settings: DeductionSettings
) -> PersonMonth:
    charged = []
    for date, record in days:
        for charge in day_charges(record, settings):
            charged.append(
                (
                    date,
                    STATUS_NAMES[record.status],
                    record.late_minutes,
                    record.early_minutes,
                    charge.code,
                    charge.percent,
                )
            )
    return PersonMonth(
        person.id,
        person.name,
        ROLE_NAMES[person.role],
        person.village.name,
        month_deduction((record for _, record in days), settings),
        tuple(charged),
    )
