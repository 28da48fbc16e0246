"""What the web admin calls things, in Bahasa Indonesia: statuses, roles, reasons, dates.

Role, leave and warning names and dates come from :mod:`attendance.vocabulary` and reason
sentences from the recognition and geofence packages, so the bot, the letters and the web say
the same words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from zoneinfo import ZoneInfo

from attendance.enums import (
    CommandStatus,
    DayStatus,
    DeviceStatus,
    HolidayKind,
    LeaveStatus,
    LeaveType,
    Role,
    Verdict,
    WarningLevel,
)
from attendance.vocabulary import (
    EVENT_NAMES,
    LEAVE_NAMES,
    LEVEL_NAMES,
    ROLE_NAMES,
    STATUS_NAMES,
    ZONE_NAMES,
    short_date,
)
from geofence.messages import REASON_TEXTS as LOCATION_TEXTS
from geofence.reason import Reason as LocationReason
from recognition.matcher import Reason as FaceReason
from recognition.messages import REASON_TEXTS as FACE_TEXTS

STATUS_LABELS: Mapping[DayStatus, str] = STATUS_NAMES
VERDICT_LABELS: Mapping[Verdict, str] = {
    Verdict.ACCEPTED: "Diterima",
    Verdict.REVIEW: "Menunggu pemeriksaan",
    Verdict.REJECTED: "Ditolak",
}
LEAVE_STATUS_LABELS: Mapping[LeaveStatus, str] = {
    LeaveStatus.PENDING: "Menunggu",
    LeaveStatus.APPROVED: "Disetujui",
    LeaveStatus.REJECTED: "Ditolak",
    LeaveStatus.CANCELLED: "Dibatalkan",
}
DEVICE_STATUS_LABELS: Mapping[DeviceStatus, str] = {
    DeviceStatus.PENDING: "Menunggu persetujuan",
    DeviceStatus.APPROVED: "Disetujui",
    DeviceStatus.BLOCKED: "Diblokir",
}
COMMAND_STATUS_LABELS: Mapping[CommandStatus, str] = {
    CommandStatus.QUEUED: "Menunggu dikirim",
    CommandStatus.SENT: "Terkirim",
    CommandStatus.DONE: "Selesai",
    CommandStatus.FAILED: "Gagal",
}
HOLIDAY_KIND_LABELS: Mapping[HolidayKind, str] = {
    HolidayKind.DAY_OFF: "Hari libur tambahan",
    HolidayKind.WORKING_DAY: "Tetap masuk kerja",
}
EVENT_KIND_LABELS = {kind.value: name for kind, name in EVENT_NAMES.items()} | {"punch": "Mesin"}
OTHER_REASONS = {
    "official_trip": "Absen dinas luar di lokasi tujuan.",
    "admin_correction": "Koreksi oleh admin.",
    "late": "Terlambat.",
    "early_departure": "Pulang sebelum waktunya.",
    "special_period": "Jam kerja khusus.",
    "worked_on_day_off": "Absen pada hari libur.",
    "before_registration": "Belum terdaftar pada tanggal ini.",
    "after_deactivation": "Sudah tidak aktif pada tanggal ini.",
    "awaiting_review": "Ada absen yang menunggu pemeriksaan.",
    "check_in_after_end": "Absen masuk sesudah jam kerja berakhir.",
}


def status_label(status: DayStatus | str) -> str:
    """Return the Indonesian name of a day status."""
    return STATUS_LABELS.get(DayStatus(status), str(status))


def role_label(role: Role | str) -> str:
    """Return the Indonesian name of a village position."""
    return ROLE_NAMES.get(Role(role), str(role))


def leave_label(leave_type: LeaveType | str | None) -> str:
    """Return the Indonesian name of a leave type."""
    if leave_type is None:
        return ""
    return LEAVE_NAMES.get(LeaveType(leave_type), str(leave_type))


def level_label(level: WarningLevel | str) -> str:
    """Return the short Indonesian name of a warning step."""
    return LEVEL_NAMES.get(WarningLevel(level), str(level))


def reason_label(code: str) -> str:
    """Return the sentence explaining a stored reason code, or the code when none is known."""
    prefix, _, rest = code.partition("_")
    if prefix == "face":
        try:
            return FACE_TEXTS[FaceReason(rest)]
        except (ValueError, KeyError):
            return code
    if prefix in ("location", "zone"):
        try:
            return LOCATION_TEXTS[LocationReason(rest)]
        except (ValueError, KeyError):
            return code
    if code.startswith("excused_"):
        return f"Berhalangan: {leave_label(code.removeprefix('excused_'))}."
    return OTHER_REASONS.get(code, code)


def local_time(instant: dt.datetime | None, timezone: str) -> str:
    """Return an instant as 'HH:MM WIB' in `timezone`, or '-' when there is none."""
    if instant is None:
        return "-"
    zone = ZONE_NAMES.get(timezone, "")
    return f"{instant.astimezone(ZoneInfo(timezone)):%H:%M} {zone}".strip()


def local_datetime(instant: dt.datetime | None, timezone: str) -> str:
    """Return an instant as '7 Des 2026 06:52 WIB' in `timezone`, or '-'."""
    if instant is None:
        return "-"
    local = instant.astimezone(ZoneInfo(timezone))
    return f"{short_date(local.date())} {local_time(instant, timezone)}"
