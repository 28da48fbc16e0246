"""What the bot says, in Bahasa Indonesia: one place for every user-facing text.

Texts are short and say what to do next. Names of days and months are Indonesian; times are the
office's local time with its zone abbreviation (WIB, WITA, WIT).
"""

from __future__ import annotations

import datetime as dt

from attendance.day import AFTER_DEACTIVATION, AWAITING_REVIEW, BEFORE_REGISTRATION, DayResult
from attendance.enums import DayStatus, Role
from attendance.vocabulary import LEAVE_NAMES, zone_name

BUTTON_CHECK_IN = "Absen Masuk"
BUTTON_CHECK_OUT = "Absen Pulang"
BUTTON_STATUS = "Status"
BUTTON_HISTORY = "Riwayat"
BUTTON_HELP = "Bantuan"
BUTTON_CANCEL = "Batal"

STATUS_LABELS = {
    DayStatus.ON_TIME: "Tepat waktu",
    DayStatus.LATE: "Terlambat",
    DayStatus.EARLY_DEPARTURE: "Pulang sebelum waktunya",
    DayStatus.MISSING_CHECK_IN: "Tidak absen masuk",
    DayStatus.MISSING_CHECK_OUT: "Lupa absen pulang",
    DayStatus.PRESENT: "Hadir (belum absen pulang)",
    DayStatus.PENDING: "Belum absen",
    DayStatus.ABSENT: "Alpa (tanpa keterangan)",
    DayStatus.EXCUSED: "Berhalangan dengan izin",
    DayStatus.HOLIDAY: "Hari libur",
    DayStatus.NON_WORKING_DAY: "Bukan hari kerja",
}
ROLE_LABELS = {
    Role.KADES: "Kepala Desa",
    Role.SEKDES: "Sekretaris Desa",
    Role.KAUR: "Kaur",
    Role.KASI: "Kasi",
    Role.KADUS: "Kadus",
    Role.STAF: "Staf",
}

HELP = (
    "Si-Sregep — absensi Kepala Desa dan perangkat desa.\n\n"
    "• Absen Masuk / Absen Pulang: kirim swafoto (foto langsung dari kamera), lalu bagikan "
    "lokasi terkini (live location) dari kantor desa.\n"
    "• /status — absensi hari ini.\n"
    "• /riwayat — absensi 7 hari terakhir.\n"
    "• /daftarwajah — daftarkan wajah (3 swafoto).\n"
    "• /izin — ajukan izin, sakit, cuti atau dinas luar.\n"
    "• /batal — batalkan langkah yang sedang berjalan.\n\n"
    "Belum terdaftar? Minta kode ke kecamatan, lalu kirim /start KODE."
)
NOT_REGISTERED = (
    "Akun Telegram Anda belum terdaftar. Minta kode pendaftaran ke kecamatan, lalu kirim "
    "/start KODE."
)
NOT_UNDERSTOOD = "Pesan tidak dikenali. Pilih tombol di bawah, atau kirim /bantuan."
PHOTO_OUTSIDE_FLOW = (
    "Untuk absen, tekan Absen Masuk atau Absen Pulang dulu, lalu kirim swafoto. "
    "Untuk mendaftarkan wajah, kirim /daftarwajah."
)
START_NEEDS_CODE = "Selamat datang di Si-Sregep. " + NOT_REGISTERED
REGISTRATION_ERRORS = {
    "unknown": "Kode pendaftaran tidak dikenal. Periksa kembali kode dari kecamatan.",
    "used": "Kode ini sudah pernah dipakai. Minta kode baru ke kecamatan.",
    "expired": "Kode ini sudah kedaluwarsa. Minta kode baru ke kecamatan.",
    "inactive": "Data Anda sudah tidak aktif. Hubungi operator kecamatan.",
    "account_taken": "Akun Telegram ini sudah terhubung dengan orang lain. Hubungi operator "
    "kecamatan.",
}
PRIVATE_ONLY = "Perintah ini hanya bisa dipakai di chat pribadi dengan bot."
SOMETHING_WENT_WRONG = (
    "Maaf, terjadi gangguan saat memproses pesan Anda. Data Anda aman; silakan coba lagi "
    "beberapa saat lagi."
)
GROUP_REFUSED = "Maaf, perintah ini hanya untuk admin kecamatan yang terdaftar."


def registered(name: str, role: Role, village: str, enrolled: bool) -> str:
    """Confirm a registration."""
    text = (
        f"Pendaftaran berhasil. Akun ini terhubung dengan {name} ({ROLE_LABELS[role]}, {village})."
    )
    if not enrolled:
        text += "\nLangkah berikutnya: daftarkan wajah Anda dengan /daftarwajah."
    return text


def clock(instant: dt.datetime | None, zone: str) -> str:
    """Format an instant as local 'HH:MM' or '-'."""
    if instant is None:
        return "-"
    from zoneinfo import ZoneInfo

    return instant.astimezone(ZoneInfo(zone)).strftime("%H:%M")


def day_summary(result: DayResult, zone: str) -> str:
    """Describe one day: its status, minutes, and the check-in and check-out times."""
    if BEFORE_REGISTRATION in result.reasons:
        return "Belum terdaftar di Si-Sregep pada tanggal ini."
    if AFTER_DEACTIVATION in result.reasons:
        return "Sudah tidak aktif di Si-Sregep pada tanggal ini."
    label = STATUS_LABELS[result.status]
    if result.status is DayStatus.EXCUSED and result.leave_type is not None:
        label += f" ({LEAVE_NAMES[result.leave_type]})"
    details = []
    if result.late_minutes:
        # "Terlambat 12 menit", not "Terlambat: terlambat 12 menit".
        late = f"{result.late_minutes} menit"
        details.append(late if result.status is DayStatus.LATE else f"terlambat {late}")
    if result.early_minutes:
        details.append(f"pulang {result.early_minutes} menit lebih awal")
    if details:
        label += (" " if result.status is DayStatus.LATE else ": ") + ", ".join(details)
    text = f"{label}."
    if result.first_in or result.last_out:
        abbreviation = zone_name(zone)
        arrived = (
            f"masuk {clock(result.first_in, zone)} {abbreviation}"
            if result.first_in
            else "tanpa absen masuk"
        )
        left = (
            f"pulang {clock(result.last_out, zone)} {abbreviation}"
            if result.last_out
            else "belum absen pulang"
        )
        text += f" ({arrived}, {left})"
    if AWAITING_REVIEW in result.reasons:
        text += " Ada absen yang menunggu pemeriksaan camat."
    return text
