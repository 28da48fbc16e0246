"""Security headers of every web-admin response: CSP, frame and type-sniffing rules, no caching.

The content security policy allows scripts and styles from the admin's own static files only
(no inline script, no inline style attribute, no eval), images from itself and the map tile
server, and no framing. Pages carry personal data, so they are never cached; static files are.
"""

from __future__ import annotations

from aiohttp import web

from admin_web import STATIC_PREFIX
from admin_web.keys import ADMIN_SETTINGS_KEY


def content_security_policy(tile_origin: str) -> str:
    """Return the CSP of admin pages, allowing map tiles from `tile_origin`."""
    directives = {
        "default-src": "'none'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": f"'self' data: {tile_origin}",
        "connect-src": "'self'",
        "font-src": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
        "base-uri": "'none'",
        "object-src": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


async def add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """Set the security headers on a response of the admin (an ``on_response_prepare`` hook)."""
    settings = request.config_dict[ADMIN_SETTINGS_KEY]
    headers = response.headers
    headers["Content-Security-Policy"] = content_security_policy(settings.tile_origin)
    headers["X-Frame-Options"] = "DENY"
    headers["X-Content-Type-Options"] = "nosniff"
    # Map tile servers ask for the page's origin (not its path) as the referrer.
    headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
    if request.secure:
        headers["Strict-Transport-Security"] = "max-age=31536000"
    if not request.path.startswith(STATIC_PREFIX):
        headers["Cache-Control"] = "no-store"
