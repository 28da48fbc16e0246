"""The web admin: server-rendered pages for the camat, the kecamatan operators and the Kades.

Mounted by :func:`admin_web.app.setup_admin` as a sub-application under :data:`PREFIX`, so its
sessions, CSRF checks and security headers apply to admin paths only; terminal routes and the
Telegram webhook on the same server are untouched.
"""

PREFIX = "/admin"
STATIC_PREFIX = f"{PREFIX}/static/"
