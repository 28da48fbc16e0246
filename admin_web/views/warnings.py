"""Warnings (teguran lisan, SP-1 to SP-3, usul pemberhentian) and their PDF letters.

The scheduler issues warnings and writes their letters under the data folder; this page lists
them and sends a letter only from inside that folder, to admins who may see the person's village.
"""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from admin_web import forms
from admin_web.access import Capability, ensure_village, require, scoped
from admin_web.keys import ADMIN_SETTINGS_KEY
from admin_web.render import page
from attendance.models import Warning
from service.web import LEDGER_KEY, SETTINGS_KEY


async def warning_list(request: web.Request) -> web.Response:
    """List the latest warnings the admin may see."""
    me = require(request, Capability.SEE_ATTENDANCE)
    settings = request.config_dict[ADMIN_SETTINGS_KEY]
    warnings = await (
        scoped(Warning.all(), me, field="person__village_id")
        .prefetch_related("person__village")
        .order_by("-issued_at", "-id")
        .limit(settings.page_size * 4)
    )
    ledger = request.config_dict[LEDGER_KEY]
    return await page(
        request,
        "warnings.html",
        {"warnings": warnings, "timezone": ledger.district.timezone},
    )


def letter_file(data_dir: Path, relative: str) -> Path:
    """Return the letter's file if it lies inside `data_dir`; 404 otherwise."""
    root = data_dir.resolve()
    target = (root / relative).resolve()
    if not target.is_relative_to(root) or not target.is_file():
        raise web.HTTPNotFound(text="Surat teguran ini tidak ditemukan di folder data.")
    return target


async def warning_letter(request: web.Request) -> web.StreamResponse:
    """Send the PDF letter of one warning."""
    me = require(request, Capability.SEE_ATTENDANCE)
    warning_id = forms.path_id(request, "warning_id", "Teguran")
    warning = await Warning.get_or_none(id=warning_id).prefetch_related("person")
    if warning is None:
        raise web.HTTPNotFound(text=f"Teguran nomor {warning_id} tidak ada.")
    ensure_village(me, warning.person.village_id)
    if not warning.letter_path:
        raise web.HTTPNotFound(text="Surat untuk teguran ini belum dibuat.")
    path = letter_file(request.config_dict[SETTINGS_KEY].data_dir, warning.letter_path)
    return web.FileResponse(
        path,
        headers={
            "Content-Type": "application/pdf",
            "Content-Disposition": f'attachment; filename="teguran-{warning.id}.pdf"',
        },
    )


def add_routes(router: web.UrlDispatcher) -> None:
    """Add the warning routes."""
    router.add_get("/teguran", warning_list, name="warnings")
    router.add_get("/teguran/{warning_id:\\d+}/surat", warning_letter, name="warning_letter")
