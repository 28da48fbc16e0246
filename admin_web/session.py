"""Admin sessions kept in an encrypted cookie (Fernet), so the server stores no session table.

The cookie holds a Fernet token (AES-128-CBC and HMAC-SHA256 from ``cryptography``) of a small
JSON object: when the session started and its fields (admin id, password stamp, CSRF token, last
request, flash messages). A cookie that was changed, made with another key or started more than
``session_hours`` ago opens as an empty session. The cookie is ``HttpOnly``, ``SameSite=Lax``,
limited to the admin's path, and ``Secure`` when the service is served over HTTPS.

Key handling: the key is derived with HKDF-SHA256 from ``admin_web.session_secret``; without that
setting a random key is made at start-up, so every admin logs in again after a restart. Changing
the secret logs everyone out. A cookie cannot be revoked before it expires, so every request also
re-reads the account (active, same password) from the database.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import time
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Middleware
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from config.admin_web import AdminWebSettings

logger = logging.getLogger(__name__)

COOKIE_NAME = "sregep_admin"
KDF_INFO = b"si-sregep admin session cookie"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Session(MutableMapping[str, Any]):
    """The fields of one admin session; remembers whether it must be written back."""

    def __init__(
        self, fields: dict[str, Any] | None = None, *, created: int | None = None
    ) -> None:
        self._fields = dict(fields or {})
        self.created = created if created is not None else int(time.time())
        self.changed = False

    def __getitem__(self, key: str) -> Any:
        return self._fields[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self._fields[key] = value
        self.changed = True

    def __delitem__(self, key: str) -> None:
        del self._fields[key]
        self.changed = True

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)

    def invalidate(self) -> None:
        """Forget every field; the cookie is deleted with the response."""
        self._fields.clear()
        self.changed = True

    def payload(self) -> dict[str, Any]:
        """Return what is sealed into the cookie."""
        return {"created": self.created, "fields": self._fields}


SESSION_KEY = web.RequestKey("admin_session", Session)


def session_key(settings: AdminWebSettings) -> bytes:
    """Return the 32-byte cookie key: derived from the configured secret, or random."""
    if settings.session_secret is None:
        logger.info("admin_web.session_secret is not set: admin sessions end at restart")
        return os.urandom(32)
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=KDF_INFO)
    return hkdf.derive(settings.session_secret.get_secret_value().encode())


@dataclass(frozen=True, slots=True)
class CookieRules:
    """How the session cookie is set."""

    path: str
    max_age: int
    secure: bool


class SessionStore:
    """Open and seal session cookies with one key."""

    def __init__(self, key: bytes, rules: CookieRules) -> None:
        self._fernet = Fernet(base64.urlsafe_b64encode(key))
        self.rules = rules

    def open(self, cookie: str | None) -> Session:
        """Return the session sealed in `cookie`, or a new empty one."""
        if not cookie:
            return Session()
        try:
            raw = self._fernet.decrypt(cookie.encode(), ttl=self.rules.max_age)
            payload = json.loads(raw)
            created = int(payload["created"])
            fields = payload["fields"]
        except (InvalidToken, ValueError, KeyError, TypeError):
            return Session()
        if not isinstance(fields, dict) or time.time() - created > self.rules.max_age:
            return Session()
        return Session(fields, created=created)

    def seal(self, session: Session) -> str:
        """Return the cookie value of `session`."""
        raw = json.dumps(session.payload(), separators=(",", ":")).encode()
        return self._fernet.encrypt(raw).decode()

    def write(self, response: web.StreamResponse, session: Session) -> None:
        """Set (or delete, for an empty session) the cookie on `response`."""
        rules = self.rules
        if not session:
            response.del_cookie(COOKIE_NAME, path=rules.path)
            return
        response.set_cookie(
            COOKIE_NAME,
            self.seal(session),
            path=rules.path,
            max_age=rules.max_age,
            secure=rules.secure,
            httponly=True,
            samesite="Lax",
        )


def session_middleware(store: SessionStore) -> Middleware:
    """Return the middleware that opens the session and writes it back when it changed."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        request[SESSION_KEY] = store.open(request.cookies.get(COOKIE_NAME))
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            _save(store, request, exc)
            raise
        _save(store, request, response)
        return response

    return middleware


def get_session(request: web.Request) -> Session:
    """Return the session of `request`."""
    return request[SESSION_KEY]


def new_session(request: web.Request) -> Session:
    """Replace the session of `request` with an empty new one (at login and logout)."""
    session = Session()
    session.changed = True
    request[SESSION_KEY] = session
    return session


def _save(store: SessionStore, request: web.Request, response: web.StreamResponse) -> None:
    session = request.get(SESSION_KEY)
    if session is None or not session.changed or response.prepared:
        return
    store.write(response, session)
