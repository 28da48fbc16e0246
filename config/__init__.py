"""Typed settings read once at start-up, and the bundled Kecamatan Kragan configuration."""

from config.settings import Settings, SettingsError, bundled_config_path, load_settings

__all__ = ["Settings", "SettingsError", "bundled_config_path", "load_settings"]
