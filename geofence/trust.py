"""Location trust: how far a reported location can be believed, from every signal the chat gives.

No signal proves a phone was at the office: Android mock-location apps feed Telegram's live
location too, and the Bot API does not say whether a point was a map pin or a GPS fix (research
`telegram.md` §4, field lessons §4-A). So each signal costs penalty points from a score of 100
and names a reason; the verdict is `accept`, `review` (a person decides) or `reject`.

Policy, one line per signal (penalty; what it means):

* ``static_location`` (100, always rejects): no ``live_period``. A static location can be a pin
  dropped anywhere on the map, so it is never proof.
* ``forwarded`` (100, always rejects): the message has a ``forward_origin``; it is someone's
  earlier location.
* ``venue`` (100, always rejects): a place picked from a list, not a position.
* ``scheduled_message`` (100, always rejects): ``is_from_offline``, sent by a scheduled message.
* ``impossible_travel`` (60): from the person's previous fix to this one is faster than
  ``max_travel_speed_kmh`` after forgiving both accuracies and ``travel_allowance_m``.
* ``exact_office_point`` (60): the fix equals a configured office point to
  ``coordinate_match_decimals`` places; a real GPS fix never lands on it exactly, a copied one
  does.
* ``coordinates_shared_with_other_person`` (60): another person reported exactly this point.
* ``coordinates_reused`` (40): this person reported exactly this point on an earlier day.
* ``accuracy_missing`` (30): no ``horizontal_accuracy``. Telegram sets it only on live-location
  updates, so a live location without it has not been updated yet.
* ``accuracy_too_coarse`` (30): accuracy worse than ``max_accuracy_m``.
* ``no_fresh_update`` (30): a live location with fewer than ``min_live_updates`` updates, or
  whose newest update is older than ``fresh_update_s``.
* ``live_period_too_short`` (20): shared for less than ``min_live_period_s``.
* ``stale_message`` (20): the message was sent more than ``stale_message_s`` before the server
  judged it (queued while the bot was down, or an old live location). Reviewed, not rejected:
  the person may have been on time.
* ``future_message`` (20): the message or its newest update is dated more than
  ``future_tolerance_s`` after the server clock. Telegram sets these times, so our clock is
  suspect; a person should look.
* ``accuracy_implausible`` (20): accuracy below ``min_plausible_accuracy_m`` (such as 0), which
  real phones do not report and fake-GPS apps often do.

Verdict: `reject` when a rejecting signal is present or the score is below
``reject_below_score``; `review` when the score is below ``review_below_score`` (by default 100,
so any signal at all is reviewed and nothing doubtful passes silently); `accept` otherwise.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from config.geofence import DEFAULT_GEOFENCE, GeofenceSettings
from geofence.errors import InvalidLocationFix
from geofence.point import Coordinate, check_accuracy
from geofence.reason import Reason

FULL_SCORE = 100

PENALTY = MappingProxyType(
    {
        Reason.STATIC_LOCATION: 100,
        Reason.FORWARDED: 100,
        Reason.VENUE: 100,
        Reason.SCHEDULED_MESSAGE: 100,
        Reason.IMPOSSIBLE_TRAVEL: 60,
        Reason.EXACT_OFFICE_POINT: 60,
        Reason.COORDINATES_SHARED_WITH_OTHER_PERSON: 60,
        Reason.COORDINATES_REUSED: 40,
        Reason.ACCURACY_MISSING: 30,
        Reason.ACCURACY_TOO_COARSE: 30,
        Reason.NO_FRESH_UPDATE: 30,
        Reason.LIVE_PERIOD_TOO_SHORT: 20,
        Reason.STALE_MESSAGE: 20,
        Reason.FUTURE_MESSAGE: 20,
        Reason.ACCURACY_IMPLAUSIBLE: 20,
    }
)
"""Points each reason takes from the score of 100."""

REJECTING = frozenset(
    {Reason.STATIC_LOCATION, Reason.FORWARDED, Reason.VENUE, Reason.SCHEDULED_MESSAGE}
)
"""Reasons that reject whatever the score and the cuts are."""


class TrustVerdict(StrEnum):
    """What happens to a check-in location."""

    ACCEPT = "accept"
    REVIEW = "review"
    REJECT = "reject"


@dataclass(frozen=True, slots=True)
class LocationFix:
    """What the chat says about one location message and its live updates.

    `point` and `horizontal_accuracy_m` come from the newest live update when there is one
    (Telegram sends updates as edited messages), else from the message itself. Times are
    timezone-aware: `message_at` is ``Message.date``, `received_at` the server clock when judged.
    """

    point: Coordinate
    message_at: dt.datetime
    received_at: dt.datetime
    horizontal_accuracy_m: float | None = None
    live_period_s: int | None = None
    live_updates: int = 0
    first_update_at: dt.datetime | None = None
    last_update_at: dt.datetime | None = None
    forwarded: bool = False
    venue: bool = False
    scheduled: bool = False

    def __post_init__(self) -> None:
        for name in ("message_at", "received_at", "first_update_at", "last_update_at"):
            _check_aware(name, getattr(self, name))
        check_accuracy(self.horizontal_accuracy_m)
        if self.live_period_s is not None and self.live_period_s < 0:
            msg = f"live_period_s {self.live_period_s} is negative. It must be 0 or more."
            raise InvalidLocationFix(msg)
        if self.live_updates < 0:
            msg = f"live_updates {self.live_updates} is negative. It must be 0 or more."
            raise InvalidLocationFix(msg)
        first, last = self.first_update_at, self.last_update_at
        if first is not None and last is not None and last < first:
            msg = (
                f"last_update_at {last.isoformat()} is before first_update_at "
                f"{first.isoformat()}. Updates must be in time order."
            )
            raise InvalidLocationFix(msg)

    @property
    def is_live(self) -> bool:
        """Return True when the location was shared as a live location."""
        return self.live_period_s is not None

    @property
    def fix_at(self) -> dt.datetime:
        """Return when `point` was reported: the newest update, else the message."""
        return self.last_update_at or self.message_at


@dataclass(frozen=True, slots=True)
class PreviousFix:
    """The person's last accepted position before this one."""

    point: Coordinate
    at: dt.datetime
    accuracy_m: float | None = None

    def __post_init__(self) -> None:
        _check_aware("at", self.at)
        check_accuracy(self.accuracy_m)


