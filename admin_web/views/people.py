"""People: the list, creating, editing, deactivating, importing, registration codes and PINs.

Camat and operators change people; a Kades sees the people of their own village only. Every
change is audited, and terminals of the person's village are brought in step afterwards.
"""

from __future__ import annotations

from aiohttp import web
from tortoise.expressions import Q

from admin_web import forms
from admin_web.access import (
    Capability,
    Principal,
    ensure_village,
    require,
    scoped,
    village_for,
    visible_villages,
)
from admin_web.imports import check_rows, import_people
from admin_web.keys import ADMIN_SETTINGS_KEY
from admin_web.render import flash, page, redirect
from admin_web.uploads import UploadRefused, read_files, refuse, table_rows
from attendance.enums import DeviceStatus, Role
from attendance.errors import AttendanceError
from attendance.models import ChatAccount, Device, DevicePin, FaceTemplate, Person
from attendance.people import create_person, deactivate_person, update_person
from attendance.registration import issue_code
from service.web import LEDGER_KEY
from terminals.admin import map_pin
from terminals.commands import queue_person_sync
from terminals.errors import TerminalError
from terminals.routes import terminal_context

ROLES = tuple(Role)


async def person_of(request: web.Request, me: Principal) -> Person:
    """Return the person named in the path, if `me` may see them."""
    person_id = forms.path_id(request, "person_id", "Orang")
    person = await Person.get_or_none(id=person_id).prefetch_related("village")
    if person is None:
        raise web.HTTPNotFound(text=f"Orang nomor {person_id} tidak ada.")
    ensure_village(me, person.village_id)
    return person


async def people_list(request: web.Request) -> web.Response:
    """List people, by village and name, with a search and a filter on inactive ones."""
    me = require(request, Capability.SEE_ATTENDANCE)
    settings = request.config_dict[ADMIN_SETTINGS_KEY]
    ledger = request.config_dict[LEDGER_KEY]
    villages = await visible_villages(me, ledger.district.code)
    search = forms.search(request.query, "cari")
    village_code = forms.village_code(request.query, "desa", required=False)
    show_inactive = request.query.get("semua") == "1"

    query = scoped(Person.all(), me)
    if village_code:
        query = query.filter(village_id=(await village_for(me, village_code)).id)
    if search:
        query = query.filter(Q(name__icontains=search))
    if not show_inactive:
        query = query.filter(active=True)
    people = (
        await query.prefetch_related("village")
        .order_by("village__name", "name")
        .limit(settings.page_size * 10)
    )
    return await page(
        request,
        "people.html",
        {
            "people": people,
            "villages": villages,
            "roles": ROLES,
            "search": search,
            "village_code": village_code,
            "show_inactive": show_inactive,
            "problems": (),
        },
    )


async def person_create(request: web.Request) -> web.Response:
    """Create one person."""
    me = require(request, Capability.CHANGE_PEOPLE)
    form = await request.post()
    village = await village_for(me, forms.village_code(form))
    name = forms.text(form, "name", max_length=150)
    role = forms.choice(form, "role", Role)
    person = await create_person(name, role, village.code, me.actor)
    await _sync_terminals(request, person.id, me)
    flash(request, f"{person.name} ditambahkan ke {village.name}.")
    redirect(request, "person", person_id=str(person.id))


async def person_import(request: web.Request) -> web.Response:
    """Create people from an uploaded CSV or XLSX file, all or none."""
    me = require(request, Capability.CHANGE_PEOPLE)
    settings = request.config_dict[ADMIN_SETTINGS_KEY]
    ledger = request.config_dict[LEDGER_KEY]
    form = await request.post()
    try:
        uploads = read_files(form.values(), settings.max_import_bytes, most=1)
        if not uploads:
            raise web.HTTPBadRequest(text="Pilih berkas CSV atau XLSX untuk diimpor.")
        upload = uploads[0]
        rows = table_rows(upload, most=settings.max_import_rows)
    except UploadRefused as err:
        raise refuse(err) from err

    villages = await visible_villages(me, ledger.district.code)
    checked = check_rows(rows, villages)
    if checked.problems:
        return await page(
            request,
            "people.html",
            {
                "people": [],
                "villages": villages,
                "roles": ROLES,
                "search": "",
                "village_code": "",
                "show_inactive": False,
                "problems": checked.problems,
            },
            status=400,
        )
    created = await import_people(checked.drafts, me.actor, upload.filename)
    for person in created:
        await _sync_terminals(request, person.id, me)
    flash(request, f"{len(created)} orang diimpor dari {upload.filename}.")
    redirect(request, "people")


