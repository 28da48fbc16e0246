"""Tests for config.geofence: defaults, bounds and the order of the score cuts."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from config.geofence import GeofenceSettings


def test_geofence_settings_defaults() -> None:
    """The defaults are the documented policy."""
    settings = GeofenceSettings()

    assert (settings.max_accuracy_m, settings.default_radius_m) == (100.0, 75.0)
    assert (settings.review_below_score, settings.reject_below_score) == (100, 40)


def test_geofence_settings_are_frozen() -> None:
    """Settings cannot change after start-up."""
    settings = GeofenceSettings()

    with pytest.raises(ValidationError):
        settings.max_accuracy_m = 5


def test_geofence_settings_reject_unknown_keys() -> None:
    """A misspelt key is an error, not ignored."""
    with pytest.raises(ValidationError, match="extra_forbidden"):
        GeofenceSettings(max_acuracy_m=50)  # type: ignore[call-arg]


def test_geofence_settings_reject_cut_above_review_cut() -> None:
    """The reject cut may not exceed the review cut."""
    with pytest.raises(ValidationError, match="reject_below_score 90 is above review_below_score"):
        GeofenceSettings(review_below_score=80, reject_below_score=90)


def test_geofence_settings_default_radius_within_limit() -> None:
    """The default radius must be allowed by max_radius_m."""
    with pytest.raises(ValidationError, match=r"default_radius_m 300\.0 is above max_radius_m"):
        GeofenceSettings(default_radius_m=300, max_radius_m=200)
