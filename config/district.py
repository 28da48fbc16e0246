"""The district section of the settings: villages, work rules, deductions and warning thresholds.

Every value here is a configurable default taken from public sources (see README, "Rules and
their sources"). Nothing in the code assumes Kecamatan Kragan: another kecamatan, in WIB, WITA or
WIT, is a different TOML file.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# ASCII digits only (``\d`` would take any script's digits); use with ``fullmatch``.
VILLAGE_CODE = re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}")
DISTRICT_CODE = re.compile(r"^\d{2}\.\d{2}\.\d{2}$")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Latitude = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)]
Longitude = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)]


class Frozen(BaseModel):
    """Base for settings sections: immutable, and unknown keys are an error, not ignored."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class VillageSettings(Frozen):
    """One desa and the point its office geofence starts from."""

    code: str
    name: str
    lat: Latitude
    lng: Longitude
    radius_m: float = Field(default=75.0, gt=0, le=5000)
    location_source: Literal["centroid", "surveyed"] = "centroid"
    timezone: str | None = None

    @field_validator("code")
    @classmethod
    def _code_format(cls, value: str) -> str:
        if not VILLAGE_CODE.fullmatch(value):
            msg = f"Village code {value!r} is not of the form 33.17.12.2001."
            raise ValueError(msg)
        return value


class DaySchedule(Frozen):
    """Working hours of one weekday, in office-local time."""

    start: dt.time
    end: dt.time
    break_start: dt.time | None = None
    break_end: dt.time | None = None

    @model_validator(mode="after")
    def _ordered(self) -> DaySchedule:
        if self.end <= self.start:
            msg = f"Schedule ends at {self.end} before it starts at {self.start}."
            raise ValueError(msg)
        if (self.break_start is None) != (self.break_end is None):
            msg = "A break needs both break_start and break_end."
            raise ValueError(msg)
        if self.break_start and self.break_end:
            inside = self.start <= self.break_start < self.break_end <= self.end
            if not inside:
                msg = "The break must lie inside the working hours."
                raise ValueError(msg)
        return self


WeekSchedule = dict[Weekday, DaySchedule]


class SpecialPeriod(Frozen):
    """A date range with its own hours, such as Ramadan."""

    name: str
    start: dt.date
    end: dt.date
    days: WeekSchedule

    @model_validator(mode="after")
    def _ordered(self) -> SpecialPeriod:
        if self.end < self.start:
            msg = f"Period {self.name!r} ends on {self.end} before it starts on {self.start}."
            raise ValueError(msg)
        return self


class WorkRuleSettings(Frozen):
    """A dated version of the working hours (a Perbup, or an interim rule)."""

    name: str
    effective_from: dt.date
    grace_minutes: int = Field(default=0, ge=0, le=240)
    days: WeekSchedule
    special_periods: tuple[SpecialPeriod, ...] = ()

    @field_validator("days")
    @classmethod
    def _some_workday(cls, value: WeekSchedule) -> WeekSchedule:
        if not value:
            msg = "A work rule needs at least one working weekday."
            raise ValueError(msg)
        return value


class MinuteBand(Frozen):
    """A lateness or early-departure band: from `min_minutes` up to (not including) `below`."""

    code: str
    min_minutes: int = Field(ge=1)
    below: int | None = None
    percent: float = Field(ge=0, le=100)


class DeductionSettings(Frozen):
    """Allowance deductions per occurrence, reported to the camat and never applied by us."""

    late_bands: tuple[MinuteBand, ...]
    early_bands: tuple[MinuteBand, ...]
    missing_check_in_percent: float = Field(ge=0, le=100)
    missing_check_out_percent: float = Field(ge=0, le=100)
    absent_day_percent: float = Field(ge=0, le=100)


class WarningSettings(Frozen):
    """Thresholds of the warning ladder (teguran lisan → SP1 → SP2 → SP3 → usul pemberhentian)."""

    consecutive_absences: tuple[int, int, int, int, int] = (1, 3, 5, 7, 10)
    late_count_per_month: int = Field(default=8, ge=1)
    min_days_between_steps: int = Field(default=7, ge=0)
    max_days_between_steps: int = Field(default=15, ge=1)


class Letterhead(Frozen):
    """What the warning letters print at the top."""

    regency: str
    district: str
    address: str = ""
    head_title: str = "Camat"
    head_name: str = ""


class DistrictSettings(Frozen):
    """The kecamatan the service runs for, with its villages and rules."""

    code: str
    name: str
    regency: str
    timezone: str = "Asia/Jakarta"
    day_boundary_hour: int = Field(default=3, ge=0, le=11)
    close_after_minutes: int = Field(default=240, ge=0, le=1440)
    villages: tuple[VillageSettings, ...]
    work_rules: tuple[WorkRuleSettings, ...]
    deductions: DeductionSettings
    warnings: WarningSettings = WarningSettings()
    letterhead: Letterhead

    @field_validator("code")
    @classmethod
    def _code_format(cls, value: str) -> str:
        if not DISTRICT_CODE.match(value):
            msg = f"District code {value!r} is not of the form 33.17.12."
            raise ValueError(msg)
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        return check_timezone(value)

    @model_validator(mode="after")
    def _consistent(self) -> DistrictSettings:
        codes = [village.code for village in self.villages]
        duplicates = sorted({code for code in codes if codes.count(code) > 1})
        if duplicates:
            msg = f"Village codes appear more than once: {', '.join(duplicates)}."
            raise ValueError(msg)
        foreign = [code for code in codes if not code.startswith(self.code + ".")]
        if foreign:
            msg = f"Villages {', '.join(foreign)} do not belong to district {self.code}."
            raise ValueError(msg)
        for village in self.villages:
            if village.timezone is not None:
                check_timezone(village.timezone)
        if not self.work_rules:
            msg = "At least one work rule is needed."
            raise ValueError(msg)
        return self


def check_timezone(name: str) -> str:
    """Return `name` if it is an IANA time zone, else raise ValueError naming it."""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as err:
        msg = f"Time zone {name!r} is not an IANA zone name such as Asia/Jakarta."
        raise ValueError(msg) from err
    return name
