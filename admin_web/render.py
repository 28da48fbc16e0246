"""Rendering admin pages: the template context every page shares, flash messages, redirects.

Every page gets the logged-in admin (``me``), the CSRF token for its forms, the navigation the
admin's role allows, and the flash messages left by the previous request (kept in the encrypted
session until shown once).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, NoReturn

import aiohttp_jinja2
from aiohttp import web

from admin_web.access import PRINCIPAL_KEY, Capability, Principal
from admin_web.csrf import csrf_token
from admin_web.keys import JINJA_KEY
from admin_web.session import get_session
from service.web import LEDGER_KEY

FLASH_FIELD = "flash"
FlashKind = Literal["ok", "error", "info"]


@dataclass(frozen=True, slots=True)
class NavItem:
    """One entry of the navigation: label, route name and the capability it needs."""

    label: str
    route: str
    capability: Capability


NAVIGATION = (
    NavItem("Beranda", "dashboard", Capability.SEE_ATTENDANCE),
    NavItem("Peta", "map", Capability.SEE_ATTENDANCE),
    NavItem("Orang", "people", Capability.SEE_ATTENDANCE),
    NavItem("Izin", "leave", Capability.SEE_ATTENDANCE),
    NavItem("Pemeriksaan", "review", Capability.SEE_REVIEW),
    NavItem("Mesin absen", "devices", Capability.SEE_DEVICES),
    NavItem("Teguran", "warnings", Capability.SEE_ATTENDANCE),
    NavItem("Laporan", "reports", Capability.SEE_ATTENDANCE),
    NavItem("Jam kerja", "rules", Capability.SEE_RULES),
    NavItem("Audit", "audit", Capability.SEE_AUDIT),
    NavItem("Pengguna", "users", Capability.MANAGE_USERS),
)


def flash(request: web.Request, text: str, kind: FlashKind = "ok") -> None:
    """Leave a message for the next page this admin sees."""
    session = get_session(request)
    messages = list(session.get(FLASH_FIELD) or [])
    messages.append([kind, text])
    session[FLASH_FIELD] = messages[-5:]


async def page(
    request: web.Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    status: int = 200,
) -> web.Response:
    """Render `template` with the shared context and `context`."""
    session = get_session(request)
    principal = request.get(PRINCIPAL_KEY)
    me = principal if isinstance(principal, Principal) else None
    flashes = list(session.pop(FLASH_FIELD, None) or [])
    shared: dict[str, Any] = {
        "app": request.app,
        "me": me,
        "csrf_token": csrf_token(session),
        "flashes": flashes,
        "nav": [item for item in NAVIGATION if me is not None and me.can(item.capability)],
        "current_route": _route_name(request),
        "Capability": Capability,
        "district": request.config_dict[LEDGER_KEY].district,
        **(context or {}),
    }
    return aiohttp_jinja2.render_template(
        template, request, shared, app_key=JINJA_KEY, status=status
    )


def redirect(request: web.Request, route: str, **parts: str) -> NoReturn:
    """Answer 303 See Other to the named admin route (after a form post)."""
    raise web.HTTPSeeOther(location=url_for(request, route, None, **parts))


def url_for(
    request: web.Request, route: str, query: Mapping[str, str] | None = None, **parts: str
) -> str:
    """Return the path of the named admin route."""
    url = request.app.router[route].url_for(**parts)
    if query:
        url = url.with_query(query)
    return str(url)


def _route_name(request: web.Request) -> str:
    route = request.match_info.route
    return route.name or ""
