"""The scheduler section of the settings: when jobs fire, how far they catch up, how fast we send.

Every time is office-local (each village's own zone; recaps and the monthly report use the
district's zone). Every number is a configurable default: see docs/scheduler.md for what each job
does with it. Embedded in the service settings as ``[scheduler]``.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class PacingSettings(BaseModel):
    """Telegram's limits, which the outbox sender keeps below."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    messages_per_second: float = Field(default=30.0, gt=0, le=1000)
    per_chat_per_second: float = Field(default=1.0, gt=0, le=100)
    per_group_per_minute: float = Field(default=20.0, gt=0, le=6000)
    concurrency: int = Field(default=16, ge=1, le=256)
    batch_size: int = Field(default=100, ge=1, le=5000)
    lease_seconds: int = Field(default=300, ge=10, le=86400)
    max_attempts: int = Field(default=8, ge=1, le=100)
    backoff_seconds: int = Field(default=15, ge=1, le=3600)
    max_backoff_seconds: int = Field(default=1800, ge=1, le=86400)
    idle_poll_seconds: float = Field(default=2.0, gt=0, le=300)


class SchedulerSettings(BaseModel):
    """When reminders, notices, recaps and reports fire, and who approves leave."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    tick_seconds: int = Field(default=60, ge=5, le=3600)
    check_in_reminder_minutes_before: int = Field(default=15, ge=1, le=240)
    lateness_notice_minutes_after: int = Field(default=15, ge=0, le=240)
    check_out_reminder_minutes_before: int = Field(default=10, ge=1, le=240)
    early_departure_notice: bool = True
    absence_notice: bool = True
    morning_recap_time: dt.time = dt.time(9, 0)
    evening_recap_time: dt.time = dt.time(18, 0)
    silent_device_time: dt.time = dt.time(9, 0)
    monthly_report_time: dt.time = dt.time(8, 0)
    reminder_catch_up_minutes: int = Field(default=30, ge=0, le=720)
    recap_catch_up_minutes: int = Field(default=180, ge=0, le=1440)
    close_catch_up_days: int = Field(default=7, ge=0, le=60)
    absence_lookback_days: int = Field(default=60, ge=7, le=366)
    leave_backdate_days: int = Field(default=7, ge=0, le=60)
    perangkat_approver: Literal["kades", "camat"] = "kades"
    kades_approver: Literal["camat"] = "camat"
    camat_may_approve_all: bool = True
    notify_kades_of_warnings: bool = True
    pacing: PacingSettings = PacingSettings()

    @model_validator(mode="after")
    def _recaps_ordered(self) -> SchedulerSettings:
        if self.evening_recap_time <= self.morning_recap_time:
            msg = (
                f"scheduler.evening_recap_time {self.evening_recap_time} must come after "
                f"morning_recap_time {self.morning_recap_time}."
            )
            raise ValueError(msg)
        return self