@dataclass(frozen=True, slots=True)
class TrustContext:
    """What storage knows that the message does not: history and the office points."""

    previous_fix: PreviousFix | None = None
    earlier_points: frozenset[Coordinate] = frozenset()
    """Points this person reported on earlier days."""
    other_people_points: frozenset[Coordinate] = frozenset()
    """Points other people reported (any day)."""
    office_points: tuple[Coordinate, ...] = ()
    """Configured office points (circle centres) of the person's zones."""


@dataclass(frozen=True, slots=True)
class TrustResult:
    """A trust verdict with its score (0–100) and the reasons that lowered it."""

    verdict: TrustVerdict
    score: int
    reasons: tuple[Reason, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the result as JSON-ready values."""
        return {
            "verdict": self.verdict.value,
            "score": self.score,
            "reasons": [reason.value for reason in self.reasons],
        }


def assess_trust(
    fix: LocationFix,
    context: TrustContext | None = None,
    *,
    settings: GeofenceSettings = DEFAULT_GEOFENCE,
) -> TrustResult:
    """Score how far `fix` can be believed and decide accept, review or reject."""
    context = context or TrustContext()
    reasons = [
        *_message_signals(fix, settings),
        *_time_signals(fix, settings),
        *_accuracy_signals(fix, settings),
        *_history_signals(fix, context, settings),
    ]

    score = max(0, FULL_SCORE - sum(PENALTY[reason] for reason in reasons))
    if REJECTING.intersection(reasons) or score < settings.reject_below_score:
        verdict = TrustVerdict.REJECT
    elif score < settings.review_below_score:
        verdict = TrustVerdict.REVIEW
    else:
        verdict = TrustVerdict.ACCEPT

    return TrustResult(verdict=verdict, score=score, reasons=tuple(reasons))


def _message_signals(fix: LocationFix, settings: GeofenceSettings) -> list[Reason]:
    """Judge the kind of message: live or static, forwarded, venue, scheduled."""
    reasons: list[Reason] = []
    if fix.forwarded:
        reasons.append(Reason.FORWARDED)
    if fix.venue:
        reasons.append(Reason.VENUE)
    if fix.scheduled:
        reasons.append(Reason.SCHEDULED_MESSAGE)
    if fix.live_period_s is None:
        reasons.append(Reason.STATIC_LOCATION)
        return reasons

    if fix.live_period_s < settings.min_live_period_s:
        reasons.append(Reason.LIVE_PERIOD_TOO_SHORT)
    last = fix.last_update_at
    if (
        fix.live_updates < settings.min_live_updates
        or last is None
        or _seconds(last, fix.received_at) > settings.fresh_update_s
    ):
        reasons.append(Reason.NO_FRESH_UPDATE)
    return reasons


def _time_signals(fix: LocationFix, settings: GeofenceSettings) -> list[Reason]:
    """Compare the message's and the newest update's times with the server clock."""
    reasons: list[Reason] = []
    if _seconds(fix.message_at, fix.received_at) > settings.stale_message_s:
        reasons.append(Reason.STALE_MESSAGE)
    newest = max(fix.message_at, fix.fix_at)
    if _seconds(fix.received_at, newest) > settings.future_tolerance_s:
        reasons.append(Reason.FUTURE_MESSAGE)
    return reasons


def _accuracy_signals(fix: LocationFix, settings: GeofenceSettings) -> list[Reason]:
    """Judge the reported horizontal accuracy."""
    accuracy = fix.horizontal_accuracy_m
    if accuracy is None:
        return [Reason.ACCURACY_MISSING]
    if accuracy > settings.max_accuracy_m:
        return [Reason.ACCURACY_TOO_COARSE]
    if accuracy < settings.min_plausible_accuracy_m:
        return [Reason.ACCURACY_IMPLAUSIBLE]
    return []


def _history_signals(
    fix: LocationFix, context: TrustContext, settings: GeofenceSettings
) -> list[Reason]:
    """Compare the point with the person's previous fix, earlier points and the office."""
    reasons: list[Reason] = []
    if context.previous_fix is not None and _travel_impossible(
        fix, context.previous_fix, settings
    ):
        reasons.append(Reason.IMPOSSIBLE_TRAVEL)

    decimals = settings.coordinate_match_decimals
    here = fix.point.rounded(decimals)
    if here in {point.rounded(decimals) for point in context.office_points}:
        reasons.append(Reason.EXACT_OFFICE_POINT)
    if here in {point.rounded(decimals) for point in context.earlier_points}:
        reasons.append(Reason.COORDINATES_REUSED)
    if here in {point.rounded(decimals) for point in context.other_people_points}:
        reasons.append(Reason.COORDINATES_SHARED_WITH_OTHER_PERSON)
    return reasons


def _travel_impossible(
    fix: LocationFix, previous: PreviousFix, settings: GeofenceSettings
) -> bool:
    """Return True when no vehicle could cover the way from `previous` to `fix` in time."""
    forgiven = (
        (fix.horizontal_accuracy_m or 0.0)
        + (previous.accuracy_m or 0.0)
        + settings.travel_allowance_m
    )
    distance = previous.point.distance_m(fix.point) - forgiven
    if distance <= 0:
        return False

    elapsed = abs(_seconds(previous.at, fix.fix_at))
    if elapsed == 0:
        return True
    speed_kmh = distance / elapsed * 3.6
    return speed_kmh > settings.max_travel_speed_kmh


def _seconds(earlier: dt.datetime, later: dt.datetime) -> float:
    """Return seconds from `earlier` to `later` (negative when `later` is before)."""
    return (later - earlier).total_seconds()


def _check_aware(name: str, value: dt.datetime | None) -> None:
    if value is None:
        return
    if not isinstance(value, dt.datetime) or value.utcoffset() is None:
        msg = f"{name} {value!r} has no time zone. Times must be timezone-aware datetimes."
        raise InvalidLocationFix(msg)
