"""Admin accounts: the camat creates accounts for operators, Kades and viewers, and disables them.

The first account is made on the command line (``sregep admin create``). Passwords are hashed
with argon2 by :func:`attendance.admins.create_admin`; a disabled account is logged out at its
next request.
"""

from __future__ import annotations

from aiohttp import web

from admin_web import forms
from admin_web.access import ROLE_LABELS, Capability, require, village_for, visible_villages
from admin_web.render import flash, page, redirect
from attendance.admins import create_admin
from attendance.audit import record_audit
from attendance.enums import AdminRole
from attendance.errors import AttendanceError
from attendance.models import AdminUser
from service.web import LEDGER_KEY


async def user_list(request: web.Request) -> web.Response:
    """List the admin accounts."""
    me = require(request, Capability.MANAGE_USERS)
    ledger = request.config_dict[LEDGER_KEY]
    users = await AdminUser.all().prefetch_related("village").order_by("username")
    return await page(
        request,
        "users.html",
        {
            "users": users,
            "roles": ROLE_LABELS,
            "villages": await visible_villages(me, ledger.district.code),
            "timezone": ledger.district.timezone,
        },
    )


async def user_create(request: web.Request) -> web.Response:
    """Create an admin account."""
    me = require(request, Capability.MANAGE_USERS)
    form = await request.post()
    username = forms.text(form, "username", max_length=64).lower()
    password = forms.text(form, "password", max_length=200, strip=False)
    role = forms.choice(form, "role", AdminRole)
    code = forms.village_code(form, required=False)
    if code:
        await village_for(me, code)
    try:
        await create_admin(username, password, role, me.actor, code or None)
    except AttendanceError as err:
        flash(request, f"Akun tidak dibuat: {err.hint}", "error")
    else:
        flash(request, f"Akun {username} ({ROLE_LABELS[role]}) dibuat.")
    redirect(request, "users")


async def user_toggle(request: web.Request) -> web.Response:
    """Disable or re-enable an admin account (never one's own)."""
    me = require(request, Capability.MANAGE_USERS)
    user_id = forms.path_id(request, "user_id", "Akun")
    user = await AdminUser.get_or_none(id=user_id)
    if user is None:
        raise web.HTTPNotFound(text=f"Akun nomor {user_id} tidak ada.")
    if user.id == me.user_id:
        flash(request, "Akun sendiri tidak dapat dinonaktifkan.", "error")
        redirect(request, "users")
    active = not user.active
    await AdminUser.filter(id=user.id).update(active=active)
    await record_audit(
        me.actor, "admin.enable" if active else "admin.disable", "admin_user", user.id
    )
    flash(request, f"Akun {user.username} {'diaktifkan' if active else 'dinonaktifkan'}.")
    redirect(request, "users")


def add_routes(router: web.UrlDispatcher) -> None:
    """Add the account routes."""
    router.add_get("/pengguna", user_list, name="users")
    router.add_post("/pengguna", user_create, name="user_create")
    router.add_post("/pengguna/{user_id:\\d+}/aktif", user_toggle, name="user_toggle")
