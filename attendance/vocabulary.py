"""The Indonesian words people are shown for the domain's values, and the dates built from them.

The bot, the scheduler's messages and letters, and the web admin all say "Senin, 7 Desember 2026",
"07:00 WIB", "dinas luar" or "SP-1" through this one module, so a person reads the same words in
chat, on paper and on screen.
"""

from __future__ import annotations

import datetime as dt

from attendance.enums import DayStatus, EventKind, LeaveType, Role, WarningLevel

DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
ZONE_NAMES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}
EVENT_NAMES = {
    EventKind.CHECK_IN: "Absen masuk",
    EventKind.CHECK_OUT: "Absen pulang",
    EventKind.PUNCH: "Absen",
}
LEAVE_NAMES = {
    LeaveType.PERMISSION: "izin",
    LeaveType.SICK: "sakit",
    LeaveType.LEAVE: "cuti",
    LeaveType.OFFICIAL_TRIP: "dinas luar",
    LeaveType.OUTAGE: "gangguan sistem",
}
ROLE_NAMES = {
    Role.KADES: "Kepala Desa",
    Role.SEKDES: "Sekretaris Desa",
    Role.KAUR: "Kepala Urusan",
    Role.KASI: "Kepala Seksi",
    Role.KADUS: "Kepala Dusun",
    Role.STAF: "Staf",
}
STATUS_NAMES = {
    DayStatus.ON_TIME: "Tepat waktu",
    DayStatus.LATE: "Terlambat",
    DayStatus.EARLY_DEPARTURE: "Pulang cepat",
    DayStatus.MISSING_CHECK_IN: "Tidak absen masuk",
    DayStatus.MISSING_CHECK_OUT: "Lupa absen pulang",
    DayStatus.PRESENT: "Hadir",
    DayStatus.PENDING: "Belum absen",
    DayStatus.ABSENT: "Alpa",
    DayStatus.EXCUSED: "Izin",
    DayStatus.HOLIDAY: "Libur",
    DayStatus.NON_WORKING_DAY: "Bukan hari kerja",
}
LEVEL_NAMES = {
    WarningLevel.ORAL: "teguran lisan",
    WarningLevel.WRITTEN_1: "SP-1",
    WarningLevel.WRITTEN_2: "SP-2",
    WarningLevel.WRITTEN_3: "SP-3",
    WarningLevel.SUSPENSION_PROPOSAL: "usulan pemberhentian sementara",
}


def zone_name(zone: str) -> str:
    """Return WIB, WITA or WIT for an Indonesian time zone, else the zone's own name."""
    return ZONE_NAMES.get(zone, zone)


def long_date(date: dt.date) -> str:
    """Return 'Senin, 7 Desember 2026'."""
    return f"{DAYS[date.weekday()]}, {plain_date(date)}"


def plain_date(date: dt.date) -> str:
    """Return '7 Desember 2026'."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def short_date(date: dt.date) -> str:
    """Return '7 Des 2026'."""
    return f"{date.day} {MONTHS[date.month - 1][:3]} {date.year}"


def month_name(year: int, month: int) -> str:
    """Return 'Desember 2026'."""
    return f"{MONTHS[month - 1]} {year}"
