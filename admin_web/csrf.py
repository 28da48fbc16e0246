"""CSRF protection: a per-session token every form posts back, and a same-origin check.

The token is made once per session (32 random bytes) and kept in the encrypted session cookie;
every template form carries it in a hidden ``csrf_token`` field. A POST to the admin whose token
is missing or different, or whose ``Origin`` header names another host, is refused with 403
before its handler runs. The session cookie is also ``SameSite=Lax``, a second line of defence.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from aiohttp import web

from admin_web.session import Session, get_session

FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
SESSION_FIELD = "csrf"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def csrf_token(session: Session) -> str:
    """Return the session's CSRF token, making one the first time."""
    token = session.get(SESSION_FIELD)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        session[SESSION_FIELD] = token
    return token


async def submitted_token(request: web.Request) -> str:
    """Return the token a request carries in its header or form, or an empty string."""
    header = request.headers.get(HEADER)
    if header:
        return header
    if request.content_type not in FORM_TYPES:
        return ""
    form = await request.post()
    value = form.get(FIELD)
    return value if isinstance(value, str) else ""


def same_origin(request: web.Request) -> bool:
    """Tell whether the request's Origin header, when present, names this host."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    return urlsplit(origin).netloc == request.host


@web.middleware
async def csrf_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Refuse a state-changing request without the session's token or from another origin."""
    if request.method in SAFE_METHODS:
        return await handler(request)

    if not same_origin(request):
        raise web.HTTPForbidden(text="Permintaan dari situs lain ditolak.")
    session = get_session(request)
    expected = session.get(SESSION_FIELD)
    given = await submitted_token(request)
    if not isinstance(expected, str) or not given or not hmac.compare_digest(expected, given):
        raise web.HTTPForbidden(
            text="Formulir kedaluwarsa atau tidak sah. Muat ulang halaman lalu coba lagi."
        )
    return await handler(request)
