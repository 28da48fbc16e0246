"""Photos sent to the bot: whether one may be used as a live selfie, and downloading it.

Refused, each with its reason: a forwarded photo (it can be anyone's, from any day), a scheduled
message (sent by the phone later, not by the person now), a photo sent as a file (it keeps old
EXIF and skips Telegram's camera path), a message older than the allowed age (queued while the
service was down, or a phone clock trick), and a file larger than the limit.
"""

from __future__ import annotations

import datetime as dt

from telegram import Message

from config.settings import Settings

FORWARDED = "Foto terusan (forward) tidak bisa dipakai. Ambil swafoto baru dengan kamera."
SCHEDULED = "Pesan terjadwal tidak bisa dipakai untuk absen. Kirim swafoto langsung."
AS_FILE = (
    "Foto dikirim sebagai file. Kirim sebagai foto biasa: tekan ikon kamera, ambil swafoto, "
    "lalu kirim."
)
TOO_BIG = "Foto terlalu besar. Kirim swafoto biasa dari kamera."
FUTURE = "Waktu pesan tidak wajar. Periksa jam ponsel Anda, lalu kirim ulang."


def message_age(message: Message, now: dt.datetime) -> dt.timedelta:
    """Return how long ago Telegram says the message was sent."""
    return now - message.date


def photo_problem(message: Message, now: dt.datetime, settings: Settings) -> str | None:
    """Return why `message` cannot serve as a live selfie, or None when it can."""
    if message.forward_origin is not None:
        return FORWARDED
    if message.is_from_offline:
        return SCHEDULED
    if not message.photo:
        return AS_FILE
    age = message_age(message, now)
    if age > dt.timedelta(seconds=settings.telegram.max_message_age_seconds):
        return (
            "Foto ini terlambat diterima (lebih dari "
            f"{settings.telegram.max_message_age_seconds // 60 or 1} menit). "
            "Kirim swafoto baru sekarang."
        )
    if age < -dt.timedelta(seconds=30):
        return FUTURE
    size = message.photo[-1].file_size
    if size is not None and size > settings.telegram.max_photo_bytes:
        return TOO_BIG
    return None


async def download_photo(message: Message) -> bytes:
    """Download the largest size of the message's photo."""
    largest = message.photo[-1]
    file = await largest.get_file()
    return bytes(await file.download_as_bytearray())
