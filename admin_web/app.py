"""Mounting the web admin: templates, static files, middlewares and routes under ``/admin``.

The admin is a sub-application, so its middlewares (body limit, session, error pages, CSRF,
login) and its security headers apply to ``/admin`` paths only. The service's shared objects
(settings, ledger, vault) are read from the parent application through ``request.config_dict``.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.typedefs import Middleware
from aiohttp.web_protocol import RequestPayloadError

from admin_web import PREFIX, STATIC_PREFIX, labels
from admin_web.auth import login_form, login_middleware, login_submit, logout
from admin_web.csrf import csrf_middleware
from admin_web.keys import ADMIN_SETTINGS_KEY, JINJA_KEY, THROTTLE_KEY
from admin_web.render import page
from admin_web.security import add_security_headers
from admin_web.session import CookieRules, SessionStore, session_key, session_middleware
from admin_web.throttle import LoginThrottle
from admin_web.views import (
    audit,
    dashboard,
    devices,
    enrollment,
    leave,
    people,
    reports,
    review,
    rules,
    users,
    warnings,
)
from admin_web.views import map as office_map
from attendance import vocabulary
from attendance.errors import NotFound, ServiceError
from config.admin_web import AdminWebSettings
from service.web import SETTINGS_KEY

logger = logging.getLogger(__name__)

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
VIEWS = (
    dashboard,
    office_map,
    people,
    enrollment,
    devices,
    rules,
    leave,
    review,
    warnings,
    reports,
    audit,
    users,
)
STATUS_TEXTS = {
    400: "Permintaan tidak dapat diproses.",
    401: "Silakan masuk terlebih dahulu.",
    403: "Anda tidak berwenang membuka halaman ini.",
    404: "Halaman tidak ditemukan.",
    405: "Cara membuka halaman ini tidak didukung.",
    413: "Berkas atau formulir yang dikirim terlalu besar.",
    429: "Terlalu banyak permintaan. Coba lagi nanti.",
}
UNREADABLE_BODY = (RequestPayloadError, HttpProcessingError, ValueError, LookupError)
"""What aiohttp raises for a body it cannot read: bad compression, broken multipart, a charset
it does not know (LookupError), text that is not in its charset (UnicodeDecodeError)."""
UNREADABLE_TEXT = (
    "Isi formulir tidak dapat dibaca (rusak atau dikodekan dengan cara yang tidak didukung). "
    "Muat ulang halaman lalu kirim lagi."
)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def setup_admin(
    app: web.Application,
    settings: AdminWebSettings | None = None,
    *,
    key: bytes | None = None,
) -> web.Application:
    """Mount the web admin under ``/admin`` on `app` and redirect ``/`` and ``/admin`` to it."""
    service = app[SETTINGS_KEY]
    chosen = settings or service.admin_web
    store = session_store(chosen, service.server.public_url, key)

    admin = web.Application(
        middlewares=[
            body_limit(upload_limit(chosen)),
            session_middleware(store),
            error_pages,
            read_body,
            csrf_middleware,
            login_middleware,
        ]
    )
    admin[ADMIN_SETTINGS_KEY] = chosen
    admin[THROTTLE_KEY] = LoginThrottle(chosen)
    setup_templates(admin)
    admin.on_response_prepare.append(add_security_headers)

    admin.router.add_get("/masuk", login_form, name="login")
    admin.router.add_post("/masuk", login_submit, name="login_submit")
    admin.router.add_post("/keluar", logout, name="logout")
    for view in VIEWS:
        view.add_routes(admin.router)
    admin.router.add_static("/static", STATIC, name="static", append_version=True)

    # Registered before the sub-application, whose prefix would otherwise answer 404 for it.
    app.router.add_get(PREFIX, to_admin)
    app.router.add_get("/", to_admin)
    app.add_subapp(PREFIX, admin)
    return admin


def session_store(
    settings: AdminWebSettings, public_url: str | None, key: bytes | None = None
) -> SessionStore:
    """Return the store of admin session cookies, Secure when the service is served over HTTPS."""
    secure = settings.cookie_secure
    if secure is None:
        secure = bool(public_url and public_url.startswith("https://"))
    rules = CookieRules(path=PREFIX, max_age=settings.session_hours * 3600, secure=secure)
    return SessionStore(key or session_key(settings), rules)


def setup_templates(admin: web.Application) -> jinja2.Environment:
    """Set up the Jinja environment: autoescaping on, undefined names an error, our filters."""
    env = aiohttp_jinja2.setup(
        admin,
        loader=jinja2.FileSystemLoader(TEMPLATES),
        app_key=JINJA_KEY,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        status=labels.status_label,
        role=labels.role_label,
        leave=labels.leave_label,
        level=labels.level_label,
        reason=labels.reason_label,
        long_date=vocabulary.long_date,
        short_date=vocabulary.short_date,
        local_time=labels.local_time,
        local_datetime=labels.local_datetime,
    )
    env.globals.update(
        verdict_labels=labels.VERDICT_LABELS,
        leave_status_labels=labels.LEAVE_STATUS_LABELS,
        device_status_labels=labels.DEVICE_STATUS_LABELS,
        command_status_labels=labels.COMMAND_STATUS_LABELS,
        holiday_kind_labels=labels.HOLIDAY_KIND_LABELS,
        event_kind_labels=labels.EVENT_KIND_LABELS,
        status_labels=labels.STATUS_LABELS,
        month_label=vocabulary.month_name,
    )
    return env


def upload_limit(settings: AdminWebSettings) -> int:
    """Return the largest request body the admin reads: a full enrollment upload or an import."""
    photos = settings.max_photo_bytes * settings.max_photos
    return max(photos, settings.max_import_bytes) + 256 * 1024


def body_limit(limit: int) -> Middleware:
    """Return a middleware letting admin requests carry bodies up to `limit` bytes."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.method in ("GET", "HEAD") or request.path.startswith(STATIC_PREFIX):
            return await handler(request)
        return await handler(request.clone(client_max_size=limit))

    return middleware


