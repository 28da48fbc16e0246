"""Review of doubtful check-ins by the camat group: the message out, and the buttons' answer.

A doubtful event goes to the camat group through the outbox as the selfie (re-sent by its
Telegram file id, so no copy leaves our disk) and a text with the reasons, a map link and
accept / reject buttons. The selfie is also kept sealed as evidence for the web admin until the
retention period ends. Only camat admins may press the buttons; the decision is taken once,
audited, recomputes the day and is told to the person.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from telegram import Message, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, ContextTypes

from attendance.enums import Verdict
from attendance.errors import AttendanceError
from attendance.ledger import Recorded
from attendance.models import EvidencePhoto, Person, Village
from attendance.sealed import photo_context
from attendance.vocabulary import EVENT_NAMES, zone_name
from bot import texts
from bot.group import is_camat_admin
from bot.services import services_of
from scheduler.outbox import PhotoMessage, TextMessage, dedupe_key, enqueue
from scheduler.review_result import tell_review_result

logger = logging.getLogger(__name__)

CALLBACK = re.compile(r"^review:(\d+):(accept|reject)$")


def map_link(lat: float, lng: float) -> str:
    """Return an OpenStreetMap link to a point."""
    return (
        f"https://www.openstreetmap.org/?mlat={lat:.6f}&mlon={lng:.6f}#map=18/{lat:.6f}/{lng:.6f}"
    )


async def send_for_review(
    context: ContextTypes.DEFAULT_TYPE,
    recorded: Recorded,
    person: Person,
    village: Village,
    photo: bytes,
    photo_file_id: str | None,
    evidence: dict[str, Any],
) -> None:
    """Keep the selfie as evidence and queue the review request to the camat group."""
    services = services_of(context)
    event = recorded.event
    retention = dt.timedelta(days=services.settings.privacy.selfie_retention_days)
    await EvidencePhoto.create(
        event=event,
        sealed=services.vault.seal(photo, photo_context(event.id)),
        expires_at=services.ledger.now() + retention,
    )

    group = services.settings.telegram.camat_chat_id
    if group is None:
        logger.warning("Event %s needs review but no camat group is configured", event.id)
        return

    when = f"{texts.clock(event.occurred_at, village.timezone)} {zone_name(village.timezone)}"
    kind = EVENT_NAMES[event.kind]
    lines = [
        f"🔎 Perlu pemeriksaan #{event.id}: {kind} {person.name} "
        f"({texts.ROLE_LABELS[person.role]}, Desa {village.name}) pukul {when}.",
        f"Skor wajah: {evidence.get('face_score')}",
    ]
    zone = evidence.get("zone") or {}
    if zone:
        lines.append(
            f"Jarak ke {zone['zone']['name']}: {zone['distance_m']} m "
            f"(akurasi {evidence.get('accuracy_m') or '-'} m)"
        )
    if evidence.get("lat") is not None:
        lines.append(f"Peta: {map_link(evidence['lat'], evidence['lng'])}")
    lines.append("Alasan: " + ", ".join(event.reasons))
    recipient = str(group)
    day = event.occurred_at.date().isoformat()

    if photo_file_id is not None:
        await enqueue(
            dedupe_key("review_photo", recipient, day, event.id),
            recipient,
            "review_photo",
            PhotoMessage(file_id=photo_file_id, caption=f"Swafoto #{event.id}"),
        )
    buttons = (
        (("✅ Terima", f"review:{event.id}:accept"), ("❌ Tolak", f"review:{event.id}:reject")),
    )
    await enqueue(
        dedupe_key("review", recipient, day, event.id),
        recipient,
        "review",
        TextMessage("\n".join(lines), buttons),
    )


async def decide(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Take a camat admin's accept or reject on a review request."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    match = CALLBACK.match(query.data)
    if match is None:
        await query.answer("Tombol tidak dikenal.")
        return
    if not await is_camat_admin(update, context):
        user = update.effective_user.id if update.effective_user else None
        logger.warning("Review button pressed by non-admin user %s; refused", user)
        await query.answer(texts.GROUP_REFUSED, show_alert=True)
        return

    event_id, choice = int(match.group(1)), match.group(2)
    verdict = Verdict.ACCEPTED if choice == "accept" else Verdict.REJECTED
    actor = f"telegram:{query.from_user.id}"
    services = services_of(context)
    try:
        await services.ledger.review(event_id, verdict, actor, "Diperiksa di grup camat")
    except AttendanceError as err:
        await query.answer(err.hint, show_alert=True)
        return

    word = "DITERIMA" if verdict is Verdict.ACCEPTED else "DITOLAK"
    await tell_review_result(event_id, verdict)
    await query.answer(f"Absen #{event_id} {word.lower()}.")
    if isinstance(query.message, Message) and query.message.text:
        try:
            await query.edit_message_text(f"{query.message.text}\n\n➡️ {word}")
        except BadRequest:
            logger.info("Review message of event %s could not be edited", event_id)
    logger.info("Event %s reviewed: %s", event_id, verdict.value)


def review_handler() -> CallbackQueryHandler[Any, Any]:
    """Return the handler of the review buttons."""
    return CallbackQueryHandler(decide, pattern=CALLBACK)
