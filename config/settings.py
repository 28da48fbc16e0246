"""The service settings: one frozen object read once at start-up and passed down.

Sources, strongest first: environment variables (``SREGEP_…``, nested sections joined by ``__``,
e.g. ``SREGEP_SERVER__PORT``; plus the plain ``DATABASE_URL``), then one TOML file
(``SREGEP_CONFIG``, default: the bundled Kecamatan Kragan file). A missing or bad value stops
start-up with a :class:`SettingsError` naming the key and the rule.
"""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)
from pydantic_settings import SettingsError as SourceParseError

from config.admin_web import AdminWebSettings
from config.district import DistrictSettings
from config.geofence import GeofenceSettings
from config.recognition import RecognitionSettings
from config.scheduler import SchedulerSettings
from config.terminals import TerminalSettings

ENV_PREFIX = "SREGEP_"
CONFIG_ENV = "SREGEP_CONFIG"


class SettingsError(Exception):
    """The settings cannot be used; the message names each bad key and its rule."""


class Section(BaseModel):
    """Base for service sections: immutable, unknown keys rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class ServerSettings(Section):
    """Where the HTTP server listens."""

    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=1, le=65535)
    public_url: str | None = None


class TelegramSettings(Section):
    """The Telegram bot; without a token the bot is off and the rest of the service runs."""

    token: SecretStr | None = None
    mode: Literal["polling", "webhook"] = "polling"
    webhook_secret: SecretStr | None = None
    camat_chat_id: int | None = None
    admin_user_ids: tuple[int, ...] = ()
    base_url: str | None = None
    base_file_url: str | None = None
    max_message_age_seconds: int = Field(default=120, ge=10, le=3600)
    location_wait_seconds: int = Field(default=90, ge=5, le=600)
    max_failed_attempts: int = Field(default=5, ge=1, le=100)
    attempt_window_minutes: int = Field(default=15, ge=1, le=1440)
    pose_challenge: bool = False
    max_photo_bytes: int = Field(default=10 * 1024 * 1024, ge=100_000, le=20 * 1024 * 1024)


class PrivacySettings(Section):
    """Encryption at rest and retention (UU PDP 27/2022 treats face data as specific data)."""

    key_file: Path | None = None
    selfie_retention_days: int = Field(default=30, ge=0, le=3650)


class LoggingSettings(Section):
    """How the process logs: readable console lines, or one JSON object a line."""

    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    format: Literal["console", "json"] = "console"


class Settings(BaseSettings):
    """Everything the service needs, validated and frozen."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_nested_delimiter="__",
        frozen=True,
        extra="forbid",
    )

    database_url: str = Field(
        default="sqlite://data/sregep.sqlite3",
        validation_alias=AliasChoices("DATABASE_URL", "SREGEP_DATABASE_URL", "database_url"),
    )
    data_dir: Path = Path("data")
    server: ServerSettings = ServerSettings()
    telegram: TelegramSettings = TelegramSettings()
    privacy: PrivacySettings = PrivacySettings()
    logging: LoggingSettings = LoggingSettings()
    recognition: RecognitionSettings = RecognitionSettings()
    geofence: GeofenceSettings = GeofenceSettings()
    terminals: TerminalSettings = TerminalSettings()
    scheduler: SchedulerSettings = SchedulerSettings()
    admin_web: AdminWebSettings = AdminWebSettings()
    district: DistrictSettings

    @model_validator(mode="after")
    def _webhook_complete(self) -> Settings:
        if self.telegram.mode == "webhook" and self.telegram.token is not None:
            missing = [
                key
                for key, value in (
                    ("server.public_url", self.server.public_url),
                    ("telegram.webhook_secret", self.telegram.webhook_secret),
                )
                if value is None
            ]
            if missing:
                msg = f"Webhook mode needs {' and '.join(missing)} to be set."
                raise ValueError(msg)
        return self

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_file = _env_path(CONFIG_ENV) or bundled_config_path()
        toml = TomlConfigSettingsSource(settings_cls, toml_file=toml_file)
        return (init_settings, env_settings, toml)


def bundled_config_path() -> Path:
    """Return the path of the bundled Kecamatan Kragan configuration."""
    return Path(str(resources.files("config") / "kragan.toml"))


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Read and validate the settings once; raise SettingsError naming every bad key."""
    chosen = config_file or _env_path(CONFIG_ENV)
    if chosen is not None and not chosen.is_file():
        msg = f"Config file {str(chosen)!r} ({CONFIG_ENV}) does not exist or is not a file."
        raise SettingsError(msg)

    try:
        return _SettingsFromFile.build(chosen, overrides)
    except ValidationError as err:
        raise SettingsError(_describe(err, chosen)) from err
    except SourceParseError as err:
        raise SettingsError(_describe_environment(err)) from err
    except ValueError as err:
        # tomllib reports syntax errors as ValueError subclasses.
        msg = f"Config file {str(chosen or bundled_config_path())!r} is not valid TOML: {err}"
        raise SettingsError(msg) from err


def _describe_environment(err: SourceParseError) -> str:
    """Name the environment variables of a section whose value is not valid JSON."""
    match = re.search(r'field "(\w+)"', str(err))
    section = match.group(1) if match else ""
    prefix = f"{ENV_PREFIX}{section.upper()}__"
    names = sorted(name for name in os.environ if name.upper().startswith(prefix)) or [
        prefix + "*"
    ]
    return (
        f"{', '.join(names)}: a list or table value is not valid JSON "
        f"(e.g. {ENV_PREFIX}TELEGRAM__ADMIN_USER_IDS='[111111111, 222222222]')."
    )


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value) if value else None


class _SettingsFromFile:
    """Build Settings with an explicit TOML path without putting the path into the model."""

    @staticmethod
    def build(config_file: Path | None, overrides: dict[str, Any]) -> Settings:
        toml_file = config_file or bundled_config_path()

        class _Bound(Settings):
            @classmethod
            def settings_customise_sources(
                cls,
                settings_cls: type[BaseSettings],
                init_settings: PydanticBaseSettingsSource,
                env_settings: PydanticBaseSettingsSource,
                dotenv_settings: PydanticBaseSettingsSource,
                file_secret_settings: PydanticBaseSettingsSource,
            ) -> tuple[PydanticBaseSettingsSource, ...]:
                toml = TomlConfigSettingsSource(settings_cls, toml_file=toml_file)
                return (init_settings, env_settings, toml)

        bound = _Bound(**overrides)
        return Settings.model_construct(**dict(bound))


def _describe(err: ValidationError, config_file: Path | None) -> str:
    """Turn a pydantic error into lines of 'key: rule (got value)'."""
    source = str(config_file) if config_file else "the bundled config"
    lines = [f"Settings are invalid ({source} and {ENV_PREFIX}* environment):"]
    for problem in err.errors():
        key = ".".join(str(part) for part in problem["loc"]) or "(root)"
        value = problem.get("input")
        shown = "" if isinstance(value, dict | list) else f" (got {value!r})"
        if "secret" in key.lower() or "token" in key.lower():
            shown = ""
        lines.append(f"  {key}: {problem['msg']}{shown}")
    return "\n".join(lines)
