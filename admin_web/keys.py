"""Typed application keys of the web admin: what its views read from the aiohttp application.

The service's own keys (settings, ledger, vault) live in :mod:`service.web`. The face service is
set under :data:`FACES_KEY` on the service application by :mod:`service.process` when the engine
is loaded.
"""

from __future__ import annotations

from aiohttp import web
from jinja2 import Environment

from admin_web.throttle import LoginThrottle
from config.admin_web import AdminWebSettings
from recognition.service import FaceService

FACES_KEY = web.AppKey("admin_faces", FaceService)
"""The loaded face engine for enrollment uploads; absent when the engine is off."""

ADMIN_SETTINGS_KEY = web.AppKey("admin_web_settings", AdminWebSettings)
THROTTLE_KEY = web.AppKey("admin_login_throttle", LoginThrottle)
JINJA_KEY = web.AppKey("admin_jinja", Environment)
