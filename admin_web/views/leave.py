"""Leave approvals: pending requests, decisions, supporting letters and outage excuses.

Decisions go through :func:`attendance.leave.decide_leave` with the approval policy of the
``[scheduler]`` settings: the camat and operators decide as the camat; a Kades account decides as
the active Kades person of its village, so it may approve its perangkat but not its own leave.
"""

from __future__ import annotations

import datetime as dt

from aiohttp import web

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
from admin_web.render import flash, page, redirect
from attendance.enums import LeaveStatus, Role
from attendance.errors import AttendanceError
from attendance.leave import ApprovalPolicy, Approver, decide_leave, excuse_outage, open_document
from attendance.models import Leave, Person
from config.settings import Settings
from service.web import LEDGER_KEY, SETTINGS_KEY, VAULT_KEY

RECENT_DAYS = 30
DOCUMENT_NAMES = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}


def approval_policy(settings: Settings) -> ApprovalPolicy:
    """Return the approval policy of the ``[scheduler]`` settings."""
    chosen = settings.scheduler
    return ApprovalPolicy(
        perangkat_approver=chosen.perangkat_approver,
        kades_approver=chosen.kades_approver,
        camat_may_approve_all=chosen.camat_may_approve_all,
        backdate_days=chosen.leave_backdate_days,
    )


async def approver_for(me: Principal) -> Approver:
    """Return who decides for `me`: the camat, or the Kades person of their village."""
    if not me.bound_to_village:
        return Approver(me.actor, is_camat=True)
    kades = (
        await Person.filter(village_id=me.village_id, role=Role.KADES, active=True)
        .order_by("id")
        .first()
    )
    if kades is None:
        raise web.HTTPForbidden(
            text="Desa ini belum memiliki Kepala Desa aktif yang terdaftar sebagai orang."
        )
    return Approver(me.actor, person_id=kades.id)


async def leave_of(request: web.Request, me: Principal) -> Leave:
    """Return the leave named in the path, if `me` may see its village."""
    leave_id = forms.path_id(request, "leave_id", "Pengajuan izin")
    leave = await Leave.get_or_none(id=leave_id).prefetch_related("person", "village")
    if leave is None:
        raise web.HTTPNotFound(text=f"Pengajuan izin nomor {leave_id} tidak ada.")
    ensure_village(me, leave.village_id)
    return leave


async def leave_list(request: web.Request) -> web.Response:
    """List pending leave first, then what was decided in the last 30 days."""
    me = require(request, Capability.SEE_ATTENDANCE)
    ledger = request.config_dict[LEDGER_KEY]
    since = ledger.now() - dt.timedelta(days=RECENT_DAYS)
    base = scoped(Leave.all(), me).prefetch_related("person", "village")
    pending = await base.filter(status=LeaveStatus.PENDING).order_by("start_date", "id")
    recent = await (
        scoped(Leave.all(), me)
        .prefetch_related("person", "village")
        .exclude(status=LeaveStatus.PENDING)
        .filter(decided_at__gte=since)
        .order_by("-decided_at")
        .limit(100)
    )
    return await page(
        request,
        "leave.html",
        {
            "pending": pending,
            "recent": recent,
            "villages": await visible_villages(me, ledger.district.code),
            "today": ledger.today(),
            "timezone": ledger.district.timezone,
        },
    )


async def leave_decide(request: web.Request) -> web.Response:
    """Approve or reject one pending leave."""
    me = require(request, Capability.DECIDE_LEAVE)
    leave = await leave_of(request, me)
    form = await request.post()
    decision = forms.text(form, "decision", max_length=10)
    if decision not in ("setujui", "tolak"):
        msg = f"Keputusan {forms.shown(decision)} tidak dikenal: pilih setujui atau tolak."
        raise forms.bad_request(msg)
    approve = decision == "setujui"
    reason = forms.text(form, "reason", required=False, max_length=300)
    ledger = request.config_dict[LEDGER_KEY]
    policy = approval_policy(request.config_dict[SETTINGS_KEY])
    try:
        await decide_leave(
            ledger, leave.id, approve, await approver_for(me), reason=reason, policy=policy
        )
    except AttendanceError as err:
        flash(request, f"Keputusan tidak disimpan: {err.hint}", "error")
    else:
        who = leave.person.name if leave.person is not None else "semua"
        flash(request, f"Izin {who} {'disetujui' if approve else 'ditolak'}.")
    redirect(request, "leave")


async def leave_document(request: web.Request) -> web.StreamResponse:
    """Send the supporting letter of a leave (opened from the vault)."""
    me = require(request, Capability.SEE_ATTENDANCE)
    leave = await leave_of(request, me)
    document = open_document(leave, request.config_dict[VAULT_KEY])
    if document is None:
        raise web.HTTPNotFound(text="Pengajuan ini tidak memiliki surat pendukung.")
    content_type = leave.document_type or "application/octet-stream"
    suffix = DOCUMENT_NAMES.get(content_type, "bin")
    return web.Response(
        body=document,
        content_type=content_type,
        headers={"Content-Disposition": f'attachment; filename="izin-{leave.id}.{suffix}"'},
    )


async def outage_add(request: web.Request) -> web.Response:
    """Excuse everyone of a village (or the district) for a time window of a date."""
    me = require(request, Capability.EXCUSE_OUTAGE)
    ledger = request.config_dict[LEDGER_KEY]
    form = await request.post()
    date = forms.date(form, "date")
    start, end = forms.time(form, "start"), forms.time(form, "end")
    assert date is not None and start is not None and end is not None
    code = forms.village_code(form, required=False)
    if code:
        await village_for(me, code)
    reason = forms.text(form, "reason", max_length=300)
    try:
        await excuse_outage(ledger, date, start, end, me.actor, reason, code or None)
    except AttendanceError as err:
        flash(request, f"Gangguan tidak disimpan: {err.hint}", "error")
    else:
        flash(request, f"Gangguan {date} {start:%H:%M}-{end:%H:%M} dicatat sebagai izin.")
    redirect(request, "leave")


def add_routes(router: web.UrlDispatcher) -> None:
    """Add the leave routes."""
    router.add_get("/izin", leave_list, name="leave")
    router.add_post("/izin/{leave_id:\\d+}/putuskan", leave_decide, name="leave_decide")
    router.add_get("/izin/{leave_id:\\d+}/surat", leave_document, name="leave_document")
    router.add_post("/izin/gangguan", outage_add, name="outage_add")
