"""The review queue: doubtful check-ins with their selfie, map and reasons, accepted or rejected.

Each decision goes through :meth:`attendance.ledger.Ledger.review` (once, audited, the day
recomputed) and is told to the person through the outbox. The selfie is opened from the vault
only to answer the page's image request, sent with ``Cache-Control: no-store``, and deleted by
the retention job like any evidence photo.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiohttp import web

from admin_web import forms
from admin_web.access import Capability, Principal, ensure_village, require, scoped
from admin_web.keys import ADMIN_SETTINGS_KEY
from admin_web.render import flash, page, redirect
from attendance.enums import Verdict, ZoneKind
from attendance.errors import AttendanceError
from attendance.models import AttendanceEvent, EvidencePhoto, Zone
from attendance.sealed import photo_context
from scheduler.review_result import tell_review_result
from service.web import LEDGER_KEY, VAULT_KEY

QUEUE_LIMIT = 100
RECENT_LIMIT = 20


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One doubtful event as the queue shows it."""

    event: AttendanceEvent
    has_photo: bool
    map_data: dict[str, Any] | None

    @property
    def evidence(self) -> dict[str, Any]:
        """Return the event's stored evidence."""
        return self.event.evidence

    @property
    def zone_text(self) -> str | None:
        """Return where the location lay against the zone it was judged by, in words."""
        zone = self.evidence.get("zone")
        if not isinstance(zone, dict) or not isinstance(zone.get("zone"), dict):
            return None
        name = str(zone["zone"].get("name") or "area")
        decision = zone.get("decision")
        if decision == "inside":
            return f"di dalam {name}"
        distance = zone.get("distance_m")
        where = "di tepi" if decision == "uncertain" else "di luar"
        return f"{where} {name}" + (f", {distance} m dari batasnya" if distance else "")


async def event_of(request: web.Request, me: Principal) -> AttendanceEvent:
    """Return the event named in the path, if `me` may see its village."""
    event_id = forms.path_id(request, "event_id", "Absen")
    event = await AttendanceEvent.get_or_none(id=event_id).prefetch_related("person", "village")
    if event is None:
        raise web.HTTPNotFound(text=f"Absen nomor {event_id} tidak ada.")
    ensure_village(me, event.village_id)
    return event


async def review_items(events: list[AttendanceEvent]) -> list[ReviewItem]:
    """Attach to each event whether it has a selfie and what its map shows."""
    with_photo = set(
        await EvidencePhoto.filter(event_id__in=[event.id for event in events]).values_list(
            "event_id", flat=True
        )
    )
    offices = {
        zone.village_id: zone
        for zone in await Zone.filter(
            kind=ZoneKind.OFFICE,
            active=True,
            village_id__in=[event.village_id for event in events if event.village_id],
        ).order_by("-id")
    }
    return [
        ReviewItem(
            event,
            event.id in with_photo,
            _map_data(event, offices.get(event.village_id) if event.village_id else None),
        )
        for event in events
    ]


def _map_data(event: AttendanceEvent, office: Zone | None) -> dict[str, Any] | None:
    lat, lng = event.evidence.get("lat"), event.evidence.get("lng")
    if not isinstance(lat, int | float) or not isinstance(lng, int | float):
        return None
    data: dict[str, Any] = {"lat": lat, "lng": lng, "accuracy": event.evidence.get("accuracy_m")}
    if office is not None and office.lat is not None and office.lng is not None:
        data["office"] = {"lat": office.lat, "lng": office.lng, "radius": office.radius_m}
    return data


async def review_queue(request: web.Request) -> web.Response:
    """Show the events waiting for a decision, oldest first, and the latest decisions."""
    me = require(request, Capability.SEE_REVIEW)
    waiting = await (
        scoped(AttendanceEvent.filter(verdict=Verdict.REVIEW, reviewed_verdict=None), me)
        .prefetch_related("person", "village")
        .order_by("occurred_at")
        .limit(QUEUE_LIMIT)
    )
    decided = await (
        scoped(
            AttendanceEvent.filter(verdict=Verdict.REVIEW, reviewed_verdict__not_isnull=True), me
        )
        .prefetch_related("person", "village")
        .order_by("-reviewed_at")
        .limit(RECENT_LIMIT)
    )
    settings = request.config_dict[ADMIN_SETTINGS_KEY]
    ledger = request.config_dict[LEDGER_KEY]
    return await page(
        request,
        "review.html",
        {
            "items": await review_items(waiting),
            "decided": decided,
            "tiles": {"tiles": settings.tile_url, "attribution": settings.tile_attribution},
            "timezone": ledger.district.timezone,
        },
    )


async def review_decide(request: web.Request) -> web.Response:
    """Accept or reject one doubtful event."""
    me = require(request, Capability.DECIDE_REVIEW)
    event = await event_of(request, me)
    form = await request.post()
    choice = forms.text(form, "decision", max_length=10)
    if choice not in ("terima", "tolak"):
        msg = f"Keputusan {forms.shown(choice)} tidak dikenal: pilih terima atau tolak."
        raise forms.bad_request(msg)
    verdict = Verdict.ACCEPTED if choice == "terima" else Verdict.REJECTED
    reason = forms.text(form, "reason", required=False, max_length=300)
    try:
        await request.config_dict[LEDGER_KEY].review(event.id, verdict, me.actor, reason)
    except AttendanceError as err:
        flash(request, f"Keputusan tidak disimpan: {err.hint}", "error")
    else:
        await tell_review_result(event.id, verdict)
        name = event.person.name if event.person is not None else f"#{event.id}"
        flash(request, f"Absen {name} {'diterima' if choice == 'terima' else 'ditolak'}.")
    redirect(request, "review")


async def review_photo(request: web.Request) -> web.Response:
    """Send the sealed selfie of an event, opened from the vault."""
    me = require(request, Capability.SEE_REVIEW)
    event = await event_of(request, me)
    photo = await EvidencePhoto.filter(event_id=event.id).order_by("id").first()
    if photo is None:
        raise web.HTTPNotFound(text="Swafoto tidak ada atau sudah dihapus (masa simpan habis).")
    data = request.config_dict[VAULT_KEY].open(photo.sealed, photo_context(event.id))
    return web.Response(body=data, content_type=photo.content_type)


def add_routes(router: web.UrlDispatcher) -> None:
    """Add the review routes."""
    router.add_get("/pemeriksaan", review_queue, name="review")
    router.add_post("/pemeriksaan/{event_id:\\d+}", review_decide, name="review_decide")
    router.add_get("/pemeriksaan/{event_id:\\d+}/foto", review_photo, name="review_photo")
