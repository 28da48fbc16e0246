"""The judgement of one chat check-in: face, zone and location trust combined into a verdict.

Rules: any part that rejects makes the event rejected; otherwise any part that doubts (face
below the accept threshold, location uncertain at the zone's edge, a trust signal) sends it to
review by the camat; only when all three agree is it accepted. A location outside every office
zone is accepted only against an approved official trip (dinas luar) whose destination contains
it, and is then marked as such.
"""

from __future__ import annotations

from dataclasses import dataclass

from attendance.enums import Verdict
from geofence.decision import ZoneDecision, ZoneResult
from geofence.trip import TripResult
from geofence.trust import TrustResult, TrustVerdict
from recognition.matcher import Decision
from recognition.verifier import Verification


@dataclass(frozen=True, slots=True)
class Judgement:
    """The verdict with the reasons of every part that had something to say."""

    verdict: Verdict
    reasons: tuple[str, ...]
    official_trip: bool


FACE_VERDICT = {
    Decision.ACCEPT: Verdict.ACCEPTED,
    Decision.REVIEW: Verdict.REVIEW,
    Decision.REJECT: Verdict.REJECTED,
}
TRUST_VERDICT = {
    TrustVerdict.ACCEPT: Verdict.ACCEPTED,
    TrustVerdict.REVIEW: Verdict.REVIEW,
    TrustVerdict.REJECT: Verdict.REJECTED,
}
SEVERITY = {Verdict.ACCEPTED: 0, Verdict.REVIEW: 1, Verdict.REJECTED: 2}


def judge(
    face: Verification, zone: ZoneResult, trust: TrustResult, trip: TripResult | None
) -> Judgement:
    """Combine the three checks into one verdict."""
    reasons: list[str] = [f"face_{reason.value}" for reason in face.reasons]
    verdicts = [FACE_VERDICT[face.decision], TRUST_VERDICT[trust.verdict]]
    reasons += [f"location_{reason.value}" for reason in trust.reasons]
    official_trip = False

    if zone.decision is ZoneDecision.INSIDE:
        verdicts.append(Verdict.ACCEPTED)
    elif trip is not None and trip.allowed:
        verdicts.append(Verdict.ACCEPTED)
        official_trip = True
        reasons.append("official_trip")
    elif zone.decision is ZoneDecision.UNCERTAIN:
        verdicts.append(Verdict.REVIEW)
        reasons += [f"zone_{reason.value}" for reason in zone.reasons]
    else:
        verdicts.append(Verdict.REJECTED)
        reasons.append("zone_outside_zone")

    verdict = max(verdicts, key=SEVERITY.__getitem__)
    return Judgement(verdict, tuple(dict.fromkeys(reasons)), official_trip)