async def person_detail(request: web.Request) -> web.Response:
    """Show one person: data, chat account, face templates, PINs, and the forms to change them."""
    me = require(request, Capability.SEE_ATTENDANCE)
    person = await person_of(request, me)
    pins = await DevicePin.filter(person_id=person.id).prefetch_related("device")
    devices = await Device.filter(
        village_id=person.village_id, status=DeviceStatus.APPROVED
    ).order_by("serial")
    templates = await FaceTemplate.filter(person_id=person.id).order_by("id")
    chat = await ChatAccount.filter(person_id=person.id).order_by("-bound_at").first()
    return await page(
        request,
        "person.html",
        {
            "person": person,
            "roles": ROLES,
            "pins": pins,
            "devices": devices,
            "templates": templates,
            "chat": chat,
        },
    )


async def person_update(request: web.Request) -> web.Response:
    """Change a person's name and position."""
    me = require(request, Capability.CHANGE_PEOPLE)
    person = await person_of(request, me)
    form = await request.post()
    name = forms.text(form, "name", max_length=150)
    role = forms.choice(form, "role", Role)
    await update_person(person.id, name, role, me.actor)
    await _sync_terminals(request, person.id, me)
    flash(request, "Data orang disimpan.")
    redirect(request, "person", person_id=str(person.id))


async def person_deactivate(request: web.Request) -> web.Response:
    """Mark a person as no longer in office; their history stays."""
    me = require(request, Capability.CHANGE_PEOPLE)
    person = await person_of(request, me)
    form = await request.post()
    reason = forms.text(form, "reason", max_length=300)
    ledger = request.config_dict[LEDGER_KEY]
    await deactivate_person(person.id, me.actor, reason, ledger.now())
    await _sync_terminals(request, person.id, me)
    flash(request, f"{person.name} dinonaktifkan.")
    redirect(request, "person", person_id=str(person.id))


async def person_code(request: web.Request) -> web.Response:
    """Issue a one-time registration code for the person's Telegram account."""
    me = require(request, Capability.CHANGE_PEOPLE)
    person = await person_of(request, me)
    ledger = request.config_dict[LEDGER_KEY]
    code = await issue_code(person.id, me.actor, ledger.now())
    flash(
        request,
        f"Kode pendaftaran untuk {person.name}: {code} (berlaku 7 hari, sekali pakai). "
        f"Minta yang bersangkutan mengirim /start {code} ke bot.",
        "info",
    )
    redirect(request, "person", person_id=str(person.id))


async def person_pin(request: web.Request) -> web.Response:
    """Map a terminal PIN to the person and give them the punches kept for it."""
    me = require(request, Capability.CHANGE_DEVICES)
    person = await person_of(request, me)
    form = await request.post()
    serial = forms.serial(form)
    pin = forms.text(form, "pin", max_length=32)
    try:
        attached = await _map_pin(request, serial, pin, person.id, me)
    except (TerminalError, AttendanceError) as err:
        flash(request, f"PIN tidak dipetakan: {err.hint}", "error")
    else:
        flash(request, f"PIN {pin} di {serial} dipetakan; {attached} absen lama ditautkan.")
    redirect(request, "person", person_id=str(person.id))


async def _map_pin(
    request: web.Request, serial: str, pin: str, person_id: int, me: Principal
) -> int:
    device = await Device.get_or_none(serial=serial)
    if device is None:
        raise web.HTTPNotFound(text=f"Mesin absen {serial!r} tidak terdaftar.")
    ensure_village(me, device.village_id)
    return await map_pin(terminal_context(request), serial, pin, person_id, me.actor)


async def _sync_terminals(request: web.Request, person_id: int, me: Principal) -> None:
    """Queue the person's change to the terminals of their village; report conflicts."""
    result = await queue_person_sync(person_id, me.actor)
    if result.conflicts:
        flash(
            request,
            "PIN bentrok di mesin " + ", ".join(result.conflicts) + "; petakan PIN secara manual.",
            "error",
        )


def add_routes(router: web.UrlDispatcher) -> None:
    """Add the people routes."""
    router.add_get("/orang", people_list, name="people")
    router.add_post("/orang", person_create, name="person_create")
    router.add_post("/orang/impor", person_import, name="person_import")
    router.add_get("/orang/{person_id:\\d+}", person_detail, name="person")
    router.add_post("/orang/{person_id:\\d+}/ubah", person_update, name="person_update")
    router.add_post(
        "/orang/{person_id:\\d+}/nonaktif", person_deactivate, name="person_deactivate"
    )
    router.add_post("/orang/{person_id:\\d+}/kode", person_code, name="person_code")
    router.add_post("/orang/{person_id:\\d+}/pin", person_pin, name="person_pin")
