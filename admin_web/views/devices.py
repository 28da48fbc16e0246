"""Attendance terminals: status and last contact, approving unknown ones, PINs and commands.

The work is done by :mod:`terminals` (approve, block, map a PIN, queue a command); this page
shows its state and calls it. Terminals serve the whole district, so Kades accounts do not see
this page.
"""

from __future__ import annotations

from aiohttp import web
from tortoise.functions import Count

from admin_web import forms
from admin_web.access import Capability, require, village_for, visible_villages
from admin_web.render import flash, page, redirect
from attendance.errors import AttendanceError
from attendance.models import AttendanceEvent, Device, DeviceCommand, DevicePin, Person
from service.web import LEDGER_KEY
from terminals.admin import approve_device, block_device, map_pin
from terminals.commands import queue_command
from terminals.errors import TerminalError
from terminals.health import device_health
from terminals.routes import TERMINAL_SETTINGS_KEY, terminal_context

RECENT_COMMANDS = 20


async def device_of(request: web.Request) -> Device:
    """Return the terminal named in the path."""
    serial = forms.path_serial(request)
    device = await Device.filter(serial=serial).prefetch_related("village").first()
    if device is None:
        raise web.HTTPNotFound(text=f"Mesin absen {serial!r} tidak terdaftar.")
    return device


async def device_list(request: web.Request) -> web.Response:
    """List every terminal with its state; pending ones first."""
    me = require(request, Capability.SEE_DEVICES)
    ledger = request.config_dict[LEDGER_KEY]
    health = await device_health(ledger.now(), request.config_dict[TERMINAL_SETTINGS_KEY])
    health.sort(key=lambda item: (item.status != "pending", item.serial))
    villages = await visible_villages(me, ledger.district.code)
    return await page(
        request,
        "devices.html",
        {
            "devices": health,
            "villages": villages,
            "names": {village.code: village.name for village in villages},
            "timezone": ledger.district.timezone,
        },
    )


async def device_detail(request: web.Request) -> web.Response:
    """Show one terminal: mapped PINs, PINs waiting for a person, recent commands."""
    me = require(request, Capability.SEE_DEVICES)
    device = await device_of(request)
    pins = await DevicePin.filter(device_id=device.id).prefetch_related("person").order_by("pin")
    unmapped = (
        await AttendanceEvent.filter(device_id=device.id, person_id=None)
        .annotate(count=Count("id"))
        .group_by("device_pin")
        .order_by("device_pin")
        .values_list("device_pin", "count")
    )
    commands = (
        await DeviceCommand.filter(device_id=device.id).order_by("-id").limit(RECENT_COMMANDS)
    )
    people = (
        await Person.filter(village_id=device.village_id, active=True).order_by("name")
        if device.village_id is not None
        else []
    )
    ledger = request.config_dict[LEDGER_KEY]
    return await page(
        request,
        "device.html",
        {
            "device": device,
            "pins": pins,
            "unmapped": unmapped,
            "commands": commands,
            "people": people,
            "villages": await visible_villages(me, ledger.district.code),
            "timezone": ledger.district.timezone,
        },
    )


async def device_approve(request: web.Request) -> web.Response:
    """Approve a pending terminal for a village and process what it sent while waiting."""
    me = require(request, Capability.CHANGE_DEVICES)
    device = await device_of(request)
    form = await request.post()
    village = await village_for(me, forms.village_code(form))
    timezone = forms.text(form, "timezone", required=False, max_length=40) or None
    try:
        approval = await approve_device(
            terminal_context(request), device.serial, village.code, me.actor, timezone=timezone
        )
    except (TerminalError, AttendanceError) as err:
        flash(request, f"Mesin tidak disetujui: {err.hint}", "error")
        redirect(request, "device", serial=device.serial)
    message = f"Mesin {device.serial} disetujui untuk {village.name}; "
    message += f"{approval.processed} kiriman tertunda diproses."
    if approval.new_secret:
        message += f" Rahasia baru (tampil sekali): {approval.new_secret}"
    flash(request, message, "info" if approval.new_secret else "ok")
    redirect(request, "device", serial=device.serial)


async def device_block(request: web.Request) -> web.Response:
    """Refuse everything a terminal sends from now on."""
    me = require(request, Capability.CHANGE_DEVICES)
    device = await device_of(request)
    form = await request.post()
    reason = forms.text(form, "reason", max_length=300)
    await block_device(device.serial, me.actor, reason)
    flash(request, f"Mesin {device.serial} diblokir.")
    redirect(request, "device", serial=device.serial)


async def device_pin(request: web.Request) -> web.Response:
    """Map a PIN of this terminal to a person of its village."""
    me = require(request, Capability.CHANGE_DEVICES)
    device = await device_of(request)
    form = await request.post()
    pin = forms.text(form, "pin", max_length=32)
    person_id = forms.integer(form, "person_id", minimum=1)
    try:
        attached = await map_pin(
            terminal_context(request), device.serial, pin, person_id, me.actor
        )
    except (TerminalError, AttendanceError) as err:
        flash(request, f"PIN tidak dipetakan: {err.hint}", "error")
    else:
        flash(request, f"PIN {pin} dipetakan; {attached} absen yang tertahan ditautkan.")
    redirect(request, "device", serial=device.serial)


async def device_command(request: web.Request) -> web.Response:
    """Queue a command for the terminal's next poll."""
    me = require(request, Capability.CHANGE_DEVICES)
    device = await device_of(request)
    form = await request.post()
    text = forms.text(form, "command", max_length=200)
    reason = forms.text(form, "reason", required=False, max_length=300)
    try:
        command = await queue_command(device, text, me.actor, reason)
    except TerminalError as err:
        flash(request, f"Perintah tidak diantrekan: {err.hint}", "error")
    else:
        flash(request, f"Perintah #{command.command_id} diantrekan.")
    redirect(request, "device", serial=device.serial)


def add_routes(router: web.UrlDispatcher) -> None:
    """Add the terminal routes of the admin."""
    router.add_get("/mesin", device_list, name="devices")
    router.add_get("/mesin/{serial}", device_detail, name="device")
    router.add_post("/mesin/{serial}/setujui", device_approve, name="device_approve")
    router.add_post("/mesin/{serial}/blokir", device_block, name="device_block")
    router.add_post("/mesin/{serial}/pin", device_pin, name="device_pin")
    router.add_post("/mesin/{serial}/perintah", device_command, name="device_command")
