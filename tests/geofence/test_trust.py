"""Tests for geofence.trust: one case per signal, the score, the verdict cuts, bad facts."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from config.geofence import GeofenceSettings
from geofence import (
    Coordinate,
    InvalidAccuracy,
    InvalidLocationFix,
    LocationFix,
    PreviousFix,
    Reason,
    TrustContext,
    TrustVerdict,
    assess_trust,
)
from tests.geofence.places import move

NOW = dt.datetime(2026, 3, 2, 0, 5, tzinfo=dt.UTC)  # 07:05 WIB
KRAGAN = Coordinate(lat=-6.698888, lng=111.615907)
AT_OFFICE = move(KRAGAN, 40, 18.3)


def live_fix(**changes: Any) -> LocationFix:
    """Return a good live fix at Kragan's office (sent 90 s ago, updated 10 s ago), changed."""
    fix = LocationFix(
        point=AT_OFFICE,
        message_at=NOW - dt.timedelta(seconds=90),
        received_at=NOW,
        horizontal_accuracy_m=12,
        live_period_s=900,
        live_updates=3,
        first_update_at=NOW - dt.timedelta(seconds=60),
        last_update_at=NOW - dt.timedelta(seconds=10),
    )
    return dataclasses.replace(fix, **changes)


def test_assess_trust_good_live_fix_is_accepted() -> None:
    """A fresh, updated, accurate live location with clean history is accepted at 100."""
    result = assess_trust(live_fix())

    assert (result.verdict, result.score, result.reasons) == (TrustVerdict.ACCEPT, 100, ())


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        (
            {
                "live_period_s": None,
                "live_updates": 0,
                "first_update_at": None,
                "last_update_at": None,
            },
            Reason.STATIC_LOCATION,
        ),
        ({"forwarded": True}, Reason.FORWARDED),
        ({"venue": True}, Reason.VENUE),
        ({"scheduled": True}, Reason.SCHEDULED_MESSAGE),
    ],
)
def test_assess_trust_rejecting_signal_rejects(changes: dict[str, Any], reason: Reason) -> None:
    """A static pin, a forward, a venue or a scheduled message is rejected outright."""
    result = assess_trust(live_fix(**changes))

    assert result.verdict is TrustVerdict.REJECT
    assert reason in result.reasons
    assert result.score == 0


def test_assess_trust_static_pin_rejects_whatever_the_cuts() -> None:
    """Even with cuts at 0, a static location is rejected."""
    settings = GeofenceSettings(review_below_score=0, reject_below_score=0)

    result = assess_trust(live_fix(live_period_s=None), settings=settings)

    assert result.verdict is TrustVerdict.REJECT


@pytest.mark.parametrize(
    ("changes", "reason", "score"),
    [
        ({"live_period_s": 60}, Reason.LIVE_PERIOD_TOO_SHORT, 80),
        (
            {
                "live_updates": 0,
                "first_update_at": None,
                "last_update_at": None,
                "horizontal_accuracy_m": 12,
            },
            Reason.NO_FRESH_UPDATE,
            70,
        ),
        (
            {
                "first_update_at": NOW - dt.timedelta(seconds=200),
                "last_update_at": NOW - dt.timedelta(seconds=121),
            },
            Reason.NO_FRESH_UPDATE,
            70,
        ),
        (
            {
                "message_at": NOW - dt.timedelta(seconds=301),
                "first_update_at": NOW - dt.timedelta(seconds=30),
            },
            Reason.STALE_MESSAGE,
            80,
        ),
        (
            {
                "message_at": NOW + dt.timedelta(seconds=31),
                "last_update_at": None,
                "first_update_at": None,
            },
            Reason.FUTURE_MESSAGE,
            None,
        ),
        ({"last_update_at": NOW + dt.timedelta(seconds=45)}, Reason.FUTURE_MESSAGE, 80),
        ({"horizontal_accuracy_m": None}, Reason.ACCURACY_MISSING, 70),
        ({"horizontal_accuracy_m": 150}, Reason.ACCURACY_TOO_COARSE, 70),
        ({"horizontal_accuracy_m": 1500}, Reason.ACCURACY_TOO_COARSE, 70),
        ({"horizontal_accuracy_m": 0}, Reason.ACCURACY_IMPLAUSIBLE, 80),
    ],
)
def test_assess_trust_doubtful_signal_goes_to_review(
    changes: dict[str, Any], reason: Reason, score: int | None
) -> None:
    """Each doubtful message or time signal lowers the score and sends the fix to review."""
    result = assess_trust(live_fix(**changes))

    assert reason in result.reasons
    assert result.verdict is not TrustVerdict.ACCEPT
    if score is not None:
        assert result.reasons == (reason,)
        assert (result.verdict, result.score) == (TrustVerdict.REVIEW, score)


def test_assess_trust_live_fix_without_updates_lacks_accuracy_too() -> None:
    """A live location judged before its first update has neither update nor accuracy: review."""
    fix = live_fix(
        live_updates=0, first_update_at=None, last_update_at=None, horizontal_accuracy_m=None
    )

    result = assess_trust(fix)

    assert result.reasons == (Reason.NO_FRESH_UPDATE, Reason.ACCURACY_MISSING)
    assert (result.verdict, result.score) == (TrustVerdict.REVIEW, 40)


def test_assess_trust_impossible_travel_from_sumbersari() -> None:
    """At Sumbersari 150 s ago and at Kragan's office now (7.8 km, about 200 km/h): review."""
    previous = PreviousFix(
        point=Coordinate(lat=-6.652762, lng=111.562877),
        at=NOW - dt.timedelta(seconds=150),
        accuracy_m=10,
    )

    result = assess_trust(live_fix(), TrustContext(previous_fix=previous))

    assert result.reasons == (Reason.IMPOSSIBLE_TRAVEL,)
    assert (result.verdict, result.score) == (TrustVerdict.REVIEW, 40)


