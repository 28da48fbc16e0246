"""The aiohttp application: health endpoint now; admin pages, terminal routes and the webhook
are added to the same application by their packages."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from tortoise import connections

from attendance.database import connection_name
from attendance.ledger import Ledger
from attendance.vault import Vault
from config.settings import Settings

logger = logging.getLogger(__name__)

SETTINGS_KEY = web.AppKey("settings", Settings)
LEDGER_KEY = web.AppKey("ledger", Ledger)
VAULT_KEY = web.AppKey("vault", Vault)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Log unexpected errors once and answer 500 without details."""
    try:
        return await handler(request)
    except web.HTTPException:
        raise
    except Exception:
        logger.exception("Request %s %s failed; answered 500", request.method, request.path)
        return web.json_response({"error": "internal error"}, status=500)


async def healthz(request: web.Request) -> web.Response:
    """Answer 200 when the database answers, 503 when it does not."""
    try:
        name = connection_name(request.app[SETTINGS_KEY].database_url)
        await connections.get(name).execute_query("SELECT 1")
    except Exception:
        logger.exception("Health check: database did not answer")
        return web.json_response({"status": "unhealthy", "database": "down"}, status=503)
    return web.json_response({"status": "ok", "database": "up"})


def create_web_app(settings: Settings, ledger: Ledger, vault: Vault) -> web.Application:
    """Build the aiohttp application with the shared objects under typed keys."""
    app = web.Application(middlewares=[error_middleware], client_max_size=12 * 1024 * 1024)
    app[SETTINGS_KEY] = settings
    app[LEDGER_KEY] = ledger
    app[VAULT_KEY] = vault
    app.router.add_get("/healthz", healthz)
    from terminals.routes import add_terminal_routes  # here: terminals.routes imports this module

    add_terminal_routes(app)
    from admin_web.app import setup_admin  # here: admin_web reads the keys of this module

    setup_admin(app)
    return app
