"""Reports: the day report and the month (deductions and punctuality), on screen and as files.

``?desa=`` limits a report to one village; a Kades gets their own village whatever they ask for,
and a request for another village is refused (403) before anything is read.
"""

from __future__ import annotations

import calendar
import datetime as dt

from aiohttp import web

from admin_web import forms
from admin_web.access import (
    Capability,
    Principal,
    require,
    village_for,
    village_scope,
    visible_villages,
)
from admin_web.chart import month_by_village
from admin_web.exports import (
    CSV_TYPE,
    DAY_HEADER,
    XLSX_TYPE,
    csv_bytes,
    day_rows,
    month_header,
    month_rows,
    month_workbook,
    xlsx_bytes,
)
from admin_web.overview import standing_on
from admin_web.render import page
from attendance.ledger import Ledger
from attendance.models import Person
from attendance.vocabulary import long_date, month_name
from scheduler.monthly_report import PersonMonth, month_lines
from service.web import LEDGER_KEY


async def chosen_village(request: web.Request, me: Principal) -> int | None:
    """Return the village id a report is limited to: the one asked for, or the admin's own."""
    code = forms.village_code(request.query, "desa", required=False)
    if code:
        return (await village_for(me, code)).id
    return village_scope(me)


def chosen_month(request: web.Request, ledger: Ledger) -> tuple[int, int]:
    """Return the (year, month) asked for, default the current month."""
    today = ledger.today()
    return forms.month(request.query.get("bulan"), (today.year, today.month))


async def reports_page(request: web.Request) -> web.Response:
    """Show the day report of a date and the punctuality chart of a month."""
    me = require(request, Capability.SEE_ATTENDANCE)
    ledger = request.config_dict[LEDGER_KEY]
    village_id = await chosen_village(request, me)
    date = forms.query_date(request, ledger.today())
    year, month = chosen_month(request, ledger)
    standing = await standing_on(ledger, date, village_id)
    village_code = forms.village_code(request.query, "desa", required=False)
    filters = {"tanggal": date.isoformat(), "bulan": f"{year:04d}-{month:02d}"}
    if village_code:
        filters["desa"] = village_code
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return await page(
        request,
        "reports.html",
        {
            "date": date,
            "year": year,
            "month": month,
            "month_value": f"{year:04d}-{month:02d}",
            "standing": standing,
            "people": sorted(standing.people, key=lambda p: (p.village_name, p.name.lower())),
            "chart": await month_by_village(ledger.district.code, first, last, village_id),
            "villages": await visible_villages(me, ledger.district.code),
            "village_code": village_code,
            "filters": filters,
        },
    )


async def day_file(request: web.Request) -> web.Response:
    """Send the day report as CSV or XLSX."""
    me = require(request, Capability.SEE_ATTENDANCE)
    ledger = request.config_dict[LEDGER_KEY]
    village_id = await chosen_village(request, me)
    date = forms.query_date(request, ledger.today())
    standing = await standing_on(ledger, date, village_id)
    people = sorted(standing.people, key=lambda p: (p.village_name, p.name.lower()))
    rows = day_rows(people)
    name = f"absensi-{date.isoformat()}"
    if request.match_info["format"] == "csv":
        return _download(csv_bytes(DAY_HEADER, rows), CSV_TYPE, f"{name}.csv")
    title = f"Absensi Kecamatan {ledger.district.name}, {long_date(date)}"
    return _download(xlsx_bytes(title, DAY_HEADER, rows), XLSX_TYPE, f"{name}.xlsx")


async def month_file(request: web.Request) -> web.Response:
    """Send the monthly deduction report as XLSX (the scheduler's workbook) or CSV."""
    me = require(request, Capability.SEE_ATTENDANCE)
    ledger = request.config_dict[LEDGER_KEY]
    village_id = await chosen_village(request, me)
    year, month = chosen_month(request, ledger)
    lines = await _visible_lines(ledger, year, month, village_id)
    settings = ledger.district.deductions
    name = f"potongan-{ledger.district.code}-{year:04d}-{month:02d}"
    if request.match_info["format"] == "csv":
        data = csv_bytes(month_header(settings), month_rows(lines, settings))
        return _download(data, CSV_TYPE, f"{name}.csv")
    title = (
        f"Rekap perkiraan potongan tunjangan Kecamatan {ledger.district.name}, "
        f"{month_name(year, month)}"
    )
    return _download(await month_workbook(lines, settings, title), XLSX_TYPE, f"{name}.xlsx")


async def _visible_lines(
    ledger: Ledger, year: int, month: int, village_id: int | None
) -> list[PersonMonth]:
    lines = await month_lines(ledger, year, month)
    if village_id is None:
        return lines
    ids = await Person.filter(village_id=village_id).values_list("id", flat=True)
    allowed = {int(str(person_id)) for person_id in ids}
    return [line for line in lines if line.person_id in allowed]


def _download(data: bytes, content_type: str, filename: str) -> web.Response:
    return web.Response(
        body=data,
        content_type=content_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def add_routes(router: web.UrlDispatcher) -> None:
    """Add the report routes."""
    router.add_get("/laporan", reports_page, name="reports")
    router.add_get("/laporan/harian.{format:csv|xlsx}", day_file, name="report_day")
    router.add_get("/laporan/bulanan.{format:csv|xlsx}", month_file, name="report_month")
