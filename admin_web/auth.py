"""Logging in and out, and the middleware that knows which admin is asking.

Passwords are checked against their argon2 hash (:func:`attendance.admins.password_matches`); an
unknown username costs the same hash check, so timing does not tell which usernames exist. Failed
logins are throttled per username and address (:mod:`admin_web.throttle`). A login starts a new
session (:mod:`admin_web.session`) holding the admin's id and a stamp of their password hash, so
changing the password ends every other session. Every request re-reads the account: a disabled
account is out at once. A session ends ``idle_minutes`` after its last request.
"""

from __future__ import annotations

import hashlib
import logging
import posixpath
import time
from collections.abc import Awaitable, Callable
from urllib.parse import quote, unquote, urlsplit

from aiohttp import web
from argon2 import PasswordHasher

from admin_web import PREFIX, forms
from admin_web.access import PRINCIPAL_KEY, Principal
from admin_web.keys import ADMIN_SETTINGS_KEY, THROTTLE_KEY
from admin_web.render import flash, page, url_for
from admin_web.session import Session, get_session, new_session
from attendance.admins import password_matches
from attendance.audit import record_audit
from attendance.models import AdminUser
from config.admin_web import AdminWebSettings

logger = logging.getLogger(__name__)

USER_FIELD = "uid"
STAMP_FIELD = "stamp"
SEEN_FIELD = "seen"
NEXT_PARAM = "lanjut"
PUBLIC_ROUTES = frozenset({"login", "login_submit", "static"})
SEEN_RESOLUTION = 60
"""Seconds between two updates of the last-request time, so not every page re-sets the cookie."""

_DUMMY_HASH = PasswordHasher().hash("no such account: equal work for unknown usernames")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def password_stamp(password_hash: str) -> str:
    """Return a short fingerprint of a password hash, kept in the session."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def client_address(request: web.Request, settings: AdminWebSettings) -> str:
    """Return the client's address, trusting X-Forwarded-For from configured proxies only."""
    remote = request.remote or "unknown"
    forwarded = request.headers.get("X-Forwarded-For")
    if forwarded and remote in settings.trusted_proxies:
        return forwarded.split(",")[-1].strip() or remote
    return remote


async def load_principal(session: Session, settings: AdminWebSettings) -> Principal | None:
    """Return the admin of a session, or None when it is anonymous, idle too long or stale."""
    user_id = session.get(USER_FIELD)
    if not isinstance(user_id, int):
        return None
    now = int(time.time())
    seen = session.get(SEEN_FIELD)
    if not isinstance(seen, int) or now - seen > settings.idle_minutes * 60:
        session.invalidate()
        return None

    user = await AdminUser.get_or_none(id=user_id, active=True).prefetch_related("village")
    if user is None or session.get(STAMP_FIELD) != password_stamp(user.password_hash):
        session.invalidate()
        return None

    if now - seen >= SEEN_RESOLUTION:
        session[SEEN_FIELD] = now
    village = user.village
    return Principal(
        user_id=user.id,
        username=user.username,
        role=user.role,
        village_id=user.village_id,
        village_code=village.code if village is not None else None,
        village_name=village.name if village is not None else None,
    )


@web.middleware
async def login_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Load the logged-in admin; send anyone else to the login page."""
    if request.match_info.route.name in PUBLIC_ROUTES:
        return await handler(request)

    session = get_session(request)
    principal = await load_principal(session, request.config_dict[ADMIN_SETTINGS_KEY])
    if principal is None:
        if request.method == "GET":
            target = url_for(request, "login", query={NEXT_PARAM: request.path_qs})
            raise web.HTTPSeeOther(location=target)
        raise web.HTTPUnauthorized(text="Sesi berakhir. Silakan masuk kembali.")
    request[PRINCIPAL_KEY] = principal
    return await handler(request)


async def login_form(request: web.Request) -> web.Response:
    """Show the login form."""
    return await page(
        request, "login.html", {"next": safe_next(request.query.get(NEXT_PARAM)), "username": ""}
    )


async def login_submit(request: web.Request) -> web.Response:
    """Check the username and password, throttled, and start a fresh session."""
    settings = request.config_dict[ADMIN_SETTINGS_KEY]
    throttle = request.config_dict[THROTTLE_KEY]
    form = await request.post()
    username = forms.text(form, "username", required=False, max_length=64).lower()
    password = forms.text(form, "password", required=False, max_length=200, strip=False)
    given = form.get(NEXT_PARAM)
    target = safe_next(given if isinstance(given, str) else None)
    address = client_address(request, settings)

    verdict = await throttle.check(address, username)
    if not verdict.allowed:
        logger.warning("Admin login throttled for address %s", address)
        return await _refuse(
            request,
            username,
            target,
            f"Terlalu banyak percobaan gagal. Coba lagi dalam {verdict.retry_minutes} menit.",
            status=429,
        )

    user = await AdminUser.get_or_none(username=username, active=True)
    if user is None:
        password_matches(_DUMMY_HASH, password)
    if user is None or not password_matches(user.password_hash, password):
        await throttle.failed(address, username)
        logger.warning("Admin login failed from address %s", address)
        return await _refuse(request, username, target, "Nama pengguna atau kata sandi salah.")

    await throttle.succeeded(address, username)
    session = new_session(request)
    session[USER_FIELD] = user.id
    session[STAMP_FIELD] = password_stamp(user.password_hash)
    session[SEEN_FIELD] = int(time.time())
    await record_audit(f"web:{user.username}", "admin.login", "admin_user", user.id)
    logger.info("Admin %s logged in", user.id)
    raise web.HTTPSeeOther(location=target or url_for(request, "dashboard"))


async def logout(request: web.Request) -> web.Response:
    """End the session."""
    get_session(request).invalidate()
    new_session(request)
    flash(request, "Anda telah keluar.", "info")
    raise web.HTTPSeeOther(location=url_for(request, "login"))


def safe_next(value: str | None) -> str:
    """Return `value` if it is a path inside the admin, else an empty string (no open redirect).

    The path is normalised first, as a browser would (``%2e`` is a dot, ``..`` goes up), so
    ``/admin/../x`` is refused; what is returned is the normalised path and the query.
    """
    if not value or not value.startswith("/") or value.startswith("//"):
        return ""
    if "\\" in value or any(not char.isprintable() for char in value):
        return ""
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return ""
    path = unquote(parts.path)
    if "\\" in path or any(not char.isprintable() for char in path):
        return ""
    normal = posixpath.normpath(path)
    if path.endswith("/") and not normal.endswith("/"):
        normal += "/"
    if not normal.startswith(PREFIX + "/") or normal.startswith("//"):
        return ""
    target = quote(normal, safe="/-._~!$&'()*+,;=:@")
    return f"{target}?{parts.query}" if parts.query else target


async def _refuse(
    request: web.Request, username: str, target: str, message: str, *, status: int = 401
) -> web.Response:
    flash(request, message, "error")
    return await page(request, "login.html", {"next": target, "username": username}, status=status)