def test_assess_trust_fast_but_possible_travel_passes() -> None:
    """The same 7.8 km in 10 minutes (~47 km/h on a motorbike) is possible."""
    previous = PreviousFix(
        point=Coordinate(lat=-6.652762, lng=111.562877), at=NOW - dt.timedelta(minutes=10)
    )

    result = assess_trust(live_fix(), TrustContext(previous_fix=previous))

    assert result.verdict is TrustVerdict.ACCEPT


def test_assess_trust_travel_within_accuracy_is_forgiven() -> None:
    """A jump of 150 m in the same second is forgiven: accuracies plus allowance cover it."""
    fix = live_fix(horizontal_accuracy_m=30)
    previous = PreviousFix(point=move(AT_OFFICE, 180, 150), at=fix.fix_at, accuracy_m=25)

    result = assess_trust(fix, TrustContext(previous_fix=previous))

    assert result.verdict is TrustVerdict.ACCEPT


def test_assess_trust_jump_with_no_time_is_impossible() -> None:
    """A jump of 500 m reported at the same instant cannot be travelled."""
    fix = live_fix()
    previous = PreviousFix(point=move(AT_OFFICE, 180, 500), at=fix.fix_at, accuracy_m=10)

    result = assess_trust(fix, TrustContext(previous_fix=previous))

    assert Reason.IMPOSSIBLE_TRAVEL in result.reasons


def test_assess_trust_same_point_as_an_earlier_day() -> None:
    """Exactly yesterday's coordinates (to 6 decimals) are reused: review."""
    yesterday = Coordinate(lat=round(AT_OFFICE.lat, 6), lng=round(AT_OFFICE.lng, 6))
    fix = live_fix(point=Coordinate(lat=yesterday.lat + 2e-8, lng=yesterday.lng))

    result = assess_trust(fix, TrustContext(earlier_points=frozenset({yesterday})))

    assert result.reasons == (Reason.COORDINATES_REUSED,)
    assert (result.verdict, result.score) == (TrustVerdict.REVIEW, 60)


def test_assess_trust_nearby_earlier_point_is_not_reuse() -> None:
    """A point 1 m from yesterday's is a new fix, not a reused one."""
    context = TrustContext(earlier_points=frozenset({move(AT_OFFICE, 90, 1)}))

    assert assess_trust(live_fix(), context).verdict is TrustVerdict.ACCEPT


def test_assess_trust_same_point_as_another_person() -> None:
    """Another official's exact coordinates: review."""
    context = TrustContext(other_people_points=frozenset({AT_OFFICE}))

    result = assess_trust(live_fix(), context)

    assert result.reasons == (Reason.COORDINATES_SHARED_WITH_OTHER_PERSON,)
    assert (result.verdict, result.score) == (TrustVerdict.REVIEW, 40)


def test_assess_trust_exact_office_point() -> None:
    """A fix exactly on the configured office point (a copied coordinate) is reviewed."""
    context = TrustContext(office_points=(KRAGAN,))

    result = assess_trust(live_fix(point=KRAGAN), context)

    assert result.reasons == (Reason.EXACT_OFFICE_POINT,)
    assert (result.verdict, result.score) == (TrustVerdict.REVIEW, 40)


def test_assess_trust_several_doubts_add_up_to_reject() -> None:
    """Office point copied and stale: 100 − 60 − 20 = 20, below the reject cut of 40."""
    fix = live_fix(point=KRAGAN, message_at=NOW - dt.timedelta(minutes=10))

    result = assess_trust(fix, TrustContext(office_points=(KRAGAN,)))

    assert result.reasons == (Reason.STALE_MESSAGE, Reason.EXACT_OFFICE_POINT)
    assert (result.verdict, result.score) == (TrustVerdict.REJECT, 20)


def test_assess_trust_review_cut_lets_minor_signal_pass() -> None:
    """With review_below_score 80, a lone short live period (score 80) is accepted, with reason."""
    settings = GeofenceSettings(review_below_score=80)

    result = assess_trust(live_fix(live_period_s=60), settings=settings)

    assert (result.verdict, result.reasons) == (
        TrustVerdict.ACCEPT,
        (Reason.LIVE_PERIOD_TOO_SHORT,),
    )


def test_assess_trust_to_dict() -> None:
    """The result serialises as verdict, score and reason codes."""
    result = assess_trust(live_fix(horizontal_accuracy_m=None))

    assert result.to_dict() == {"verdict": "review", "score": 70, "reasons": ["accuracy_missing"]}


def test_location_fix_naive_time_is_refused() -> None:
    """A naive datetime cannot be compared with the server clock and is refused by name."""
    with pytest.raises(InvalidLocationFix, match=r"^message_at .* has no time zone"):
        live_fix(message_at=dt.datetime(2026, 3, 2, 7, 5))


def test_location_fix_updates_out_of_order_are_refused() -> None:
    """The last update cannot be before the first."""
    with pytest.raises(InvalidLocationFix, match=r"last_update_at .* is before first_update_at"):
        live_fix(first_update_at=NOW, last_update_at=NOW - dt.timedelta(seconds=5))


@pytest.mark.parametrize("field", ["live_period_s", "live_updates"])
def test_location_fix_negative_counts_are_refused(field: str) -> None:
    """Negative live periods and update counts are refused."""
    with pytest.raises(InvalidLocationFix, match=f"^{field} -1 is negative"):
        live_fix(**{field: -1})


def test_location_fix_nan_accuracy_is_refused() -> None:
    """A NaN accuracy is an input error."""
    with pytest.raises(InvalidAccuracy):
        live_fix(horizontal_accuracy_m=float("nan"))