@web.middleware
async def read_body(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Read the whole body of a request before anything else; answer 400 when it is unreadable.

    A body that does not decompress (``Content-Encoding: gzip`` over plain bytes), a broken
    multipart message or an unknown charset fails here, once, instead of in whichever of the
    CSRF check or the view reads the form first; views then get the parsed form from aiohttp's
    cache. A body over the limit is still answered 413.
    """
    if not request.body_exists or request.path.startswith(STATIC_PREFIX):
        return await handler(request)
    try:
        if request.content_type != "multipart/form-data":
            await request.read()
        await request.post()
    except UNREADABLE_BODY as err:
        logger.info(
            "Admin request %s %s has an unreadable body (%s); answered 400",
            request.method,
            request.rel_url.raw_path[:200],
            type(err).__name__,
        )
        return await unreadable_body(request)
    return await handler(request)


async def unreadable_body(request: web.Request) -> web.Response:
    """Answer 400 for an unreadable body and end the connection, which the body left unusable.

    When aiohttp failed to decode the body, the stream carries the error and aiohttp would
    fail once more draining it after the answer; it is marked finished so that does not happen.
    """
    content = request.content
    if content.exception() is not None:
        content.feed_eof()
    response = await error_page(request, 400, UNREADABLE_TEXT)
    response.force_close()
    return response


@web.middleware
async def error_pages(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Turn errors into Indonesian error pages; log the unexpected ones once, without data.

    Domain errors show their Indonesian ``hint``, never their English message. The log of an
    unexpected error names its type and where it was raised, not its message: messages may
    carry what a person typed (a name, a reason).
    """
    try:
        return await handler(request)
    except web.HTTPException as err:
        if err.status < 400 or request.path.startswith(STATIC_PREFIX):
            raise
        return await error_page(request, err.status, _message(err))
    except NotFound as err:
        return await error_page(request, 404, f"Data tidak ditemukan. {err.hint}")
    except ServiceError as err:
        return await error_page(request, 400, err.hint)
    except Exception as err:
        logger.error(
            "Admin request %s %s failed with %s; answered 500\n%s",
            request.method,
            request.rel_url.raw_path[:200],
            _qualified_name(err),
            traceback_without_messages(err),
        )
        return await error_page(request, 500, "Terjadi kesalahan pada server. Coba lagi nanti.")


async def error_page(request: web.Request, status: int, message: str) -> web.Response:
    """Render the error page with `status` and `message`."""
    response = await page(
        request, "error.html", {"status": status, "message": message}, status=status
    )
    if status == 401:
        response.headers["WWW-Authenticate"] = 'FormBased realm="admin"'
    return response


async def to_admin(request: web.Request) -> web.Response:
    """Send the site root to the admin."""
    raise web.HTTPFound(location=f"{PREFIX}/")


def traceback_without_messages(err: BaseException) -> str:
    """Return the traceback of `err` and its causes: frames and types, no messages or source.

    Messages and source lines may carry data (a name in an f-string, a literal); the frames
    (file, line, function) and the exception types are enough to find the fault.
    """
    chain: list[BaseException] = []
    current: BaseException | None = err
    while current is not None and all(current is not seen for seen in chain):
        chain.append(current)
        current = current.__cause__ or current.__context__
    blocks = []
    for failure in reversed(chain):
        frames = traceback.extract_tb(failure.__traceback__)
        lines = [f'  File "{f.filename}", line {f.lineno}, in {f.name}' for f in frames]
        blocks.append("\n".join(["Traceback (most recent call last):", *lines]))
        blocks[-1] += "\n" + _qualified_name(failure)
    return "\n\nwhich led to:\n\n".join(blocks)


def _qualified_name(err: BaseException) -> str:
    kind = type(err)
    return f"{kind.__module__}.{kind.__qualname__}"


def _message(err: web.HTTPException) -> str:
    """Return our own message of an HTTP error, or the Indonesian default of its status.

    aiohttp's own errors carry English texts: its 404/405 say ``404: Not Found``, and its
    413 (a body over the limit, too many form fields) names byte counts in English.
    """
    given = err.text or ""
    if isinstance(err, web.HTTPRequestEntityTooLarge):
        return STATUS_TEXTS[413]
    if not given or given.startswith(f"{err.status}:"):
        return STATUS_TEXTS.get(err.status, "Permintaan tidak dapat diproses.")
    return given
