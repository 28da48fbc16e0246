"""The audit log: who did what, when and why, newest first, filtered by actor or action.

The log spans every village, so Kades accounts do not see it.
"""

from __future__ import annotations

from aiohttp import web

from admin_web import forms
from admin_web.access import Capability, require
from admin_web.keys import ADMIN_SETTINGS_KEY
from admin_web.render import page
from attendance.models import AuditEntry
from service.web import LEDGER_KEY

MAX_PAGE = 100_000


async def audit_log(request: web.Request) -> web.Response:
    """Show one page of the audit log."""
    require(request, Capability.SEE_AUDIT)
    settings = request.config_dict[ADMIN_SETTINGS_KEY]
    actor = forms.search(request.query, "pelaku")
    action = forms.search(request.query, "aksi", max_length=60)
    number = forms.integer(request.query, "hal", minimum=1, maximum=MAX_PAGE, default=1)

    query = AuditEntry.all()
    if actor:
        query = query.filter(actor__icontains=actor)
    if action:
        query = query.filter(action__startswith=action)
    size = settings.page_size
    entries = await query.order_by("-at", "-id").offset((number - 1) * size).limit(size + 1)
    ledger = request.config_dict[LEDGER_KEY]
    return await page(
        request,
        "audit.html",
        {
            "entries": entries[:size],
            "more": len(entries) > size,
            "number": number,
            "actor": actor,
            "action": action,
            "timezone": ledger.district.timezone,
        },
    )


def add_routes(router: web.UrlDispatcher) -> None:
    """Add the audit routes."""
    router.add_get("/audit", audit_log, name="audit")
