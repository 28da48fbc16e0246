"""Today's dashboard: per village hadir, terlambat, belum, izin, alpa; and each village's people.

Any date can be looked at with ``?tanggal=YYYY-MM-DD``; a Kades sees their own village only.
"""

from __future__ import annotations

from aiohttp import web

from admin_web import forms
from admin_web.access import Capability, require, village_for, village_scope
from admin_web.overview import standing_on
from admin_web.render import page
from service.web import LEDGER_KEY


async def dashboard(request: web.Request) -> web.Response:
    """Show the counts of every visible village on a date."""
    me = require(request, Capability.SEE_ATTENDANCE)
    ledger = request.config_dict[LEDGER_KEY]
    date = forms.query_date(request, ledger.today())
    standing = await standing_on(ledger, date, village_scope(me))
    return await page(
        request,
        "dashboard.html",
        {"standing": standing, "date": date, "today": ledger.today()},
    )


async def village_day(request: web.Request) -> web.Response:
    """Show each person of one village on a date: status, first in, last out, minutes."""
    me = require(request, Capability.SEE_ATTENDANCE)
    village = await village_for(me, forms.path_village_code(request))
    ledger = request.config_dict[LEDGER_KEY]
    date = forms.query_date(request, ledger.today())
    standing = await standing_on(ledger, date, village.id)
    return await page(
        request,
        "village.html",
        {
            "village": village,
            "date": date,
            "standing": standing,
            "people": standing.of_village(village.id),
        },
    )


def add_routes(router: web.UrlDispatcher) -> None:
    """Add the dashboard routes."""
    router.add_get("/", dashboard, name="dashboard")
    router.add_get("/desa/{code}", village_day, name="village")
