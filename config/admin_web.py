"""The admin_web section of the settings: sessions, login limits, upload limits and map tiles.

The ``admin_web`` package takes this object and reads nothing else of its own. Embedded in the
service settings as ``[admin_web]`` (``settings.admin_web``).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

MIN_SECRET = 32


class AdminWebSettings(BaseModel):
    """How the web admin keeps sessions, limits logins and uploads, and draws maps."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    session_secret: SecretStr | None = None
    """Secret the session-cookie key is derived from (at least 32 characters). Without it a
    random key is made at start-up, so everyone logs in again after a restart."""
    session_hours: int = Field(default=12, ge=1, le=24 * 30)
    """A session ends this many hours after login, however active it is."""
    idle_minutes: int = Field(default=120, ge=5, le=24 * 60)
    """A session ends after this many minutes without a request."""
    cookie_secure: bool | None = None
    """Send the session cookie over HTTPS only; None: when ``server.public_url`` is https."""

    login_attempts: int = Field(default=5, ge=1, le=100)
    """Failed logins allowed for one username from one address within the window."""
    login_attempts_per_address: int = Field(default=20, ge=1, le=1000)
    """Failed logins allowed from one address (any username) within the window."""
    login_window_minutes: int = Field(default=15, ge=1, le=24 * 60)
    """The moving window the failed logins are counted in."""
    trusted_proxies: tuple[str, ...] = ()
    """Addresses of reverse proxies whose ``X-Forwarded-For`` names the real client."""

    max_photo_bytes: int = Field(default=8 * 1024 * 1024, ge=100_000, le=12 * 1024 * 1024)
    """Largest enrollment photo accepted."""
    max_photos: int = Field(default=5, ge=3, le=10)
    """Most photos one enrollment upload may carry."""
    max_import_bytes: int = Field(default=2 * 1024 * 1024, ge=1024, le=12 * 1024 * 1024)
    """Largest CSV or XLSX file of people accepted."""
    max_import_rows: int = Field(default=2000, ge=1, le=50_000)
    """Most people one import may create."""

    tile_url: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    """Map tiles, loaded by the browser at run time; the pages work without them."""
    tile_attribution: str = "© OpenStreetMap contributors"
    page_size: int = Field(default=50, ge=10, le=500)
    """Rows per page of long lists (audit log, people)."""

    @field_validator("session_secret")
    @classmethod
    def _long_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < MIN_SECRET:
            msg = f"admin_web.session_secret must be at least {MIN_SECRET} characters long."
            raise ValueError(msg)
        return value

    @field_validator("tile_url")
    @classmethod
    def _https_tiles(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme != "https" or not parts.netloc or "{z}" not in value:
            msg = f"admin_web.tile_url {value!r} must be an https URL with {{z}}/{{x}}/{{y}}."
            raise ValueError(msg)
        return value

    @property
    def tile_origin(self) -> str:
        """Return the scheme and host of the tile server, for the page's CSP."""
        parts = urlsplit(self.tile_url)
        return f"{parts.scheme}://{parts.netloc}"
