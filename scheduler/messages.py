"""What the scheduler tells people, in Bahasa Indonesia: short, and saying what to do.

Texts carry times and dates in the office's own zone. They never name another person except in
warnings and recaps meant for the Kades and the camat group.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from attendance.enums import WarningLevel
from attendance.vocabulary import LEVEL_NAMES, long_date, month_name, zone_name

LEVEL_TITLES = {
    WarningLevel.ORAL: "CATATAN TEGURAN LISAN",
    WarningLevel.WRITTEN_1: "SURAT TEGURAN TERTULIS (SP-1)",
    WarningLevel.WRITTEN_2: "SURAT TEGURAN TERTULIS (SP-2)",
    WarningLevel.WRITTEN_3: "SURAT TEGURAN TERTULIS (SP-3)",
    WarningLevel.SUSPENSION_PROPOSAL: "USULAN PEMBERHENTIAN SEMENTARA",
}


def clock(instant: dt.datetime, zone: ZoneInfo) -> str:
    """Return '07:00 WIB'."""
    return f"{instant.astimezone(zone):%H:%M} {zone_name(str(zone))}"


def check_in_reminder(start: dt.datetime, zone: ZoneInfo) -> str:
    """Remind someone who has not checked in that the day starts soon."""
    return (
        f"Pengingat: jam masuk hari ini pukul {clock(start, zone)}. "
        "Anda belum absen masuk. Silakan absen sebelum jam masuk."
    )


def lateness_notice(start: dt.datetime, zone: ZoneInfo) -> str:
    """Tell someone still missing after the start that they are late."""
    return (
        f"Anda belum absen masuk, padahal jam masuk pukul {clock(start, zone)} sudah lewat. "
        "Segera absen. Jika berhalangan, ajukan izin dengan /izin."
    )


def check_out_reminder(end: dt.datetime, zone: ZoneInfo) -> str:
    """Remind someone at work to check out at the end of the day."""
    return f"Pengingat: jam pulang pukul {clock(end, zone)}. Jangan lupa absen pulang."


def early_departure_notice(
    out: dt.datetime, end: dt.datetime, minutes: int, zone: ZoneInfo
) -> str:
    """Tell someone their check-out came before the end of the day."""
    return (
        f"Anda absen pulang pukul {clock(out, zone)}, {minutes} menit sebelum jam pulang "
        f"({clock(end, zone)}). Jika ada tugas atau keperluan, ajukan izin dengan /izin."
    )


def missing_check_out_notice(date: dt.date) -> str:
    """Tell someone their day was closed without a check-out (flagged, not silent)."""
    return (
        f"Anda tidak absen pulang pada {long_date(date)}. Hari itu dicatat "
        '"lupa absen pulang". Jika Anda pulang sesuai jam, minta koreksi ke operator '
        "kecamatan dengan alasannya."
    )


def absence_notice(date: dt.date) -> str:
    """Tell someone they were recorded absent without explanation."""
    return (
        f"Anda tercatat tidak hadir tanpa keterangan pada {long_date(date)}. "
        "Jika ada alasan, ajukan izin dengan /izin atau hubungi Kepala Desa."
    )


def silent_devices_notice(date: dt.date, lines: list[str]) -> str:
    """Tell the camat group which terminals have not been heard from this morning."""
    body = "\n".join(f"• {line}" for line in lines)
    return (
        f"Mesin absen belum terhubung pada {long_date(date)}:\n{body}\n"
        "Periksa listrik dan internet di kantor desa tersebut."
    )


def monthly_report_caption(year: int, month: int, people: int) -> str:
    """Caption of the monthly deduction report sent to the camat group."""
    return (
        f"Rekap perkiraan potongan tunjangan {month_name(year, month)} untuk {people} orang. "
        "Ini laporan, bukan potongan otomatis: periksa dan putuskan sesuai Perbup."
    )


def warning_notice(level: WarningLevel, name: str, village: str, reason: str) -> str:
    """Announce a warning step to the person, their Kades and the camat group."""
    return (
        f"{LEVEL_NAMES[level].capitalize()} untuk {name} (Desa {village}): {reason}. "
        "Surat terlampir. Perbaiki kehadiran; jika ada alasan sah, ajukan izin dengan /izin."
    )


def absence_reason(days: int) -> str:
    """Describe a run of unexplained absences."""
    return f"tidak hadir tanpa keterangan {days} hari kerja berturut-turut"


def lateness_reason(count: int, year: int, month: int) -> str:
    """Describe too many late days in a month."""
    return f"terlambat {count} kali pada {month_name(year, month)}"
