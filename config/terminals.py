"""The terminals section of the settings: how office terminals are answered and their punches kept.

The ``terminals`` package takes this object as an argument and reads nothing else. Times are in
seconds unless the name says otherwise; sizes in bytes.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

TRANS_TIMES_PATTERN = r"^(([01][0-9]|2[0-3]):[0-5][0-9])(;([01][0-9]|2[0-3]):[0-5][0-9]){0,9}$"


class AdmsSettings(BaseModel):
    """What the ZKTeco ADMS handshake tells a terminal (research notes §1.3)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    delay_s: int = Field(default=10, ge=2, le=60)
    """Seconds between two command polls (``Delay``)."""
    error_delay_s: int = Field(default=30, ge=30, le=300)
    """Seconds a terminal waits before retrying after a failure (``ErrorDelay``)."""
    trans_interval_min: int = Field(default=1, ge=0, le=1440)
    """Minutes between checks for unsent records (``TransInterval``; 0 = never)."""
    trans_times: str = Field(default="00:00;14:05", pattern=TRANS_TIMES_PATTERN)
    """Up to ten ``HH:MM`` times a day when the terminal sends what is left (``TransTimes``)."""
    realtime: bool = True
    """Push every punch as soon as it is made (``Realtime=1``)."""
    commands_per_poll: int = Field(default=20, ge=1, le=200)
    """Most commands handed out in one ``getrequest`` reply."""
    command_resend_s: int = Field(default=600, ge=60)
    """A command handed out but not answered after this long is handed out again."""


class FingerspotSettings(BaseModel):
    """The developer.fingerspot.io webhook: off until a path token is set."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    path_token: SecretStr | None = None
    """The secret last part of the webhook URL ``/hooks/fingerspot/<token>``; None = route off."""
    cloud_ids: tuple[str, ...] = ()
    """Cloud IDs whose posts are accepted; any other cloud ID gets 403 and nothing is stored."""

    @field_validator("path_token")
    @classmethod
    def _long_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < 16:
            msg = "The Fingerspot path token must be at least 16 characters long."
            raise ValueError(msg)
        return value


class TerminalSettings(BaseModel):
    """Limits for taking punches from terminals and for judging their health."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # Punches.
    collapse_seconds: int = Field(default=60, ge=0, le=3600)
    """A punch this close to a kept punch of the same PIN on the same terminal is a repeat."""
    future_tolerance_s: int = Field(default=300, ge=0)
    """A punch dated further ahead of the server clock than this is flagged for review."""
    past_tolerance_days: int = Field(default=35, ge=1)
    """A punch older than this many days when it arrives is flagged for review."""

    # Requests.
    max_body_bytes: int = Field(default=10 * 1024 * 1024, ge=1024, le=12 * 1024 * 1024)
    """Largest request body read from a terminal; larger ones get 413."""
    signed_window_s: int = Field(default=300, ge=10, le=3600)
    """A signed webhook whose timestamp is further than this from the server clock is refused."""

    # Terminals waiting for approval: what anyone can make us keep without credentials.
    pending_max_terminals: int = Field(default=30, ge=1, le=10_000)
    """Most terminals remembered as pending; a new serial beyond them gets 503, unregistered."""
    pending_max_uploads: int = Field(default=1000, ge=1)
    """Most uploads held for one pending terminal; more get 503 and are not kept."""
    pending_max_bytes: int = Field(default=2 * 1024 * 1024, ge=1024)
    """Most body bytes held for one pending terminal; more get 503 and are not kept."""

    # Health.
    offline_after_s: int = Field(default=600, ge=30)
    """A terminal silent for longer than this is shown as offline."""
    silent_after_minutes: int = Field(default=60, ge=5)
    """On a working day, a terminal silent this long after the shift starts is reported."""

    adms: AdmsSettings = AdmsSettings()
    fingerspot: FingerspotSettings = FingerspotSettings()
