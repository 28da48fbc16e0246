"""The geofence section of the settings: how strict location checks are.

Every threshold the ``geofence`` package applies comes from here; the package takes this object
as an argument and reads nothing else. Distances are in metres, times in seconds.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator


class GeofenceSettings(BaseModel):
    """Limits for judging a reported location against an office zone and for trusting it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # Zones.
    max_accuracy_m: float = Field(default=100.0, gt=0, le=5000)
    """A fix less accurate than this is `uncertain` whatever its distance."""
    default_radius_m: float = Field(default=75.0, gt=0, le=5000)
    """Radius of an office circle when none is given (`sregep village set-office`)."""
    max_radius_m: float = Field(default=5000.0, gt=0, le=50_000)
    """Largest circle radius an operator may set."""

    # Time of the message and of its live updates.
    stale_message_s: int = Field(default=300, ge=1)
    """A location message older than this (server time minus message time) is stale."""
    future_tolerance_s: int = Field(default=30, ge=0)
    """A message dated further ahead of the server clock than this is in the future."""
    min_live_period_s: int = Field(default=300, ge=0)
    """A live location shared for less than this is too short to follow."""
    fresh_update_s: int = Field(default=120, ge=1)
    """The newest live update must be at most this old when the check-in is judged."""
    min_live_updates: int = Field(default=1, ge=1)
    """How many live-location updates (edited messages) must have arrived."""

    # Plausibility of the position.
    min_plausible_accuracy_m: float = Field(default=1.0, ge=0)
    """A reported accuracy below this (e.g. 0) is too good to be a real phone fix."""
    max_travel_speed_kmh: float = Field(default=150.0, gt=0)
    """Travel from the person's previous fix faster than this is impossible."""
    travel_allowance_m: float = Field(default=100.0, ge=0)
    """Distance forgiven on top of both fixes' accuracy before speed is judged."""
    coordinate_match_decimals: int = Field(default=6, ge=3, le=9)
    """Decimal places at which two coordinates count as the same point (6 ≈ 0.1 m)."""

    # Verdict.
    review_below_score: int = Field(default=100, ge=0, le=100)
    """A trust score below this goes to review (100: any doubtful signal is reviewed)."""
    reject_below_score: int = Field(default=40, ge=0, le=100)
    """A trust score below this is rejected."""

    @model_validator(mode="after")
    def _ordered(self) -> GeofenceSettings:
        if self.reject_below_score > self.review_below_score:
            msg = (
                f"reject_below_score {self.reject_below_score} is above review_below_score "
                f"{self.review_below_score}. The reject cut must not exceed the review cut."
            )
            raise ValueError(msg)
        if self.default_radius_m > self.max_radius_m:
            msg = (
                f"default_radius_m {self.default_radius_m} is above max_radius_m "
                f"{self.max_radius_m}. The default radius must be allowed."
            )
            raise ValueError(msg)
        return self


DEFAULT_GEOFENCE = GeofenceSettings()
"""The defaults, for callers (and tests) that pass no settings."""
