"""Tests for geofence.messages: Bahasa Indonesia texts for every reason, decision and verdict."""

from __future__ import annotations

import pytest

from attendance.enums import ZoneKind
from geofence import (
    Reason,
    TripResult,
    TrustResult,
    TrustVerdict,
    ZoneDecision,
    ZoneResult,
    reason_text,
    trip_message,
    trust_message,
    zone_message,
)
from geofence.messages import ZONE_PLACES, format_distance


def result(
    decision: ZoneDecision, edge: float, accuracy: float | None, *reasons: Reason
) -> ZoneResult:
    """Return an office zone result."""
    return ZoneResult(
        decision=decision,
        zone_kind=ZoneKind.OFFICE,
        zone_name="Kantor Desa Kragan",
        zone_id=1,
        edge_distance_m=edge,
        accuracy_m=accuracy,
        reasons=reasons,
    )


@pytest.mark.parametrize("reason", list(Reason))
def test_reason_text_exists_for_every_reason(reason: Reason) -> None:
    """Every reason code has a sentence ending in a full stop."""
    assert reason_text(reason).endswith(".")


@pytest.mark.parametrize("kind", list(ZoneKind))
def test_zone_places_cover_every_kind(kind: ZoneKind) -> None:
    """Every zone kind has a place name for people."""
    assert ZONE_PLACES[kind]


def test_zone_message_outside_reads_as_specified() -> None:
    """Outside by 350 m reads exactly as the issue's example."""
    message = zone_message(result(ZoneDecision.OUTSIDE, 350.4, 12, Reason.OUTSIDE_ZONE))

    assert message == (
        "Lokasi Anda di luar area kantor desa (±350 m). "
        "Kirim lokasi langsung (live location) dari kantor desa."
    )


def test_zone_message_inside() -> None:
    """Inside is a short confirmation."""
    message = zone_message(result(ZoneDecision.INSIDE, -20, 8, Reason.INSIDE_ZONE))

    assert message == "Lokasi Anda di dalam area kantor desa."


def test_zone_message_coarse_accuracy_asks_for_gps() -> None:
    """Too coarse an accuracy asks for high-accuracy GPS and shows the accuracy in km."""
    coarse = result(ZoneDecision.UNCERTAIN, 900, 1500, Reason.ACCURACY_TOO_COARSE)

    assert zone_message(coarse).startswith("Akurasi lokasi Anda terlalu rendah (±1,5 km).")


def test_zone_message_uncertain_edge_asks_to_wait() -> None:
    """A fix across the edge asks to wait for a better signal."""
    edge = result(ZoneDecision.UNCERTAIN, 5, 40, Reason.UNCERTAIN_EDGE)

    assert zone_message(edge).startswith("Lokasi Anda di tepi area kantor desa dan belum pasti")


@pytest.mark.parametrize(
    ("verdict", "start"),
    [
        (TrustVerdict.ACCEPT, "Lokasi diterima."),
        (TrustVerdict.REVIEW, "Lokasi Anda dicatat dan akan diperiksa petugas."),
        (TrustVerdict.REJECT, "Lokasi ditolak."),
    ],
)
def test_trust_message_per_verdict(verdict: TrustVerdict, start: str) -> None:
    """Each verdict opens with its sentence and lists the reasons after it."""
    message = trust_message(TrustResult(verdict=verdict, score=0, reasons=(Reason.FORWARDED,)))

    assert message == f"{start} {reason_text(Reason.FORWARDED)}"


def test_trip_message_refusal_lists_reasons() -> None:
    """A trip refused before any zone check explains why."""
    refused = TripResult(allowed=False, trip_id=3, zone=None, reasons=(Reason.TRIP_NOT_APPROVED,))

    assert trip_message(refused) == "Dinas luar belum disetujui."


@pytest.mark.parametrize(
    ("metres", "text"), [(0, "±0 m"), (349.6, "±350 m"), (999.4, "±999 m"), (1234, "±1,2 km")]
)
def test_format_distance(metres: float, text: str) -> None:
    """Distances are whole metres below 1 km and kilometres with a decimal comma above."""
    assert format_distance(metres) == text
