"""Enumerations of the attendance domain; their values are what the database stores."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """What a person is in the village government."""

    KADES = "kades"
    SEKDES = "sekdes"
    KAUR = "kaur"
    KASI = "kasi"
    KADUS = "kadus"
    STAF = "staf"


class EventSource(StrEnum):
    """Where an attendance event came from."""

    TELEGRAM = "telegram"
    TERMINAL = "terminal"
    ADMIN = "admin"


class EventKind(StrEnum):
    """What an event claims: explicit check-in/out from chat, or an unlabelled terminal punch."""

    CHECK_IN = "check_in"
    CHECK_OUT = "check_out"
    PUNCH = "punch"


class Verdict(StrEnum):
    """Whether an event counts: accepted counts, review waits for a person, rejected never."""

    ACCEPTED = "accepted"
    REVIEW = "review"
    REJECTED = "rejected"


class DayStatus(StrEnum):
    """The derived status of one person on one office-local date."""

    ON_TIME = "on_time"
    LATE = "late"
    EARLY_DEPARTURE = "early_departure"
    MISSING_CHECK_IN = "missing_check_in"
    MISSING_CHECK_OUT = "missing_check_out"
    PRESENT = "present"
    PENDING = "pending"
    ABSENT = "absent"
    EXCUSED = "excused"
    HOLIDAY = "holiday"
    NON_WORKING_DAY = "non_working_day"


class LeaveType(StrEnum):
    """Kinds of excuse: izin, sakit, cuti, dinas luar."""

    PERMISSION = "permission"
    SICK = "sick"
    LEAVE = "leave"
    OFFICIAL_TRIP = "official_trip"
    OUTAGE = "outage"


class LeaveStatus(StrEnum):
    """Where a leave request stands."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


class HolidayKind(StrEnum):
    """What a local override does to a date."""

    DAY_OFF = "day_off"
    WORKING_DAY = "working_day"


class WarningLevel(StrEnum):
    """The warning ladder, lowest first."""

    ORAL = "oral"
    WRITTEN_1 = "written_1"
    WRITTEN_2 = "written_2"
    WRITTEN_3 = "written_3"
    SUSPENSION_PROPOSAL = "suspension_proposal"


class AdminRole(StrEnum):
    """What a web-admin account may do."""

    CAMAT = "camat"
    OPERATOR = "operator"
    KADES = "kades"
    VIEWER = "viewer"


class DeviceStatus(StrEnum):
    """Whether a terminal's pushes are trusted."""

    PENDING = "pending"
    APPROVED = "approved"
    BLOCKED = "blocked"


class CommandStatus(StrEnum):
    """Where a terminal command stands."""

    QUEUED = "queued"
    SENT = "sent"
    DONE = "done"
    FAILED = "failed"


class OutboxStatus(StrEnum):
    """Delivery state of one outgoing message."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    BLOCKED = "blocked"


class ZoneKind(StrEnum):
    """What a geofence zone stands for."""

    OFFICE = "office"
    HALL = "hall"
    DISTRICT_OFFICE = "district_office"
    OTHER = "other"
    TRIP_DESTINATION = "trip_destination"


class ZoneShape(StrEnum):
    """How a zone's area is described."""

    CIRCLE = "circle"
    POLYGON = "polygon"


class LocationSource(StrEnum):
    """How trustworthy a zone's position is."""

    CENTROID = "centroid"
    SURVEYED = "surveyed"
    IMPORTED = "imported"
