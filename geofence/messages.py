"""Short Bahasa Indonesia texts for people: one per reason, and one per decision or verdict.

The bot sends these; reviewers see the reason codes next to them. Distances are rounded for
people (whole metres, or kilometres with a decimal comma) and never include coordinates.
"""

from __future__ import annotations

from types import MappingProxyType

from attendance.enums import ZoneKind
from geofence.decision import ZoneDecision, ZoneResult
from geofence.errors import (
    BoundaryFileError,
    GeofenceError,
    InvalidAccuracy,
    InvalidCoordinate,
    InvalidLocationFix,
    InvalidPolygon,
    InvalidZone,
)
from geofence.reason import Reason
from geofence.trip import TripResult
from geofence.trust import TrustResult, TrustVerdict

RESEND = "Kirim lokasi langsung (live location) dari {place}."

ZONE_PLACES = MappingProxyType(
    {
        ZoneKind.OFFICE: "kantor desa",
        ZoneKind.HALL: "balai desa",
        ZoneKind.DISTRICT_OFFICE: "kantor kecamatan",
        ZoneKind.OTHER: "lokasi tugas",
        ZoneKind.TRIP_DESTINATION: "lokasi tujuan dinas luar",
    }
)

REASON_TEXTS = MappingProxyType(
    {
        Reason.INSIDE_ZONE: "Lokasi berada di dalam area.",
        Reason.OUTSIDE_ZONE: "Lokasi berada di luar area.",
        Reason.UNCERTAIN_EDGE: "Lokasi di tepi area dan akurasinya belum cukup untuk memastikan.",
        Reason.ACCURACY_MISSING: "Lokasi belum menyertakan akurasi GPS.",
        Reason.ACCURACY_TOO_COARSE: "Akurasi GPS terlalu rendah.",
        Reason.ACCURACY_IMPLAUSIBLE: "Akurasi GPS tidak wajar.",
        Reason.STATIC_LOCATION: (
            "Yang dikirim bukan lokasi langsung (live location); titik di peta tidak bisa "
            "dipakai sebagai bukti."
        ),
        Reason.FORWARDED: "Lokasi diteruskan (forward) dari pesan lain.",
        Reason.VENUE: "Yang dikirim adalah nama tempat dari daftar, bukan lokasi Anda.",
        Reason.SCHEDULED_MESSAGE: "Lokasi dikirim sebagai pesan terjadwal.",
        Reason.LIVE_PERIOD_TOO_SHORT: "Durasi lokasi langsung terlalu singkat.",
        Reason.NO_FRESH_UPDATE: "Belum ada pembaruan lokasi langsung yang baru.",
        Reason.STALE_MESSAGE: "Pesan lokasi sudah lama terkirim.",
        Reason.FUTURE_MESSAGE: "Waktu pesan tidak cocok dengan jam server.",
        Reason.IMPOSSIBLE_TRAVEL: "Perpindahan dari lokasi sebelumnya terlalu cepat.",
        Reason.COORDINATES_REUSED: "Koordinat sama persis dengan lokasi Anda di hari lain.",
        Reason.COORDINATES_SHARED_WITH_OTHER_PERSON: (
            "Koordinat sama persis dengan lokasi orang lain."
        ),
        Reason.EXACT_OFFICE_POINT: "Koordinat sama persis dengan titik kantor yang tercatat.",
        Reason.OFFICIAL_TRIP: "Absen dinas luar di lokasi tujuan.",
        Reason.NO_OFFICIAL_TRIP: "Tidak ada dinas luar yang disetujui untuk hari ini.",
        Reason.TRIP_NOT_APPROVED: "Dinas luar belum disetujui.",
        Reason.TRIP_NOT_TODAY: "Dinas luar tidak berlaku untuk tanggal ini.",
        Reason.TRIP_WITHOUT_DESTINATION: "Dinas luar belum memiliki lokasi tujuan.",
    }
)

ERROR_TEXTS: MappingProxyType[type[GeofenceError], str] = MappingProxyType(
    {
        InvalidCoordinate: "Koordinat tidak valid: lintang -90 s.d. 90, bujur -180 s.d. 180.",
        InvalidAccuracy: "Akurasi GPS harus angka 0 atau lebih (meter).",
        InvalidPolygon: "Batas wilayah bukan poligon yang sah (titik kurang atau bersilangan).",
        InvalidZone: "Area tidak valid: periksa titik pusat dan radiusnya (meter, lebih dari 0).",
        InvalidLocationFix: "Data lokasi tidak lengkap atau saling bertentangan.",
        BoundaryFileError: "Berkas batas desa bukan GeoJSON FeatureCollection yang dapat dibaca.",
    }
)


def error_text(err: GeofenceError) -> str:
    """Return what a person is told about a geofence error, in Bahasa Indonesia."""
    for kind in type(err).__mro__:
        if kind in ERROR_TEXTS:
            return ERROR_TEXTS[kind]
    return "Lokasi atau area tidak dapat diproses."


def reason_text(reason: Reason) -> str:
    """Return the sentence that explains `reason` to a person."""
    return REASON_TEXTS[reason]


def zone_message(result: ZoneResult) -> str:
    """Return what to tell a person about a zone decision."""
    place = ZONE_PLACES[result.zone_kind]
    resend = RESEND.format(place=place)
    if result.decision is ZoneDecision.INSIDE:
        return f"Lokasi Anda di dalam area {place}."
    if Reason.ACCURACY_TOO_COARSE in result.reasons:
        return (
            f"Akurasi lokasi Anda terlalu rendah ({format_distance(result.accuracy_m or 0.0)}). "
            f"Nyalakan GPS mode akurasi tinggi, tunggu sebentar, lalu kirim ulang. {resend}"
        )
    if result.decision is ZoneDecision.OUTSIDE:
        return f"Lokasi Anda di luar area {place} ({format_distance(result.distance_m)}). {resend}"
    return (
        f"Lokasi Anda di tepi area {place} dan belum pasti "
        f"(akurasi {format_distance(result.accuracy_m or 0.0)}). "
        f"Tunggu sinyal GPS lebih baik, lalu kirim ulang. {resend}"
    )


def trust_message(result: TrustResult) -> str:
    """Return what to tell a person about a trust verdict."""
    details = " ".join(reason_text(reason) for reason in result.reasons)
    if result.verdict is TrustVerdict.ACCEPT:
        return f"Lokasi diterima. {details}".strip()
    if result.verdict is TrustVerdict.REVIEW:
        return f"Lokasi Anda dicatat dan akan diperiksa petugas. {details}".strip()
    return f"Lokasi ditolak. {details}".strip()


def trip_message(result: TripResult) -> str:
    """Return what to tell a person about a dinas-luar check-in."""
    if result.allowed:
        return reason_text(Reason.OFFICIAL_TRIP)
    if result.zone is not None:
        return zone_message(result.zone)
    return " ".join(reason_text(reason) for reason in result.reasons)


def format_distance(metres: float) -> str:
    """Return a distance for people: ``±350 m`` or ``±1,2 km``."""
    if metres < 1000:
        return f"±{round(metres)} m"
    return f"±{metres / 1000:.1f} km".replace(".", ",")
